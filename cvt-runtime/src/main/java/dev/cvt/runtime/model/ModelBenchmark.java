package dev.cvt.runtime.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.Log;
import dev.cvt.runtime.config.ExperimentConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench}: training and inference throughput of the configured model on random data
 * ({@code MODEL.SPEC}, {@code DATASET.NUM_DIMS} views of {@code TRAIN.IMAGE_SIZE}, batch
 * {@code TRAIN.BATCH_SIZE_PER_GPU}, AdamW), and the process's peak resident memory.
 */
public final class ModelBenchmark {
    private ModelBenchmark() {
    }

    public static void run(ExperimentConfig config, int steps, Log log) {
        Engine engine = Engines.pytorch(config.integer("THREADS"));
        Device device = Engines.device(engine, config);
        CvtSpec spec = CvtSpec.from(config);
        List<Object> size = config.list("TRAIN.IMAGE_SIZE");
        int width = (Integer) size.get(0);
        int height = (Integer) size.get(1);
        int batch = config.integer("TRAIN.BATCH_SIZE_PER_GPU");
        MultiViewCvt block = new MultiViewCvt(spec);
        Shape input = block.inputShape(batch, height, width);
        try (Model model = Model.newInstance("bench", device)) {
            model.setBlock(block);
            double trainRate;
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adamW().optLearningRateTracker(Tracker.fixed((float) config.number("TRAIN.LR")))
                            .optWeightDecays((float) config.number("TRAIN.WD")).build())
                    .optDevices(new Device[] {device}))) {
                trainer.initialize(input);
                log.info(ModelSummary.of(block, height, width).stripTrailing());
                trainRate = timed(steps, batch, () -> {
                    try (NDManager step = trainer.getManager().newSubManager();
                         GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray x = step.randomNormal(0, 1, input, DataType.FLOAT32);
                        NDArray y = step.randomInteger(0, spec.numClasses(), new Shape(batch), DataType.INT32).toType(DataType.FLOAT32, false);
                        NDArray loss = trainer.getLoss().evaluate(new NDList(y), trainer.forward(new NDList(x)));
                        Gradients.zero(block.getParameters().values());
                        collector.backward(loss);
                        trainer.step();
                    }
                });
            }
            double inferRate = timed(steps, batch, () -> {
                try (NDManager step = model.getNDManager().newSubManager()) {
                    NDArray x = step.randomNormal(0, 1, input, DataType.FLOAT32);
                    block.forward(new ParameterStore(step, false), new NDList(x), false).head().toFloatArray();
                }
            });
            log.info(String.format(Locale.ROOT, "%-8s %6s %11s %6s %14s %16s %13s%n%-8s %6d %11s %6d %14.2f %16.2f %13d",
                    "device", "views", "image", "batch", "train samp/s", "infer samp/s", "peak RSS MiB",
                    device, spec.views(), width + "x" + height, batch, trainRate, inferRate, peakResidentMiB()));
        }
    }

    /** Samples per second over {@code steps} runs after two warm-up runs. */
    private static double timed(int steps, int batch, Runnable step) {
        step.run();
        step.run();
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            step.run();
        }
        return steps * (double) batch / ((System.nanoTime() - start) / 1e9);
    }

    private static long peakResidentMiB() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024).findFirst().orElse(-1);
        } catch (IOException e) {
            throw new CvtException("cannot read /proc/self/status (" + e.getMessage() + ")");
        }
    }
}
