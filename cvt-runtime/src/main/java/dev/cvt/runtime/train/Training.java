package dev.cvt.runtime.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.cvt.runtime.AtomicFiles;
import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.FolderLock;
import dev.cvt.runtime.JsonFiles;
import dev.cvt.runtime.Log;
import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.data.BatchLoader;
import dev.cvt.runtime.data.DatasetListing;
import dev.cvt.runtime.data.Folds;
import dev.cvt.runtime.eval.Evaluator;
import dev.cvt.runtime.eval.Scores;
import dev.cvt.runtime.model.ClassifierSpec;
import dev.cvt.runtime.model.Engines;
import dev.cvt.runtime.model.ModelFiles;
import dev.cvt.runtime.model.ModelSummary;
import dev.cvt.runtime.model.MultiViewClassifier;
import dev.cvt.runtime.model.Weights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * {@code train}: the original's training loop (tools/train.py, core/function.py) for the multi-view
 * classifier of {@code MODEL.NAME}. Per epoch: the schedule's learning rate, shuffled (or class-balanced) batches, Mixup/CutMix,
 * soft-target cross-entropy, gradient clipping, the optimizer step and the EMA update; a progress
 * line every {@code PRINT_FREQ} iterations; validation on the test split (and of the EMA weights);
 * then metrics.jsonl, TensorBoard scalars, {@code model_best} and an atomic checkpoint. Weights or
 * validation scores that are not finite stop the run before they are saved.
 *
 * <p>A run is a build step: it holds the run folder's lock, and its {@link TrainingFingerprint} decides
 * ({@link RunPlan}) whether the folder is up to date (nothing is written), can be resumed from its last
 * complete epoch ({@code TRAIN.AUTO_RESUME}), or needs a fresh run (the earlier one is kept aside).
 */
public final class Training {
    private final ExperimentConfig config;
    private final Log log;
    private final RunDirectory run;
    private final long seed;
    private final RunStatus status;
    private final TrainingFingerprint fingerprint;

    private Training(ExperimentConfig config, RunDirectory run, Log log, RunStatus status, TrainingFingerprint fingerprint) {
        this.config = config;
        this.run = run;
        this.log = log;
        this.seed = config.integer("SEED");
        this.status = status;
        this.fingerprint = fingerprint;
    }

    /**
     * Trains the experiment, or does nothing when its run folder is up to date; on a cross-validated
     * dataset every fold in turn (each resumable on its own, in {@code <run folder>/<fold>}).
     *
     * @param force a fresh run even when the folder holds this experiment's run (the earlier one is kept aside)
     */
    public static void run(ExperimentConfig config, Path workDir, boolean force, Log console) {
        List<ExperimentConfig> folds = Folds.of(config, workDir);
        if (Folds.allFolds(config, workDir)) {
            keepAsideOneRun(RunDirectory.experiment(config, workDir), console);
        }
        for (int i = 0; i < folds.size(); i++) {
            if (folds.size() > 1) {
                console.info(Folds.describe(folds.get(i), workDir, i, folds.size()));
            }
            runFold(folds.get(i), workDir, force, console);
        }
    }

    /** A run that was not cross-validated, in the folder the folds' runs go below: moved aside, never mixed with them. */
    private static void keepAsideOneRun(RunDirectory experiment, Log console) {
        try (FolderLock lock = FolderLock.acquire(experiment.dir(), "training")) {
            if (experiment.holdsOneRun()) {
                Path previous = experiment.startAfresh();
                console.info("=> " + experiment.dir() + " held a run that was not cross-validated"
                        + (previous != null ? "; it is kept in " + previous : " and no saved weights; it is removed"));
            }
        }
    }

    private static void runFold(ExperimentConfig config, Path workDir, boolean force, Log console) {
        int endEpoch = config.integerAtLeast("TRAIN.END_EPOCH", 1);
        if (config.integerAtLeast("TRAIN.BEGIN_EPOCH", 0) >= endEpoch) {
            throw new ConfigException(config.origin("TRAIN.BEGIN_EPOCH") + ": TRAIN.BEGIN_EPOCH " + config.integer("TRAIN.BEGIN_EPOCH")
                    + " must be less than TRAIN.END_EPOCH " + endEpoch);
        }
        config.integerAtLeast("TRAIN.BATCH_SIZE_PER_GPU", 1);
        config.integerAtLeast("TEST.BATCH_SIZE_PER_GPU", 1);
        RunDirectory run = RunDirectory.of(config, workDir);
        try (FolderLock lock = FolderLock.acquire(run.dir(), "training")) {
            Splits.Listings data = Splits.list(config, workDir, console);
            TrainingFingerprint fingerprint = TrainingFingerprint.of(config, data);
            RunPlan plan = RunPlan.decide(config, workDir, run, fingerprint, force);
            if (plan.kind() == RunPlan.Kind.UP_TO_DATE) {
                console.info("=> " + run.dir() + " is up to date: " + plan.reason() + " (to train again: --force on the command line, -Dcvt.train.force under Maven)");
                return;
            }
            // resuming a checkpoint from elsewhere continues that run here, in a folder of its own
            boolean fresh = plan.kind() == RunPlan.Kind.FRESH || !plan.resumeFrom().file().startsWith(run.dir());
            Path previous = fresh ? run.startAfresh() : null;
            Log log = run.teeLog("train", console);
            log.info("=> run folder " + run.dir() + ": " + (plan.kind() == RunPlan.Kind.FRESH ? "a fresh run" : "resuming")
                    + ", " + plan.reason());
            if (previous != null) {
                log.info("=> the previous run is kept in " + previous);
            }
            AtomicFiles.writeString(run.config(), config.toYaml());
            Checkpoint.Stored resumeFrom = plan.resumeFrom();
            RunStatus status = RunStatus.start(run, config, fingerprint, resumeFrom == null ? null : resumeFrom.header());
            Thread onSignal = new Thread(() -> status.interrupted("stopped by a signal (SIGTERM, Ctrl-C) before it ended"));
            Runtime.getRuntime().addShutdownHook(onSignal);
            try {
                new Training(config, run, log, status, fingerprint).train(data, resumeFrom);
                status.finished();
            } catch (RuntimeException | Error e) { // an OutOfMemoryError too: run.json must not say running forever
                status.failed(e instanceof CvtException ? e.getMessage() : e.toString());
                throw e;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(onSignal);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs: it finds the run ended already and leaves run.json as it is
                }
            }
        }
    }

    private void train(Splits.Listings listings, Checkpoint.Stored resumeFrom) {
        int epochs = config.integer("TRAIN.END_EPOCH");
        int batchSize = config.integer("TRAIN.BATCH_SIZE_PER_GPU");
        LrSchedule schedule = LrSchedule.of(config);
        Engine engine = Engines.pytorch(config.integer("THREADS"));
        Device device = Engines.device(engine, config);
        status.engine(engine, device);
        reportIgnoredSettings(device);
        try (Splits data = Splits.open(config, listings, batchSize, log)) {
            ClassifierSpec spec = ClassifierSpec.from(config);
            checkBeforeData(config, data.classes());
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
                MultiViewClassifier block = new MultiViewClassifier(spec);
                model.setBlock(block);
                int height = data.trainLoader().transforms().height();
                int width = data.trainLoader().transforms().width();
                block.initialize(model.getNDManager(), DataType.FLOAT32, block.inputShape(batchSize, height, width));
                String summary = ModelSummary.of(block, height, width);
                AtomicFiles.writeString(run.dir().resolve("model.txt"), summary);
                log.info(summary.stripTrailing());
                ScheduledOptimizer optimizer = Optimizers.of(config, block, (float) schedule.lr(0));
                double emaDecay = config.number("TRAIN.EMA_DECAY");
                try (ModelEma ema = emaDecay > 0 ? new ModelEma(block.getParameters(), (float) emaDecay, model.getNDManager()) : null) {
                    new Loop(engine, model, block, optimizer, ema, schedule, data, halfPrecision(device)).run(epochs, resumeFrom);
                }
            }
        }
    }


    /**
     * The checks training makes before it reads any data: the dataset layout, the model spec, and a head
     * too small for the data's classes. melgen calls them with the classes it is about to write, so an
     * experiment training cannot run fails before the dataset is made.
     */
    public static void checkBeforeData(ExperimentConfig config, List<String> classes) {
        DatasetListing.checkLayout(config);
        ClassifierSpec spec = ClassifierSpec.from(config);
        if (spec.numClasses() < classes.size()) {
            throw new ConfigException(config.origin("MODEL.NUM_CLASSES") + ": MODEL.NUM_CLASSES is " + spec.numClasses()
                    + " but the training split has " + classes.size() + " classes " + classes);
        }
    }

    /**
     * {@code AMP.ENABLED}: float16 with a loss scaler on a GPU. Not on the CPU: float16 kernels run there
     * at a small fraction of float32's speed (measured here: convolution 3.8 against 137 GFLOP/s), and
     * bfloat16, which CPUs compute fast, is a type DJL 0.32's PyTorch binding cannot pass to PyTorch.
     */
    private boolean halfPrecision(Device device) {
        if (!config.bool("AMP.ENABLED")) {
            return false;
        }
        if (!TrainStep.halfPrecision(config, device)) {
            log.info("=> AMP.ENABLED is not applied on the CPU: float16 runs there many times slower than float32, "
                    + "and DJL 0.32 cannot use bfloat16; training runs in float32");
            return false;
        }
        log.info("=> mixed precision (AMP.ENABLED): float16 forward and backward, float32 weights, normalisation, "
                + "softmax and loss; dynamic loss scaling from " + LossScaler.INITIAL_SCALE);
        return true;
    }

    private void reportIgnoredSettings(Device device) {
        if (config.list("GPUS").size() > 1) {
            // no data-parallel training yet: say so rather than leave the other cards idle unnoticed
            log.warn(config.origin("GPUS") + ": GPUS lists " + config.list("GPUS").size() + " devices; training uses one, the first: "
                    + device);
        }
        log.info("=> device " + device + ", " + Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
    }

    /** The state of one training run across its epochs. */
    private final class Loop {
        private final Engine engine;
        private final Model model;
        private final MultiViewClassifier block;
        private final ScheduledOptimizer optimizer;
        private final ModelEma ema;
        private final LrSchedule schedule;
        private final Splits data;
        /** The model's outputs: MODEL.NUM_CLASSES, at least the data's classes. */
        private final int outputs;
        private final boolean balancedSampler;
        private final LossScaler scaler;
        private final TrainStep step;
        private final HostReads reads = new HostReads();
        private final List<EpochRecord> epochs = new ArrayList<>();
        private double bestTop1 = -1;
        /** The validation loss of {@code model_best}: of two epochs with its top-1, the lower loss wins. */
        private double bestLoss = Double.POSITIVE_INFINITY;
        private Integer bestEpoch;

        Loop(Engine engine, Model model, MultiViewClassifier block, ScheduledOptimizer optimizer, ModelEma ema,
             LrSchedule schedule, Splits data, boolean halfPrecision) {
            this.engine = engine;
            this.model = model;
            this.block = block;
            this.optimizer = optimizer;
            this.ema = ema;
            this.schedule = schedule;
            this.data = data;
            this.outputs = block.spec().numClasses();
            NDArray classWeights = ClassBalance.weightedLoss(config)
                    ? model.getNDManager().create(ClassBalance.weights(data.trainLabels(), outputs)) : null;
            // read once, before the first epoch: a bad DATASET.SAMPLER fails at once
            this.balancedSampler = ClassBalance.balancedSampler(config);
            this.scaler = halfPrecision ? new LossScaler() : null;
            this.step = new TrainStep(block, optimizer, config.number("TRAIN.CLIP_GRAD_NORM"), ema, classWeights, scaler, reads);
        }

        void run(int end, Checkpoint.Stored resumeFrom) {
            int begin = resumeFrom == null ? config.integer("TRAIN.BEGIN_EPOCH") : resume(resumeFrom);
            JsonFiles.writeLines(run.metrics(), epochs);
            if (begin < end) {
                run.dropOutcome();
                try (TensorBoardWriter board = TensorBoardWriter.open(run.dir())) {
                    for (int epoch = begin; epoch < end; epoch++) {
                        epoch(epoch, board);
                    }
                }
            }
            ModelFiles.save(model, data.modelInfo(block.spec(), fingerprint.hash()), run.dir(), "final");
            log.info("=> finish training; final weights " + run.finalWeights());
        }

        /** Loads the checkpoint; the number of epochs it has done. */
        private int resume(Checkpoint.Stored stored) {
            Checkpoint.restore(stored, block.getParameters(), optimizer, ema, model.getNDManager());
            Checkpoint.Header header = stored.header();
            if (scaler != null && header.lossScaler() != null) {
                scaler.restore(header.lossScaler());
            }
            epochs.addAll(header.epochs());
            bestTop1 = header.bestTop1();
            bestEpoch = header.bestEpoch();
            header.epochs().stream().filter(e -> bestEpoch != null && e.epoch() == bestEpoch).findFirst()
                    .ifPresent(e -> bestLoss = ema != null ? e.emaValLoss() : e.valLoss());
            log.info("=> resumed from " + stored.file() + ": " + header.epochsDone() + " epoch(s) done, best top-1 "
                    + String.format("%.3f", bestTop1));
            return header.epochsDone();
        }

        private void epoch(int epoch, TensorBoardWriter board) {
            long start = System.nanoTime();
            String head = "Epoch[" + epoch + "/" + config.integer("TRAIN.END_EPOCH") + "]";
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
            DeviceTally.Totals trained;
            try {
                trained = train(epoch, order, mixup, random.nextLong());
            } finally {
                step.restoreFloat32(); // validation, checkpoints and saved models see the float32 weights
            }
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            requireFiniteWeights(epoch);
            board.scalar("train_loss", (float) trained.loss(), epoch);
            board.scalar("train_top1", (float) trained.top1(), epoch);
            board.scalar("lr", lr, epoch);
            Scores val = Scores.NONE;
            Scores emaVal = Scores.NONE;
            boolean improved = false;
            if (epoch >= config.integer("TRAIN.EVAL_BEGIN_EPOCH")) {
                val = validate("TEST", epoch);
                board.scalar("valid_loss", (float) val.loss(), epoch);
                board.scalar("valid_top1", (float) val.top1(), epoch);
                double perf = val.top1();
                double loss = val.loss();
                if (ema != null) {
                    ema.swap();
                    try {
                        emaVal = validate("TEST EMA", epoch);
                    } finally {
                        ema.swap();
                    }
                    board.scalar("valid_top1_ema", (float) emaVal.top1(), epoch);
                    perf = emaVal.top1(); // as timm: with an EMA, the EMA weights decide the best
                    loss = emaVal.loss();
                }
                // a tie goes to the lower loss: on a small validation split many epochs reach the same top-1
                // (100 %), and the first of them is the least trained
                improved = perf > bestTop1 || perf == bestTop1 && loss < bestLoss;
                if (improved) {
                    bestTop1 = perf;
                    bestLoss = loss;
                    bestEpoch = epoch;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            epochs.add(EpochRecord.of(epoch, schedule.lr(epoch), trained.loss(), trained.top1(), val, emaVal,
                    trained.samples() / trainSeconds, seconds));
            JsonFiles.writeLines(run.metrics(), epochs);
            if (improved) {
                saveBest();
            }
            // last: the checkpoint marks the epoch done only once everything it covers is on disk
            Checkpoint.save(run.checkpoint(), new Checkpoint.Header(fingerprint, epoch + 1, bestTop1, bestEpoch, epochs,
                    scaler == null ? null : scaler.state()),
                    block.getParameters(), optimizer, ema);
            status.epochDone(epoch + 1, bestEpoch);
            if (config.bool("TRAIN.SAVE_ALL_MODELS")) {
                ModelFiles.save(model, data.modelInfo(block.spec(), fingerprint.hash()), run.dir(), "model_" + epoch);
            }
            log.info(String.format("=> %s: epoch end, %.2fs (train %.2fs)%s", head, seconds, trainSeconds,
                    improved ? ", new best top-1 " + String.format("%.3f", bestTop1) : ""));
        }

        /** Weights that went NaN in the epoch's last steps must never reach a checkpoint or model_best. */
        private void requireFiniteWeights(int epoch) {
            String broken = Weights.firstNonFinite(block.getParameters(), ema == null ? null : ema.arrays());
            if (broken != null) {
                throw diverged("the weights became NaN or infinite (" + broken + ") in epoch " + epoch);
            }
        }

        /**
         * The run stops with what it keeps: the checkpoint of the epochs completed before this one, if
         * there is one in the run folder.
         */
        private CvtException diverged(String what) {
            String kept = Files.exists(run.checkpoint())
                    ? "The last good checkpoint is kept: " + run.checkpoint()
                    : "No checkpoint was written: no epoch of this run folder completed";
            return new CvtException(String.format("%s (lr %g); stopped. %s (lower TRAIN.LR or set TRAIN.CLIP_GRAD_NORM)",
                    what, optimizer.learningRate(), kept));
        }

        private DeviceTally.Totals train(int epoch, int[] order, Mixup mixup, long dataSeed) {
            int printFreq = Math.max(1, config.integer("PRINT_FREQ"));
            int total = data.trainLoader().batches(order.length, true);
            Meter meter = new Meter();
            long skippedBefore = scaler == null ? 0 : scaler.skipped();
            try (NDManager epochScope = model.getNDManager().newSubManager(); DeviceTally tally = new DeviceTally(epochScope)) {
                Iterator<BatchLoader.Batch> batches = data.trainLoader().epoch(epochScope, order, true, dataSeed);
                long end = System.nanoTime();
                for (int i = 0; i < total; i++) {
                    try (NDManager stepScope = epochScope.newSubManager()) {
                        BatchLoader.Batch batch = batches.next();
                        batch.images().attach(stepScope);
                        double dataTime = (System.nanoTime() - end) / 1e9;
                        NDList mixed = mixup.apply(batch.images(), batch.labels());
                        step.run(stepScope, input(mixed.get(0)), mixed.get(1), tally);
                        // on a GPU the step is queued, not done: times even out at the reads below
                        meter.add((System.nanoTime() - end) / 1e9, dataTime);
                        if (i % printFreq == 0) {
                            log.info(meter.line(readFinite(tally, epoch, i, total), epoch, config.integer("TRAIN.END_EPOCH"), i, total));
                        }
                        end = System.nanoTime();
                    }
                }
                DeviceTally.Totals totals = readFinite(tally, epoch, total - 1, total);
                if (scaler != null && scaler.skipped() > skippedBefore) {
                    log.info(String.format("=> mixed precision: %d of %d steps skipped for gradients that overflowed; loss scale now %s",
                            scaler.skipped() - skippedBefore, total, scaler.scale()));
                }
                return totals;
            }
        }

        /** The tally so far; a loss that is not finite stops the run (the weights are not saved). */
        private DeviceTally.Totals readFinite(DeviceTally tally, int epoch, int iteration, int total) {
            DeviceTally.Totals totals = tally.read(reads);
            if (!Double.isFinite(totals.lossSum())) {
                throw diverged(String.format("the loss became %s at epoch %d, by iteration %d/%d", totals.lossSum(), epoch,
                        iteration, total));
            }
            return totals;
        }

        /** Validates the current weights; scores that are not finite stop the run before anything is saved. */
        private Scores validate(String title, int epoch) {
            Evaluator.Result result = Evaluator.evaluate(data.valid(), data.validLoader(), outputs, model.getNDManager(),
                    x -> block.forward(new ParameterStore(x.getManager(), false), new NDList(input(x)), false).singletonOrThrow());
            log.info("=> " + title + ":\t" + Evaluator.summary(result));
            long nonFinite = result.metrics().nonFiniteSamples();
            if (nonFinite > 0 || !Double.isFinite(result.loss())) {
                throw diverged(String.format("validation (%s) in epoch %d gave scores that are not finite for %d of %d samples, "
                        + "loss %s", title, epoch, nonFinite, result.metrics().samples(), result.loss()));
            }
            return Scores.of(result);
        }

        private NDArray input(NDArray x) {
            return block.spec().views() > 1 ? x : x.squeeze(1);
        }

        private void saveBest() {
            if (ema != null) {
                ema.swap();
            }
            try {
                ModelFiles.save(model, data.modelInfo(block.spec(), fingerprint.hash()), run.dir(), "model_best");
            } finally {
                if (ema != null) {
                    ema.swap();
                }
            }
        }
    }
}
