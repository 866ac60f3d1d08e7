package dev.cvt.runtime.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.Log;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.model.ClassifierSpec;
import dev.cvt.runtime.model.Engines;
import dev.cvt.runtime.model.MultiViewClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * {@code device-check}: the configured model with the same weights on the CPU and on {@code DEVICE}
 * (a GPU): its inference logits, then a few training steps on the same batches ({@link TrainStep}, the
 * configured optimizer and clipping; float16 on the GPU with {@code AMP.ENABLED}), side by side. Dropout
 * and drop path are off, so nothing random differs between the devices. Fails when the float32 logits
 * differ by more than {@value #LOGITS_LIMIT} relative to their largest magnitude.
 */
public final class DeviceCheck {
    static final double LOGITS_LIMIT = 1e-4;

    /** What was compared: the logits' largest relative difference, and each step's loss on either device. */
    public record Outcome(Device device, double logitsDifference, float[] cpuLosses, float[] deviceLosses, boolean halfPrecision) {
        double largestLossDifference() {
            double most = 0;
            for (int i = 0; i < cpuLosses.length; i++) {
                most = Math.max(most, Math.abs(cpuLosses[i] - deviceLosses[i]) / Math.max(1e-12, Math.abs(cpuLosses[i])));
            }
            return most;
        }
    }

    private DeviceCheck() {
    }

    public static void run(ExperimentConfig config, int steps, Log log) {
        Engine engine = Engines.pytorch(config.integer("THREADS"));
        Outcome outcome = compare(config, Device.cpu(), Engines.device(engine, config), steps, engine);
        log.info(table(outcome, engine));
        if (!(outcome.logitsDifference() <= LOGITS_LIMIT)) {
            throw new CvtException(String.format(Locale.ROOT, "device-check: the logits on %s differ from the CPU's by %.3g "
                    + "(relative), more than %.0e", outcome.device(), outcome.logitsDifference(), LOGITS_LIMIT));
        }
    }

    /** Runs the comparison between {@code reference} and {@code device} (both may be the CPU, in tests). */
    public static Outcome compare(ExperimentConfig config, Device reference, Device device, int steps, Engine engine) {
        ClassifierSpec spec = ClassifierSpec.from(config).withoutDropout();
        List<Object> size = config.list("TRAIN.IMAGE_SIZE");
        int width = (Integer) size.get(0);
        int height = (Integer) size.get(1);
        int batch = config.integer("TRAIN.BATCH_SIZE_PER_GPU");
        boolean half = TrainStep.halfPrecision(config, device);
        engine.setRandomSeed(config.integer("SEED"));
        try (Model a = Model.newInstance("reference", reference); Model b = Model.newInstance("device", device)) {
            MultiViewClassifier left = model(a, spec, batch, height, width);
            MultiViewClassifier right = model(b, spec, batch, height, width);
            copyWeights(left, right);
            Random random = new Random(config.integer("SEED"));
            List<float[]> inputs = new ArrayList<>();
            List<int[]> labels = new ArrayList<>();
            for (int i = 0; i <= steps; i++) {
                float[] x = new float[(int) left.inputShape(batch, height, width).size()];
                for (int j = 0; j < x.length; j++) {
                    x[j] = (float) random.nextGaussian();
                }
                inputs.add(x);
                labels.add(random.ints(batch, 0, spec.numClasses()).toArray());
            }
            float[] logitsA = logits(a, left, inputs.get(0), batch, height, width);
            float[] logitsB = logits(b, right, inputs.get(0), batch, height, width);
            double largest = 0;
            double difference = 0;
            for (int i = 0; i < logitsA.length; i++) {
                largest = Math.max(largest, Math.abs(logitsA[i]));
                difference = Math.max(difference, Math.abs(logitsA[i] - logitsB[i]));
            }
            float[] lossesA = train(config, a, left, inputs, labels, batch, height, width);
            float[] lossesB = train(config, b, right, inputs, labels, batch, height, width);
            return new Outcome(device, difference / largest, lossesA, lossesB, half);
        }
    }

    private static MultiViewClassifier model(Model model, ClassifierSpec spec, int batch, int height, int width) {
        MultiViewClassifier block = new MultiViewClassifier(spec);
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, block.inputShape(batch, height, width));
        return block;
    }

    private static void copyWeights(MultiViewClassifier from, MultiViewClassifier to) {
        var target = to.getParameters();
        for (Pair<String, Parameter> p : from.getParameters()) {
            NDArray source = p.getValue().getArray();
            try (NDArray w = target.get(p.getKey()).getArray().stopGradient(); NDArray moved = source.toDevice(w.getDevice(), true)) {
                w.subi(w).addi(moved);
            }
        }
    }

    private static NDArray batchOf(NDManager manager, MultiViewClassifier block, float[] x, int batch, int height, int width) {
        return manager.create(x, block.inputShape(batch, height, width));
    }

    private static float[] logits(Model model, MultiViewClassifier block, float[] x, int batch, int height, int width) {
        try (NDManager scope = model.getNDManager().newSubManager()) {
            return block.forward(new ParameterStore(scope, false), new NDList(batchOf(scope, block, x, batch, height, width)), false)
                    .head().toFloatArray();
        }
    }

    private static float[] train(ExperimentConfig config, Model model, MultiViewClassifier block, List<float[]> inputs, List<int[]> labels,
                                 int batch, int height, int width) {
        HostReads reads = new HostReads();
TrainStep step = TrainStep.of(config, block, model.getNDManager().getDevice(), reads);
        float[] losses = new float[inputs.size() - 1];
        try (NDManager scope = model.getNDManager().newSubManager(); DeviceTally tally = new DeviceTally(scope)) {
            for (int i = 0; i < losses.length; i++) {
                try (NDManager stepScope = scope.newSubManager()) {
                    NDArray x = batchOf(stepScope, block, inputs.get(i + 1), batch, height, width);
                    NDArray targets = stepScope.create(labels.get(i + 1)).oneHot(block.spec().numClasses());
                    step.run(stepScope, x, targets, tally);
                    losses[i] = (float) tally.read(reads).lastLoss();
                }
            }
        }
        return losses;
    }

    static String table(Outcome o, Engine engine) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "device-check: cpu against %s, %s %s; %s on %s%n",
                o.device(), engine.getEngineName(), engine.getVersion(), o.halfPrecision() ? "float16 training" : "float32", o.device()));
        out.append(String.format(Locale.ROOT, "%-26s %14s %14s %12s%n", "check", "cpu", o.device(), "rel. diff"));
        out.append(String.format(Locale.ROOT, "%-26s %14s %14s %12.3g  (limit %.0e)%n", "inference logits", "", "",
                o.logitsDifference(), LOGITS_LIMIT));
        for (int i = 0; i < o.cpuLosses().length; i++) {
            out.append(String.format(Locale.ROOT, "%-26s %14.6f %14.6f %12.3g%n", "training loss, step " + (i + 1),
                    o.cpuLosses()[i], o.deviceLosses()[i],
                    Math.abs(o.cpuLosses()[i] - o.deviceLosses()[i]) / Math.max(1e-12, Math.abs(o.cpuLosses()[i]))));
        }
        return out.toString().stripTrailing();
    }
}
