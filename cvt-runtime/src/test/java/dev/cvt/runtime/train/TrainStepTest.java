package dev.cvt.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.cvt.runtime.config.ConfigLoader;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.model.ClassifierSpec;
import dev.cvt.runtime.model.Engines;
import dev.cvt.runtime.model.MultiViewClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training step on the CPU, passed explicitly as the device: host reads per step, mixed precision, overflow. */
class TrainStepTest {
    private static final int BATCH = 4;
    private static final int STEPS = 4;

    @TempDir
    Path dir;

    private ExperimentConfig config() throws IOException {
        return ConfigLoader.load(TinyExperiment.write(dir), List.of("TRAIN.CLIP_GRAD_NORM", "1.0", "TRAIN.LR", "0.001"));
    }

    /** What a few steps did: each step's loss, the reads they made, whether each update was applied, the trained weights. */
    private record Steps(List<Float> losses, long readsDuringSteps, List<Boolean> applied, List<float[]> weights) {
    }

    private Steps train(ExperimentConfig config, LossScaler scaler) {
        Engine engine = Engines.pytorch(1);
        engine.setRandomSeed(5);
        ClassifierSpec spec = ClassifierSpec.from(config).withoutDropout();
        try (Model model = Model.newInstance("step", Device.cpu())) {
            MultiViewClassifier block = new MultiViewClassifier(spec);
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, block.inputShape(BATCH, 20, 24));
            HostReads reads = new HostReads();
            TrainStep step = new TrainStep(block, Optimizers.of(config, block, (float) config.number("TRAIN.LR")), 1.0,
                    new ModelEma(block.getParameters(), 0.9f, model.getNDManager()), null, scaler, reads);
            Random random = new Random(7);
            List<Float> losses = new ArrayList<>();
            List<Boolean> applied = new ArrayList<>();
            long during = 0;
            try (NDManager epoch = model.getNDManager().newSubManager(); DeviceTally tally = new DeviceTally(epoch)) {
                for (int i = 0; i < STEPS; i++) {
                    try (NDManager scope = epoch.newSubManager()) {
                        float[] x = new float[(int) block.inputShape(BATCH, 20, 24).size()];
                        for (int j = 0; j < x.length; j++) {
                            x[j] = (float) random.nextGaussian();
                        }
                        NDArray input = scope.create(x, block.inputShape(BATCH, 20, 24));
                        assertEquals(Device.cpu(), input.getDevice());
                        NDArray targets = scope.create(new int[] {0, 1, 1, 0}).oneHot(2);
                        long before = reads.count();
                        applied.add(step.run(scope, input, targets, tally));
                        during += reads.count() - before;
                        losses.add((float) tally.read(reads).lastLoss());
                    }
                }
            }
            step.restoreFloat32();
            List<float[]> weights = new ArrayList<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                assertEquals(DataType.FLOAT32, p.getValue().getArray().getDataType(), p.getKey() + " is float32 again");
                if (p.getValue().requiresGradient()) {
                    weights.add(p.getValue().getArray().toFloatArray());
                }
            }
            return new Steps(losses, during, applied, weights);
        }
    }

    @Test
    void float32StepsReadNothingBackAndTrain() throws IOException {
        Steps steps = train(config(), null);
        assertEquals(0, steps.readsDuringSteps(), "clipping, the optimizer, the EMA and the tally stay on the device");
        assertTrue(steps.losses().stream().allMatch(Float::isFinite), steps.losses().toString());
        assertEquals(List.of(true, true, true, true), steps.applied());
        assertEquals(steps.losses(), train(config(), null).losses(), "the same seed, the same steps");
    }

    @Test
    void float16StepsReadOneFlagEachAndFollowFloat32() throws IOException {
        Steps half = train(config(), new LossScaler());
        Steps full = train(config(), null);
        assertEquals(STEPS, half.readsDuringSteps(), "one read per step: whether the gradients are finite");
        assertEquals(List.of(true, true, true, true), half.applied());
        for (int i = 0; i < STEPS; i++) {
            assertEquals(full.losses().get(i), half.losses().get(i), 2e-2 * Math.abs(full.losses().get(i)),
                    "step " + i + ": " + half.losses() + " against " + full.losses());
        }
    }

    @Test
    void anOverflowSkipsTheUpdateAndHalvesTheScale() throws IOException {
        // a scale this large overflows float16 in the backward pass: every step's gradients are inf
        LossScaler scaler = new LossScaler(new LossScaler.State(1e30f, 0));
        Steps skipped = train(config(), scaler);
        assertEquals(List.of(false, false, false, false), skipped.applied());
        assertEquals(4, scaler.skipped());
        assertEquals(1e30f / 16, scaler.scale(), 1e30f / 16 * 1e-6f);
        // nothing was updated: the weights are the initial ones, as with a learning rate of 0
        Steps untouched = train(ConfigLoader.load(dir.resolve("tiny.yaml"), List.of("TRAIN.LR", "0", "TRAIN.WD", "0")), null);
        for (int i = 0; i < skipped.weights().size(); i++) {
            assertArrayEquals(untouched.weights().get(i), skipped.weights().get(i), 0f, "parameter " + i);
        }
    }

    @Test
    void theStepsClassesReadArraysOnlyThroughHostReads() throws IOException {
        Pattern read = Pattern.compile("\\.(toFloatArray|toDoubleArray|toIntArray|toLongArray|toByteArray|getFloat|getDouble|getLong|getInt"
                + "|toByteBuffer)\\(|(?<!\\))\\.toArray\\(");
        for (String file : List.of("TrainStep", "DeviceTally", "GradientClipping", "Mixup", "SoftTargetLoss", "ModelEma",
                "MomentumSgd", "LossScaler")) {
            String source = Files.readString(Path.of("src/main/java/dev/cvt/runtime/train", file + ".java"));
            assertFalse(read.matcher(source).find(), file + " reads an array back without HostReads");
        }
    }
}
