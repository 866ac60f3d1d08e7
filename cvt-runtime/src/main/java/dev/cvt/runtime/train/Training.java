package dev.cvt.runtime.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import dev.cvt.runtime.AtomicFiles;
import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.Json;
import dev.cvt.runtime.Log;
import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.data.BatchLoader;
import dev.cvt.runtime.eval.ClassificationMetrics;
import dev.cvt.runtime.eval.Evaluator;
import dev.cvt.runtime.model.CvtSpec;
import dev.cvt.runtime.model.Engines;
import dev.cvt.runtime.model.Gradients;
import dev.cvt.runtime.model.ModelFiles;
import dev.cvt.runtime.model.ModelSummary;
import dev.cvt.runtime.model.MultiViewCvt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code train}: the original's training loop (tools/train.py, core/function.py) for the multi-view
 * CvT. Per epoch: the schedule's learning rate, shuffled (or class-balanced) batches, Mixup/CutMix,
 * soft-target cross-entropy, gradient clipping, the optimizer step and the EMA update; a progress
 * line every {@code PRINT_FREQ} iterations; validation on the test split (and of the EMA weights);
 * then metrics.jsonl, TensorBoard scalars, {@code model_best} and an atomic checkpoint. A run
 * restarted with {@code TRAIN.AUTO_RESUME} continues from the last complete epoch.
 */
public final class Training {
    private final ExperimentConfig config;
    private final Log log;
    private final RunDirectory run;
    private final long seed;
    private final RunStatus status;

    private Training(ExperimentConfig config, RunDirectory run, Log log, RunStatus status) {
        this.config = config;
        this.run = run;
        this.log = log;
        this.seed = config.integer("SEED");
        this.status = status;
    }

    public static void run(ExperimentConfig config, Path workDir, Log console) {
        RunDirectory run = RunDirectory.of(config, workDir);
        Log log = run.teeLog("train", console);
        log.info("=> run folder " + run.dir());
        AtomicFiles.writeString(run.config(), config.toYaml());
        boolean resuming = config.bool("TRAIN.AUTO_RESUME") && Files.exists(run.checkpoint());
        RunStatus status = RunStatus.start(run, config, resuming);
        try {
            new Training(config, run, log, status).train(workDir);
            status.finished();
        } catch (RuntimeException e) {
            status.failed(e instanceof CvtException ? e.getMessage() : e.toString());
            throw e;
        }
    }

    private void train(Path workDir) {
        int epochs = config.integer("TRAIN.END_EPOCH");
        int batchSize = config.integer("TRAIN.BATCH_SIZE_PER_GPU");
        if (batchSize < 1 || config.integer("TEST.BATCH_SIZE_PER_GPU") < 1) {
            throw new ConfigException(config.origin("TRAIN.BATCH_SIZE_PER_GPU") + ": batch sizes must be at least 1");
        }
        LrSchedule schedule = LrSchedule.of(config);
        Engine engine = Engines.pytorch(config.integer("THREADS"));
        Device device = Engines.device(engine, config);
        status.engine(engine, device);
        reportIgnoredSettings(device);
        try (Splits data = Splits.open(config, workDir.toAbsolutePath(), batchSize, log)) {
            CvtSpec spec = CvtSpec.from(config);
            if (spec.numClasses() < data.classes().size()) {
                throw new ConfigException(config.origin("MODEL.NUM_CLASSES") + ": MODEL.NUM_CLASSES is " + spec.numClasses()
                        + " but the training split has " + data.classes().size() + " classes " + data.classes());
            }
            if (spec.numClasses() > data.classes().size()) {
                // the original trained such experiments (cvt-ag-dim6.yaml keeps the default 1000) and so do we
                log.warn(config.origin("MODEL.NUM_CLASSES") + ": MODEL.NUM_CLASSES is " + spec.numClasses() + " but the data has "
                        + data.classes().size() + " classes: the head keeps " + spec.numClasses() + " outputs, as the "
                        + "original's did; set MODEL.NUM_CLASSES " + data.classes().size() + " for a model of the data's size");
            }
            if (data.train().size() < batchSize) {
                throw new ConfigException(config.origin("TRAIN.BATCH_SIZE_PER_GPU") + ": TRAIN.BATCH_SIZE_PER_GPU " + batchSize
                        + " is more than the " + data.train().size() + " training samples (the last partial batch is dropped)");
            }
            engine.setRandomSeed((int) seed);
            try (Model model = Model.newInstance(config.string("NAME"), device)) {
                MultiViewCvt block = new MultiViewCvt(spec);
                model.setBlock(block);
                int height = data.trainLoader().transforms().height();
                int width = data.trainLoader().transforms().width();
                block.initialize(model.getNDManager(), DataType.FLOAT32, block.inputShape(batchSize, height, width));
                String summary = ModelSummary.of(block, height, width);
                AtomicFiles.writeString(run.dir().resolve("model.txt"), summary);
                log.info(summary.stripTrailing());
                ScheduledOptimizer optimizer = Optimizers.of(config, block, (float) schedule.lr(0));
                double emaDecay = config.number("TRAIN.EMA_DECAY");
                try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                        .optOptimizer(optimizer).optDevices(new Device[] {device}));
                     ModelEma ema = emaDecay > 0 ? new ModelEma(block.getParameters(), (float) emaDecay, model.getNDManager()) : null) {
                    new Loop(engine, model, block, trainer, optimizer, ema, schedule, data).run(epochs);
                }
            }
        }
    }

    private void reportIgnoredSettings(Device device) {
        if (config.bool("AMP.ENABLED")) {
            log.info("=> AMP.ENABLED is ignored: DJL has no automatic mixed precision; training runs in float32 on "
                    + (device.isGpu() ? "the GPU" : "the CPU"));
        }
        if (config.list("GPUS").size() > 1) {
            log.info("=> GPUS lists " + config.list("GPUS").size() + " devices; this runtime trains on one: " + device);
        }
        log.info("=> device " + device + ", " + Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
    }

    /** The state of one training run across its epochs. */
    private final class Loop {
        private final Engine engine;
        private final Model model;
        private final MultiViewCvt block;
        private final Trainer trainer;
        private final ScheduledOptimizer optimizer;
        private final ModelEma ema;
        private final LrSchedule schedule;
        private final Splits data;
        /** The model's outputs: MODEL.NUM_CLASSES, at least the data's classes. */
        private final int outputs;
        private final double clipNorm;
        private final NDArray classWeights;
        private final boolean balancedSampler;
        private final List<String> metricsLines = new ArrayList<>();
        private double bestTop1 = -1;

        Loop(Engine engine, Model model, MultiViewCvt block, Trainer trainer, ScheduledOptimizer optimizer, ModelEma ema,
             LrSchedule schedule, Splits data) {
            this.engine = engine;
            this.model = model;
            this.block = block;
            this.trainer = trainer;
            this.optimizer = optimizer;
            this.ema = ema;
            this.schedule = schedule;
            this.data = data;
            this.outputs = block.spec().numClasses();
            this.clipNorm = config.number("TRAIN.CLIP_GRAD_NORM");
            this.classWeights = ClassBalance.weightedLoss(config)
                    ? model.getNDManager().create(ClassBalance.weights(data.trainLabels(), outputs)) : null;
            // read once, before the first epoch: a bad DATASET.SAMPLER fails at once
            this.balancedSampler = ClassBalance.balancedSampler(config);
        }

        void run(int epochs) {
            int begin = resume();
            if (begin >= epochs && begin > 0) {
                log.info("=> all " + epochs + " epochs were already done (checkpoint " + run.checkpoint() + ")");
            }
            try (TensorBoardWriter board = TensorBoardWriter.open(run.dir())) {
                for (int epoch = begin; epoch < epochs; epoch++) {
                    epoch(epoch, board);
                }
            }
            ModelFiles.save(model, data.modelInfo(block.spec()), run.dir(), "final");
            log.info("=> finish training; final weights " + run.dir().resolve("final-0000.params"));
        }

        /** Loads the checkpoint when resuming; the number of epochs already done. */
        private int resume() {
            String explicit = config.string("TRAIN.CHECKPOINT");
            Path checkpoint = explicit.isEmpty() ? run.checkpoint() : Path.of(explicit);
            if (!config.bool("TRAIN.AUTO_RESUME") || !Files.exists(checkpoint)) {
                AtomicFiles.writeString(run.metrics(), "");
                return config.integer("TRAIN.BEGIN_EPOCH");
            }
            Checkpoint.Progress progress = Checkpoint.load(checkpoint, block.getParameters(), optimizer, ema, model.getNDManager());
            metricsLines.addAll(progress.metricsLines());
            bestTop1 = progress.bestTop1();
            writeMetrics();
            log.info("=> resumed from " + checkpoint + ": " + progress.epochsDone() + " epoch(s) done, best top-1 "
                    + String.format("%.3f", bestTop1));
            return progress.epochsDone();
        }

        private void epoch(int epoch, TensorBoardWriter board) {
            long start = System.nanoTime();
            String head = "Epoch[" + epoch + "]";
            float lr = (float) schedule.lr(epoch);
            optimizer.setLearningRate(lr);
            log.info("=> " + head + ": epoch start, lr " + lr);
            // every random stream of the epoch is seeded from SEED and the epoch, so a resumed run repeats it exactly
            engine.setRandomSeed((int) (seed * 1_000_003 + epoch));
            Random random = new Random(seed * 1_000_003 + epoch);
            Mixup mixup = Mixup.of(config, random);
            int[] order = balancedSampler
                    ? ClassBalance.balancedOrder(data.trainLabels(), outputs, random)
                    : ClassBalance.shuffled(data.train().size(), random);
            Meter meter = train(epoch, order, mixup, random.nextLong());
            double trainSeconds = (System.nanoTime() - start) / 1e9;

            Map<String, Object> line = new LinkedHashMap<>();
            line.put("epoch", epoch);
            line.put("lr", schedule.lr(epoch));
            line.put("train_loss", meter.loss());
            line.put("train_top1", meter.top1());
            board.scalar("train_loss", (float) meter.loss(), epoch);
            board.scalar("train_top1", (float) meter.top1(), epoch);
            board.scalar("lr", lr, epoch);
            boolean improved = false;
            if (epoch >= config.integer("TRAIN.EVAL_BEGIN_EPOCH")) {
                Evaluator.Result valid = validate("TEST");
                put(line, "val_", valid);
                board.scalar("valid_loss", (float) valid.loss(), epoch);
                board.scalar("valid_top1", (float) (100 * valid.metrics().top1()), epoch);
                double perf = 100 * valid.metrics().top1();
                if (ema != null) {
                    ema.swap();
                    Evaluator.Result averaged = validate("TEST EMA");
                    ema.swap();
                    put(line, "ema_val_", averaged);
                    board.scalar("valid_top1_ema", (float) (100 * averaged.metrics().top1()), epoch);
                    perf = 100 * averaged.metrics().top1(); // as timm: with an EMA, the EMA weights decide the best
                }
                improved = perf > bestTop1;
                bestTop1 = Math.max(bestTop1, perf);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            line.put("samples_per_s", meter.samples() / trainSeconds);
            line.put("seconds", seconds);
            metricsLines.add(Json.write(line));
            writeMetrics();
            if (improved) {
                saveBest();
            }
            // last: the checkpoint marks the epoch done only once everything it covers is on disk
            Checkpoint.save(run.checkpoint(), new Checkpoint.Progress(epoch + 1, bestTop1, metricsLines), block.getParameters(),
                    optimizer, ema);
            status.epochDone(epoch + 1);
            if (config.bool("TRAIN.SAVE_ALL_MODELS")) {
                ModelFiles.save(model, data.modelInfo(block.spec()), run.dir(), "model_" + epoch);
            }
            log.info(String.format("=> %s: epoch end, %.2fs (train %.2fs)%s", head, seconds, trainSeconds,
                    improved ? ", new best top-1 " + String.format("%.3f", bestTop1) : ""));
        }

        private Meter train(int epoch, int[] order, Mixup mixup, long dataSeed) {
            int printFreq = Math.max(1, config.integer("PRINT_FREQ"));
            int total = data.trainLoader().batches(order.length, true);
            Meter meter = new Meter();
            try (NDManager epochScope = model.getNDManager().newSubManager()) {
                Iterator<BatchLoader.Batch> batches = data.trainLoader().epoch(epochScope, order, true, dataSeed);
                long end = System.nanoTime();
                for (int i = 0; i < total; i++) {
                    try (NDManager step = epochScope.newSubManager()) {
                        BatchLoader.Batch batch = batches.next();
                        batch.images().attach(step);
                        double dataTime = (System.nanoTime() - end) / 1e9;
                        NDList mixed = mixup.apply(batch.images(), batch.labels());
                        float loss;
                        float[] scores;
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDArray logits = trainer.forward(new NDList(input(mixed.get(0)))).singletonOrThrow();
                            NDArray value = SoftTargetLoss.of(logits, mixed.get(1), classWeights);
                            loss = value.getFloat();
                            if (!Float.isFinite(loss)) {
                                throw new CvtException(String.format("the loss became %s at epoch %d, iteration %d/%d (lr %g); "
                                        + "stopped. The last good checkpoint is kept: %s (lower TRAIN.LR or set TRAIN.CLIP_GRAD_NORM)",
                                        loss, epoch, i, total, optimizer.learningRate(), run.checkpoint()));
                            }
                            Gradients.zero(block.getParameters().values());
                            collector.backward(value);
                            scores = logits.toFloatArray();
                        }
                        if (clipNorm > 0) {
                            GradientClipping.clipByGlobalNorm(block.getParameters().values(), clipNorm);
                        }
                        trainer.step();
                        if (ema != null) {
                            ema.update();
                        }
                        // with Mixup, accuracy is measured against the dominant target, as the original
                        int[] truth = argmax(mixed.get(1).toFloatArray(), outputs);
                        double batchTime = (System.nanoTime() - end) / 1e9;
                        meter.add(loss, truth, scores, outputs, batchTime, dataTime);
                        if (i % printFreq == 0) {
                            log.info(meter.line(epoch, i, total));
                        }
                        end = System.nanoTime();
                    }
                }
            }
            return meter;
        }

        private Evaluator.Result validate(String title) {
            Evaluator.Result result = Evaluator.evaluate(data.valid(), data.validLoader(), outputs, model.getNDManager(),
                    x -> trainer.evaluate(new NDList(input(x))).singletonOrThrow());
            log.info("=> " + title + ":\t" + Evaluator.summary(result));
            return result;
        }

        private NDArray input(NDArray x) {
            return block.spec().views() > 1 ? x : x.squeeze(1);
        }

        private void put(Map<String, Object> line, String prefix, Evaluator.Result r) {
            ClassificationMetrics m = r.metrics();
            line.put(prefix + "loss", r.loss());
            line.put(prefix + "top1", 100 * m.top1());
            line.put(prefix + "top5", 100 * m.topK(5));
            line.put(prefix + "balanced_accuracy", 100 * m.balancedAccuracy());
            line.put(prefix + "macro_f1", 100 * m.macroF1());
        }

        private void saveBest() {
            if (ema != null) {
                ema.swap();
            }
            try {
                ModelFiles.save(model, data.modelInfo(block.spec()), run.dir(), "model_best");
            } finally {
                if (ema != null) {
                    ema.swap();
                }
            }
        }

        private void writeMetrics() {
            AtomicFiles.writeString(run.metrics(), metricsLines.stream().map(l -> l + "\n").reduce("", String::concat));
        }
    }

    static int[] argmax(float[] rows, int classes) {
        int[] out = new int[rows.length / classes];
        for (int i = 0; i < out.length; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (rows[i * classes + c] > rows[i * classes + best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }
}
