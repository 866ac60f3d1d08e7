package dev.cvt.runtime.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.cuda.CudaUtils;
import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.Log;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.model.ClassifierSpec;
import dev.cvt.runtime.model.Engines;
import dev.cvt.runtime.model.ModelSummary;
import dev.cvt.runtime.model.MultiViewClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench}: training and inference throughput of the configured model on random data
 * ({@code MODEL.SPEC}, {@code DATASET.NUM_DIMS} views of {@code TRAIN.IMAGE_SIZE}, batch
 * {@code TRAIN.BATCH_SIZE_PER_GPU}), with the step training takes ({@link TrainStep}: the configured
 * optimizer, clipping, mixed precision with {@code AMP.ENABLED} on a GPU, where inference runs in
 * float16 too), and the process's peak resident memory; for a backbone with an inference form of its
 * own ({@link dev.cvt.runtime.model.Backbone#inferenceForm}: UniRepLKNet folded), that form's inference
 * throughput too, the one {@code test} gets. Each timing ends with a read of a result, so queued GPU work
 * is counted.
 */
public final class ModelBenchmark {
    private ModelBenchmark() {
    }

    public static void run(ExperimentConfig config, int steps, Log log) {
        Engine engine = Engines.pytorch(config.integer("THREADS"));
        Device device = Engines.device(engine, config);
        ClassifierSpec spec = ClassifierSpec.from(config);
        List<Object> size = config.list("TRAIN.IMAGE_SIZE");
        int width = (Integer) size.get(0);
        int height = (Integer) size.get(1);
        int batch = config.integer("TRAIN.BATCH_SIZE_PER_GPU");
        boolean half = TrainStep.halfPrecision(config, device);
        MultiViewClassifier block = new MultiViewClassifier(spec);
        Shape input = block.inputShape(batch, height, width);
        HostReads reads = new HostReads();
        try (Model model = Model.newInstance("bench", device)) {
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, input);
            log.info(ModelSummary.of(block, height, width).stripTrailing());
            TrainStep step = TrainStep.of(config, block, device, reads);
            double trainRate;
            String gpuMemory;
            try (NDManager scope = model.getNDManager().newSubManager(); DeviceTally tally = new DeviceTally(scope)) {
                trainRate = timed(steps, batch, () -> {
                    try (NDManager stepScope = scope.newSubManager()) {
                        NDArray x = stepScope.randomNormal(0, 1, input, DataType.FLOAT32);
                        NDArray labels = stepScope.randomInteger(0, spec.numClasses(), new Shape(batch), DataType.INT32);
                        step.run(stepScope, x, labels.oneHot(spec.numClasses()), tally);
                    }
                }, () -> tally.read(reads));
                gpuMemory = gpuMemoryMiB(device);
            }
            double inferRate = inferenceRate(model.getNDManager(), block, input, half, reads, steps);
            log.info(String.format(Locale.ROOT, "%-8s %9s %6s %11s %6s %14s %16s %13s %9s%n%-8s %9s %6d %11s %6d %14.2f %16.2f %13d %9s",
                    "device", "precision", "views", "image", "batch", "train samp/s", "infer samp/s", "peak RSS MiB", "GPU MiB",
                    device, half ? "float16" : "float32", spec.views(), width + "x" + height, batch, trainRate, inferRate,
                    peakResidentMiB(), gpuMemory));
            MultiViewClassifier inference = block.inferenceForm(model.getNDManager());
            if (inference != block) {
                // test evaluates this form: bench it too, on a line of its own (the table above stays as it is)
                log.info(String.format(Locale.ROOT, "inference form (%s): %,d parameters, %.2f infer samp/s",
                        inference.backbone().caption(), ModelSummary.trainable(inference),
                        inferenceRate(model.getNDManager(), inference, input, half, reads, steps)));
            }
        }
    }

    /** Eval-mode samples per second of {@code block} on random input. */
    private static double inferenceRate(NDManager manager, MultiViewClassifier block, Shape input, boolean half, HostReads reads,
                                        int steps) {
        return timed(steps, (int) input.get(0), () -> {
            try (NDManager stepScope = manager.newSubManager()) {
                NDArray x = stepScope.randomNormal(0, 1, input, DataType.FLOAT32);
                // mixed precision: the model still holds the float16 weights training left it with
                NDArray in = half ? x.toType(HalfPrecisionWeights.HALF, false) : x;
                reads.floats(block.forward(new ParameterStore(stepScope, false), new NDList(in), false).head());
            }
        }, () -> { });
    }

    /** Samples per second over {@code steps} runs after two warm-up runs, each timing closed by {@code sync}. */
    private static double timed(int steps, int batch, Runnable step, Runnable sync) {
        step.run();
        step.run();
        sync.run();
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            step.run();
        }
        sync.run();
        return steps * (double) batch / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * The GPU's memory in use after training (CUDA's {@code cudaMemGetInfo}: what PyTorch's caching
     * allocator holds, which keeps its peak, plus the context); "-" on the CPU or when CUDA cannot be asked.
     */
    private static String gpuMemoryMiB(Device device) {
        if (!device.isGpu()) {
            return "-";
        }
        try {
            return String.valueOf(CudaUtils.getGpuMemory(device).getUsed() / (1024 * 1024));
        } catch (RuntimeException | LinkageError e) {
            return "-";
        }
    }

    private static long peakResidentMiB() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024).findFirst().orElse(-1);
        } catch (IOException e) {
            throw new CvtException("cannot read /proc/self/status (" + e.getMessage() + ")", e);
        }
    }
}
