package dev.cvt.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.FolderLock;
import dev.cvt.runtime.JsonFiles;
import dev.cvt.runtime.Log;
import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ConfigLoader;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.eval.Evaluation;
import dev.cvt.runtime.eval.EvaluationRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training as a build step: a run folder that is up to date with the experiment is left alone, a
 * changed experiment gets a fresh run (the earlier one kept aside, never mixed), an interrupted one
 * is resumed; one process at a time.
 */
class RunFolderTest {
    @TempDir
    Path dir;

    private Path run;
    private final List<String> lines = new ArrayList<>();
    private final Log log = new Log() {
        @Override
        public void info(String message) {
            lines.add(message);
        }

        @Override
        public void warn(String message) {
            lines.add("WARN " + message);
        }
    };

    @BeforeEach
    void tinyExperiment() throws IOException {
        TinyExperiment.write(dir);
        run = dir.resolve("out/multidim_imagenet/tiny");
    }

    private ExperimentConfig config(String... overrides) {
        List<String> all = new ArrayList<>(List.of("TRAIN.END_EPOCH", "2"));
        all.addAll(List.of(overrides));
        return ConfigLoader.load(dir.resolve("tiny.yaml"), all);
    }

    private void train(String... overrides) {
        lines.clear();
        Training.run(config(overrides), dir, false, log);
    }

    /** Every file of the run folder with its size and modification time. */
    private Map<String, String> files() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Stream<Path> all = Files.list(run)) {
            for (Path p : all.sorted().toList()) {
                out.put(p.getFileName().toString(), Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return out;
    }

    private String logged() {
        return String.join("\n", lines);
    }

    @Test
    void anUnchangedExperimentIsUpToDateAndNothingIsWritten() throws Exception {
        train();
        Map<String, String> before = files();
        Thread.sleep(20); // a rewrite would show in the modification times
        train("PRINT_FREQ", "1", "WORKERS", "1", "THREADS", "2", "TRAIN.SAVE_ALL_MODELS", "false");
        assertEquals(List.of("=> " + run + " is up to date: all 2 epochs are done and the experiment is unchanged "
                + "(to train again: --force on the command line, -Dcvt.train.force under Maven)"), lines);
        assertEquals(before, files(), "no file written, no TensorBoard file added");
    }

    @Test
    void aChangedKeyStartsAFreshRunAndKeepsThePreviousOneWhole() throws Exception {
        train();
        RunRecord first = JsonFiles.read(run.resolve("run.json"), RunRecord.class);
        List<EpochRecord> firstMetrics = TrainingTest.metricsWithoutTimes(run.resolve("metrics.jsonl"));
        train("TRAIN.LR", "0.01", "MODEL.SPEC.DROP_RATE", "[0.1, 0.0]");
        assertTrue(logged().contains("a fresh run, its checkpoint was written for another experiment or data; it differs in: MODEL.SPEC.DROP_RATE [0.0, 0.0] -> [0.1, 0.0]; "
                + "TRAIN.LR 0.003 -> 0.01"), logged());
        assertTrue(logged().contains("the previous run is kept in " + run.resolveSibling("tiny.previous")), logged());
        RunRecord second = JsonFiles.read(run.resolve("run.json"), RunRecord.class);
        assertEquals(2, second.epochsDone());
        assertNotEquals(first.fingerprint(), second.fingerprint());
        assertNotEquals(firstMetrics, TrainingTest.metricsWithoutTimes(run.resolve("metrics.jsonl")));
        assertTrue(second.wallSeconds() < first.wallSeconds() + second.wallSeconds(), "the wall time starts again");
        Path previous = run.resolveSibling("tiny.previous");
        assertEquals(first, JsonFiles.read(previous.resolve("run.json"), RunRecord.class));
        assertEquals(firstMetrics, TrainingTest.metricsWithoutTimes(previous.resolve("metrics.jsonl")));
        try (Stream<Path> events = Files.list(run)) {
            assertEquals(1, events.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents")).count(),
                    "TensorBoard shows one run per folder");
        }
    }

    @Test
    void changedDataStartsAFreshRun() throws Exception {
        train();
        Path up = dir.resolve("data/train/up");
        for (String view : List.of("dim1", "dim2")) {
            Files.copy(up.resolve(view).resolve("0.png"), up.resolve(view).resolve("100.png"));
        }
        train();
        assertTrue(logged().contains("its checkpoint was written for another experiment or data; it differs in: training data 'train' 48 -> 49 samples"), logged());
        Files.copy(up.resolve("dim2/1.png"), up.resolve("dim2/100.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        train();
        assertTrue(logged().contains("its checkpoint was written for another experiment or data; it differs in: training data 'train' content changed (49 samples)"),
                logged());
    }

    @Test
    void moreEpochsResumeUnlessTheScheduleSpansTheRun() throws Exception {
        String[] step = {"TRAIN.LR_SCHEDULER.ARGS.sched", "step"};
        train(step);
        Evaluation.run(config(step), dir, null, log);
        train("TRAIN.LR_SCHEDULER.ARGS.sched", "step", "TRAIN.END_EPOCH", "3");
        assertTrue(logged().contains("resuming, 2 of 3 epoch(s) done"), logged());
        assertFalse(Files.exists(run.resolve("evaluation.json")), "the shorter run's evaluation does not pass for this one's");
        assertEquals(List.of(0, 1, 2), TrainingTest.metricsWithoutTimes(run.resolve("metrics.jsonl")).stream().map(EpochRecord::epoch).toList());
        train("TRAIN.END_EPOCH", "3"); // the tiny experiment's cosine: every epoch's rate depends on the run's length
        assertTrue(logged().contains("a fresh run, its checkpoint was written for another experiment or data; it differs in: TRAIN.END_EPOCH (not counted) -> 3; "
                + "TRAIN.LR_SCHEDULER.ARGS.sched step -> cosine"), logged());
    }

    @Test
    void forceTrainsAgainAndKeepsTheEarlierRun() {
        train();
        lines.clear();
        Training.run(config(), dir, true, log);
        assertTrue(logged().contains("a fresh run, a fresh run was asked for (--force)"), logged());
        assertTrue(Files.isRegularFile(run.resolveSibling("tiny.previous").resolve("checkpoint.bin")));
        assertEquals(2, JsonFiles.read(run.resolve("run.json"), RunRecord.class).epochsDone());
    }

    @Test
    void anExplicitCheckpointResolvesAgainstTheWorkFolderAndMustFit() throws Exception {
        train();
        Files.createDirectories(dir.resolve("saved"));
        Files.copy(run.resolve("checkpoint.bin"), dir.resolve("saved/two-epochs.bin"));
        train("NAME", "continued", "TRAIN.END_EPOCH", "2", "TRAIN.CHECKPOINT", "saved/two-epochs.bin");
        assertTrue(logged().contains("resuming, 2 of 2 epoch(s) done (TRAIN.CHECKPOINT)"), logged());
        assertEquals(TrainingTest.metricsWithoutTimes(run.resolve("metrics.jsonl")),
                TrainingTest.metricsWithoutTimes(run.resolveSibling("continued").resolve("metrics.jsonl")));
        ConfigException refused = assertThrows(ConfigException.class,
                () -> train("NAME", "other", "SEED", "5", "TRAIN.CHECKPOINT", "saved/two-epochs.bin"));
        assertTrue(refused.getMessage().contains("TRAIN.CHECKPOINT " + dir.resolve("saved/two-epochs.bin")
                + " was written for another experiment or data; it differs in: SEED 0 -> 5"), refused.getMessage());
        assertTrue(assertThrows(ConfigException.class, () -> train("TRAIN.CHECKPOINT", "saved/none.bin")).getMessage()
                .contains("TRAIN.CHECKPOINT " + dir.resolve("saved/none.bin") + " does not exist"));
        Files.writeString(dir.resolve("saved/notes.txt"), "not a checkpoint at all");
        assertTrue(assertThrows(CvtException.class, () -> train("TRAIN.CHECKPOINT", "saved/notes.txt")).getMessage()
                .endsWith("saved/notes.txt: not a cvt checkpoint"), "named, not called corrupt: nobody should delete it");
        Training.run(config(), dir, true, log); // the first run now in tiny.previous
        Path previous = run.resolveSibling("tiny.previous").resolve("checkpoint.bin");
        assertTrue(assertThrows(ConfigException.class, () -> train("TRAIN.CHECKPOINT", previous.toString())).getMessage()
                .contains("is in the folder a fresh run replaces with the current one; copy it elsewhere first"));
    }

    @Test
    void testRecordsWhichModelAndDataAndRefusesAStaleModel() {
        train();
        EvaluationRecord evaluation = Evaluation.run(config(), dir, null, log);
        RunRecord status = JsonFiles.read(run.resolve("run.json"), RunRecord.class);
        assertEquals(status.fingerprint(), evaluation.modelFingerprint());
        assertEquals(64, evaluation.dataFingerprint().length());
        CvtException stale = assertThrows(CvtException.class, () -> Evaluation.run(config("TRAIN.LR", "0.02"), dir, null, log));
        assertTrue(stale.getMessage().contains("trained for another experiment config or data than the current one (TRAIN.LR 0.003 -> 0.02)"),
                stale.getMessage());
        JsonFiles.write(run.resolve("run.json"), status.ended(RunRecord.State.INTERRUPTED, "stopped", status.updated()));
        lines.clear();
        Evaluation.run(config(), dir, null, log);
        assertTrue(lines.contains("WARN " + run.resolve("model_best") + ": its run is interrupted after 2 of 2 epochs: this is the best "
                + "model of those; train again to finish the run"), logged());
        assertEquals(evaluation.top1(), Evaluation.run(config("TRAIN.LR", "0.02", "TEST.MODEL_FILE",
                run.resolve("model_best").toString()), dir, null, log).top1(), "named explicitly, it is evaluated as asked");
    }

    @Test
    void aSecondRunOfTheSameFolderIsRefusedAtOnce() {
        try (FolderLock other = FolderLock.acquire(run, "training")) {
            CvtException refused = assertThrows(CvtException.class, () -> train());
            assertTrue(refused.getMessage().startsWith(run + ": in use by another run (this process, PID "), refused.getMessage());
            assertTrue(assertThrows(CvtException.class, () -> Evaluation.run(config(), dir, null, log)).getMessage()
                    .startsWith(run + ": in use by another run"));
        }
        assertFalse(Files.exists(run.resolve("run.json")), "the refused run wrote nothing");
    }

    @Test
    void nameIsOneFolderNotAPathToOthersRuns() {
        for (String name : List.of("..", ".", "a/b", ".hidden")) {
            ConfigException e = assertThrows(ConfigException.class, () -> train("NAME", name));
            assertTrue(e.getMessage().contains("NAME '" + name + "' must be one folder name"), e.getMessage());
        }
    }

    @Test
    void aFreshRunKeepsSavedWeightsAsideButDropsTheLeftoversOfAFailedStart() throws IOException {
        RunDirectory folder = new RunDirectory(run);
        Files.createDirectories(run);
        Files.writeString(run.resolve("run.json"), "{}");
        Files.writeString(run.resolve("train.log"), "failed in epoch 0");
        assertEquals(null, folder.startAfresh());
        assertFalse(Files.exists(run), "leftovers of a run that saved nothing");
        Files.createDirectories(run);
        Files.writeString(run.resolve("model_best-0000.params"), "weights whose checkpoint was deleted");
        assertEquals(folder.previous(), folder.startAfresh());
        assertTrue(Files.exists(folder.previous().resolve("model_best-0000.params")));
        Files.createDirectories(run.resolve("fold2"));
        Files.writeString(run.resolve("fold2/checkpoint.bin"), "a cross-validation fold's run");
        assertEquals(folder.previous(), folder.startAfresh(), "a plain run where folds were trained keeps the fold runs aside");
        assertTrue(Files.exists(folder.previous().resolve("fold2/checkpoint.bin")));
    }
}
