package dev.cvt.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.JsonFiles;
import dev.cvt.runtime.Log;
import dev.cvt.runtime.baseline.ToyWindows;
import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ConfigLoader;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.eval.Evaluation;
import dev.cvt.runtime.eval.EvaluationRecord;
import dev.cvt.runtime.model.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains the tiny experiment end to end, evaluates it, and checks what a run leaves behind. */
class TrainingTest {
    private static final Log QUIET = new Log() {
        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
        }
    };

    @TempDir
    Path dir;

    private ExperimentConfig config(String... overrides) throws IOException {
        Path yaml = Files.exists(dir.resolve("tiny.yaml")) ? dir.resolve("tiny.yaml") : TinyExperiment.write(dir);
        return ConfigLoader.load(yaml, List.of(overrides));
    }

    /** The metrics records without the wall-clock fields, which differ from run to run. */
    static List<EpochRecord> metricsWithoutTimes(Path file) {
        return JsonFiles.readLinesIfPresent(file, EpochRecord.class).stream().map(e -> new EpochRecord(e.epoch(), e.lr(), e.trainLoss(),
                e.trainTop1(), e.valLoss(), e.valTop1(), e.valTop5(), e.valBalancedAccuracy(), e.valMacroF1(), e.emaValLoss(),
                e.emaValTop1(), e.emaValTop5(), e.emaValBalancedAccuracy(), e.emaValMacroF1(), 0, 0)).toList();
    }

    @Test
    void trainsEvaluatesAndLeavesTheOriginalsFiles() throws IOException {
        ExperimentConfig config = config();
        Training.run(config, dir, false, QUIET);
        Path run = dir.resolve("out/multidim_imagenet/tiny");
        for (String file : List.of("model_best-0000.params", "model_best.yaml", "final-0000.params", "final.yaml", "checkpoint.bin",
                "config.yaml", "train.log", "model.txt")) {
            assertTrue(Files.exists(run.resolve(file)), file);
        }
        RunRecord status = JsonFiles.read(run.resolve("run.json"), RunRecord.class);
        assertEquals(RunRecord.State.FINISHED, status.state());
        assertEquals(List.of(3, 3, 0, "cpu()", "2.5.1", EpochRecord.EMA), List.of(status.epochsDone(), status.endEpoch(), status.seed(),
                status.device(), status.pytorch(), status.bestScores()));
        assertTrue(status.wallSeconds() > 0);
        assertTrue(Files.readString(run.resolve("model.txt")).contains("trainable parameters"));
        try (Stream<Path> files = Files.list(run)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("events.out.tfevents.")), "TensorBoard events");
        }
        List<EpochRecord> epochs = JsonFiles.readLinesIfPresent(run.resolve("metrics.jsonl"), EpochRecord.class);
        assertEquals(List.of(0, 1, 2), epochs.stream().map(EpochRecord::epoch).toList());
        for (EpochRecord e : epochs) {
            for (double figure : new double[] {e.lr(), e.trainLoss(), e.trainTop1(), e.valLoss(), e.valTop1(), e.valTop5(),
                    e.valBalancedAccuracy(), e.valMacroF1(), e.emaValLoss(), e.emaValTop1(), e.samplesPerS(), e.seconds()}) {
                assertTrue(Double.isFinite(figure), e.toString());
            }
        }
        // the schedule's rates: warm-up epoch 0, then the cosine of timm on the absolute epoch
        assertEquals(5.0E-4, epochs.get(0).lr());
        assertEquals(1e-4 + 0.5 * (3e-3 - 1e-4) * (1 + Math.cos(Math.PI / 3)), epochs.get(1).lr());
        // run.json names the epoch of model_best: of the EMA's highest top-1, the one with the lowest EMA loss
        double best = epochs.stream().mapToDouble(EpochRecord::emaValTop1).max().orElseThrow();
        assertEquals(epochs.stream().filter(e -> e.emaValTop1() == best).min(java.util.Comparator.comparingDouble(EpochRecord::emaValLoss))
                .orElseThrow().epoch(), status.bestEpoch());
        assertTrue(best >= 87.5, "the problem is separable; best EMA top-1 " + best);

        Path copy = dir.resolve("copy/evaluation.json");
        EvaluationRecord report = Evaluation.run(config, dir, copy, QUIET);
        assertEquals(16, report.samples());
        // model_best holds the EMA weights of the best epoch: the evaluation repeats that epoch's figure
        assertEquals(best, report.top1(), 1e-9);
        assertEquals(status.fingerprint(), report.modelFingerprint());
        assertEquals(Files.readString(run.resolve("evaluation.json")), Files.readString(copy));
        List<String> predictions = Files.readAllLines(run.resolve("predictions.csv"));
        assertEquals("sample,true,predicted,p_down,p_up", predictions.get(0));
        assertEquals(17, predictions.size());
        assertTrue(predictions.get(1).startsWith("down/0.png,down,"), predictions.get(1));
        // images only, no raw windows: the baseline is skipped, with a line saying why
        assertNull(report.baseline());
        assertTrue(Files.readString(run.resolve("test.log")).contains("baseline skipped: " + dir.resolve("data/train/down")
                + " has no raw/ folder"));

        // raw windows beside the images (as melgen writes them): the random forest is scored on the same split
        ToyWindows.write(dir.resolve("data"), "train", "down", 24, 1.0, 1);
        ToyWindows.write(dir.resolve("data"), "train", "up", 24, 1.0, 2);
        ToyWindows.write(dir.resolve("data"), "val", "down", 8, 1.0, 3);
        ToyWindows.write(dir.resolve("data"), "val", "up", 8, 1.0, 4);
        EvaluationRecord withBaseline = Evaluation.run(config, dir, null, QUIET);
        assertEquals(report.top1(), withBaseline.top1(), "the model's figures do not change");
        assertEquals(List.of("random_forest(100 trees, window statistics)", 48, 16), List.of(withBaseline.baseline().method(),
                withBaseline.baseline().trainSamples(), withBaseline.baseline().samples()));
        assertEquals(withBaseline, JsonFiles.read(run.resolve("evaluation.json"), EvaluationRecord.class));
        assertTrue(Files.readString(run.resolve("test.log")).contains("baseline random forest (48 training windows, "));
    }

    @Test
    void sameSeedSameMetrics() throws IOException {
        Training.run(config("NAME", "a", "TRAIN.END_EPOCH", "2"), dir, false, QUIET);
        Training.run(config("NAME", "b", "TRAIN.END_EPOCH", "2"), dir, false, QUIET);
        Training.run(config("NAME", "c", "TRAIN.END_EPOCH", "2", "SEED", "1"), dir, false, QUIET);
        List<EpochRecord> a = metricsWithoutTimes(dir.resolve("out/multidim_imagenet/a/metrics.jsonl"));
        assertEquals(a, metricsWithoutTimes(dir.resolve("out/multidim_imagenet/b/metrics.jsonl")));
        assertTrue(!a.equals(metricsWithoutTimes(dir.resolve("out/multidim_imagenet/c/metrics.jsonl"))), "another seed, another run");
    }

    @Test
    void aDivergingLossStopsTheRunAndKeepsTheLastCheckpoint() throws IOException {
        // epoch 0 trains normally; epoch 1 runs at 1e30 and the weights blow up
        ExperimentConfig config = config("TRAIN.LR", "1e30", "TRAIN.LR_SCHEDULER.ARGS.warmup_lr", "0.001",
                "TRAIN.LR_SCHEDULER.ARGS.warmup_epochs", "1", "TRAIN.EMA_DECAY", "0.0");
        CvtException e = assertThrows(CvtException.class, () -> Training.run(config, dir, false, QUIET));
        assertTrue(e.getMessage().matches("(?s)the loss became (NaN|Infinity|-Infinity) at epoch 1, by iteration \\d+/6.*"), e.getMessage());
        Path run = dir.resolve("out/multidim_imagenet/tiny");
        assertTrue(e.getMessage().contains(run.resolve("checkpoint.bin").toString()), e.getMessage());
        assertEquals(1, Files.readAllLines(run.resolve("metrics.jsonl")).size());
        assertTrue(Files.exists(run.resolve("checkpoint.bin")));
        RunRecord status = JsonFiles.read(run.resolve("run.json"), RunRecord.class);
        assertEquals(RunRecord.State.FAILED, status.state());
        assertEquals(1, status.epochsDone());
        assertTrue(status.message().startsWith("the loss became"), status.message());
    }

    @Test
    void aModelThatDoesNotMatchTheDataIsNamed() throws IOException {
        CvtException e = assertThrows(CvtException.class, () -> Training.run(config("MODEL.NUM_CLASSES", "1"), dir, false, QUIET));
        assertTrue(e.getMessage().contains("MODEL.NUM_CLASSES is 1 but the training split has 2 classes [down, up]"), e.getMessage());
        CvtException missing = assertThrows(CvtException.class,
                () -> Evaluation.run(config("NAME", "never-trained"), dir, null, QUIET));
        assertTrue(missing.getMessage().contains("no trained model there"), missing.getMessage());
    }

    @Test
    void aHeadWiderThanTheDataTrainsAsTheOriginalsDid() throws IOException {
        // the original experiment files keep MODEL.NUM_CLASSES at its default 1000 for 2 classes
        List<String> warnings = new ArrayList<>();
        Log log = new Log() {
            @Override
            public void info(String message) {
            }

            @Override
            public void warn(String message) {
                warnings.add(message);
            }
        };
        // GPUS with two cards: also only a warning (one device trains), checked on the same short run
        ExperimentConfig config = config("MODEL.NUM_CLASSES", "7", "TRAIN.END_EPOCH", "1", "NAME", "wide", "GPUS", "[0, 1]");
        Training.run(config, dir, false, log);
        assertTrue(warnings.stream().anyMatch(w -> w.contains("MODEL.NUM_CLASSES is 7 but the data has 2 classes")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("GPUS lists 2 devices; training uses one, the first: ")), warnings.toString());
        EvaluationRecord report = Evaluation.run(config, dir, null, QUIET);
        assertEquals(5, report.top5K());
        assertEquals(100.0, report.top5(), 1e-9, "2 classes are always within the top 5 of 7 outputs");
        assertEquals(2, report.confusion().size());
        assertEquals(2, report.predictedOutsideClasses().size());
        assertEquals("sample,true,predicted,p_down,p_up", Files.readAllLines(dir.resolve("out/multidim_imagenet/wide/predictions.csv")).get(0));
    }

    @Test
    void singleViewImagenetLayoutTrainsAndEvaluates() throws IOException {
        ExperimentConfig multi = config();
        // <split>/<class>/<image>: the first view of the tiny data, one level up
        for (String split : List.of("train", "val")) {
            for (String cls : List.of("down", "up")) {
                Path from = dir.resolve("data").resolve(split).resolve(cls).resolve("dim1");
                Path to = dir.resolve("single").resolve(split).resolve(cls);
                Files.createDirectories(to);
                try (Stream<Path> files = Files.list(from)) {
                    for (Path f : files.toList()) {
                        Files.copy(f, to.resolve(f.getFileName()));
                    }
                }
            }
        }
        ExperimentConfig single = ConfigLoader.load(multi.file(), List.of("DATASET.DATASET", "imagenet", "DATASET.NUM_DIMS", "1",
                "DATASET.ROOT", "single", "TRAIN.END_EPOCH", "2", "NAME", "single"));
        Training.run(single, dir, false, QUIET);
        assertEquals(2, Files.readAllLines(dir.resolve("out/imagenet/single/metrics.jsonl")).size());
        EvaluationRecord report = Evaluation.run(single, dir, null, QUIET);
        assertEquals(16, report.samples());
    }

    @Test
    void weightsThatBlowUpInAnEpochsLastStepNeverBecomeTheBestModelOrACheckpoint() throws IOException {
        // one step per epoch: epoch 1's only step explodes the weights after its (finite) loss was computed
        ExperimentConfig config = config("TRAIN.BATCH_SIZE_PER_GPU", "48", "TRAIN.LR", "1e30", "TRAIN.LR_SCHEDULER.ARGS.warmup_lr", "0.001",
                "TRAIN.LR_SCHEDULER.ARGS.warmup_epochs", "1", "TRAIN.EMA_DECAY", "0.0", "TRAIN.CLIP_GRAD_NORM", "0.0");
        CvtException e = assertThrows(CvtException.class, () -> Training.run(config, dir, false, QUIET));
        assertTrue(e.getMessage().matches("(?s)(the weights became NaN or infinite \\(.*\\) in epoch 1|validation \\(TEST\\) in epoch 1 gave "
                + "scores that are not finite for 16 of 16 samples.*) \\(lr [0-9.]+e\\+29\\); stopped\\. The last good checkpoint is kept: .*"),
                e.getMessage());
        Path run = dir.resolve("out/multidim_imagenet/tiny");
        assertEquals(1, Checkpoint.open(run.resolve("checkpoint.bin")).header().epochsDone(), "epoch 1 was never checkpointed");
        RunRecord status = JsonFiles.read(run.resolve("run.json"), RunRecord.class);
        assertEquals(List.of(RunRecord.State.FAILED, 1, 0), List.of(status.state(), status.epochsDone(), status.bestEpoch()),
                "model_best is still epoch 0's");
        assertEquals(1, Files.readAllLines(run.resolve("metrics.jsonl")).size());
    }

    @Test
    void aRunThatDivergesInItsFirstEpochSaysThatNoCheckpointExists() throws IOException {
        ExperimentConfig config = config("TRAIN.LR", "1e30", "TRAIN.LR_SCHEDULER.ARGS.warmup_epochs", "0", "TRAIN.EMA_DECAY", "0.0");
        CvtException e = assertThrows(CvtException.class, () -> Training.run(config, dir, false, QUIET));
        assertTrue(e.getMessage().contains("at epoch 0, by iteration") && e.getMessage().contains(
                "stopped. No checkpoint was written: no epoch of this run folder completed"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out/multidim_imagenet/tiny/checkpoint.bin")));
    }

    @Test
    void aCorruptCheckpointIsNamedNotLoaded() throws Exception {
        Training.run(config("TRAIN.END_EPOCH", "1"), dir, false, QUIET);
        Path checkpoint = dir.resolve("out/multidim_imagenet/tiny/checkpoint.bin");
        byte[] bytes = Files.readAllBytes(checkpoint);
        // a NaN written over four bytes in the middle of the stored arrays
        java.nio.ByteBuffer.wrap(bytes).putFloat(bytes.length / 2, Float.NaN);
        Files.write(checkpoint, bytes);
        // a CvtException: the command line prints "ERROR: <message>" and exits with 2
        CvtException e = assertThrows(CvtException.class, () -> Training.run(config("TRAIN.END_EPOCH", "2"), dir, false, QUIET));
        assertTrue(e.getMessage().startsWith(checkpoint + ": corrupt checkpoint (checksum mismatch)"), e.getMessage());
        assertEquals(1, Files.readAllLines(checkpoint.resolveSibling("metrics.jsonl")).size(), "nothing was trained on it");
    }

    @Test
    void aModelWhoseScoresAreNotFiniteFailsItsTestInsteadOfScoringHits() throws IOException {
        ExperimentConfig config = config("TRAIN.END_EPOCH", "1");
        Training.run(config, dir, false, QUIET);
        Path run = dir.resolve("out/multidim_imagenet/tiny");
        ModelFiles.Info info = ModelFiles.info(run, "model_best");
        try (ai.djl.Model model = ModelFiles.load(run, "model_best", ai.djl.Device.cpu())) {
            for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : model.getBlock().getParameters()) {
                p.getValue().getArray().muli(Float.NaN);
            }
            ModelFiles.save(model, info, run, "model_best");
        }
        CvtException e = assertThrows(CvtException.class, () -> Evaluation.run(config, dir, null, QUIET));
        assertTrue(e.getMessage().endsWith("model_best: the model gave scores that are not finite for 16 of 16 samples (counted as misses "
                + "in evaluation.json): its weights are broken"), e.getMessage());
        EvaluationRecord written = JsonFiles.read(run.resolve("evaluation.json"), EvaluationRecord.class);
        assertEquals(List.of(16, 0.0, 0.0), List.of(written.nonFiniteScores(), written.top1(), written.balancedAccuracy()));
        assertTrue(Double.isNaN(written.loss()));
    }

    @Test
    void aClassWithoutTrainingSamplesIsAnErrorWithoutValidationSamplesAWarning() throws IOException {
        ExperimentConfig config = config("TRAIN.END_EPOCH", "1");
        for (String view : List.of("dim1", "dim2")) {
            deleteFiles(dir.resolve("data/val/up").resolve(view));
        }
        List<String> warnings = new ArrayList<>();
        Training.run(config, dir, false, new Log() {
            @Override
            public void info(String message) {
            }

            @Override
            public void warn(String message) {
                warnings.add(message);
            }
        });
        assertTrue(warnings.contains(dir.resolve("data/val") + ": class(es) [up] have no validation samples: their recall is not "
                + "measured, and balanced accuracy averages the other classes only"), warnings.toString());
        for (String view : List.of("dim1", "dim2")) {
            deleteFiles(dir.resolve("data/train/up").resolve(view));
        }
        CvtException e = assertThrows(CvtException.class, () -> Training.run(config, dir, true, QUIET));
        assertEquals(dir.resolve("data/train") + ": class(es) [up] have no training samples; a model cannot learn them (remove their "
                + "folders or add data)", e.getMessage());
    }

    private static void deleteFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
    }

    @Test
    void epochCountsAndBatchSizesAreConfigErrors() throws IOException {
        for (String[] bad : new String[][] {
                {"TRAIN.END_EPOCH", "0", "TRAIN.END_EPOCH is 0; it must be at least 1"},
                {"TRAIN.END_EPOCH", "-3", "TRAIN.END_EPOCH is -3; it must be at least 1"},
                {"TRAIN.BEGIN_EPOCH", "-1", "TRAIN.BEGIN_EPOCH is -1; it must be at least 0"},
                {"TRAIN.BEGIN_EPOCH", "5", "TRAIN.BEGIN_EPOCH 5 must be less than TRAIN.END_EPOCH 3"},
                {"TEST.BATCH_SIZE_PER_GPU", "0", "TEST.BATCH_SIZE_PER_GPU is 0; it must be at least 1"}}) {
            ConfigException e = assertThrows(ConfigException.class, () -> Training.run(config(bad[0], bad[1]), dir, false, QUIET));
            assertEquals("override " + bad[0] + " " + bad[1] + ": " + bad[2], e.getMessage());
        }
        ConfigException test = assertThrows(ConfigException.class,
                () -> Evaluation.run(config("TEST.BATCH_SIZE_PER_GPU", "0"), dir, null, QUIET));
        assertEquals("override TEST.BATCH_SIZE_PER_GPU 0: TEST.BATCH_SIZE_PER_GPU is 0; it must be at least 1", test.getMessage());
        assertFalse(Files.exists(dir.resolve("out/multidim_imagenet/tiny")), "nothing written");
    }
}
