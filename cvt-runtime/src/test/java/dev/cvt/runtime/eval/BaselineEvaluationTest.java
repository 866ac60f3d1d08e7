package dev.cvt.runtime.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt.runtime.RecordingLog;
import dev.cvt.runtime.baseline.BaselineResult;
import dev.cvt.runtime.baseline.ToyWindows;
import dev.cvt.runtime.config.ConfigLoader;
import dev.cvt.runtime.config.ExperimentConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineEvaluationTest {
    private static final List<String> CLASSES = List.of("flat", "level", "wave");
    private static final Scores MODEL = new Scores(0.7, 50, 100, 45, 40);

    @TempDir
    Path dir;

    private final RecordingLog log = new RecordingLog();

    @BeforeEach
    void toyDataset() throws IOException {
        for (int c = 0; c < CLASSES.size(); c++) {
            ToyWindows.write(dir.resolve("data"), "train", CLASSES.get(c), 20, 0.3, c);
            ToyWindows.write(dir.resolve("data"), "val", CLASSES.get(c), 10, 0.3, 100 + c);
        }
    }

    private ExperimentConfig config(String... overrides) throws IOException {
        Path yaml = dir.resolve("exp.yaml");
        Files.writeString(yaml, "DATASET:\n  ROOT: 'data'\n");
        return ConfigLoader.load(yaml, List.of(overrides));
    }

    private EvaluationRecord.Baseline run(ExperimentConfig config) {
        return BaselineEvaluation.run(config, dir.resolve("data"), "val", CLASSES, MODEL, log);
    }

    @Test
    void scoredWithTheModelsMetricsAndLoggedBesideIt() throws IOException {
        EvaluationRecord.Baseline baseline = run(config());

        assertEquals("random_forest(100 trees, window statistics)", baseline.method());
        assertEquals(60, baseline.trainSamples());
        assertEquals(30, baseline.samples());
        assertEquals(100.0, baseline.top1());
        assertEquals(100.0, baseline.balancedAccuracy());
        assertEquals(List.of(List.of(10L, 0L, 0L), List.of(0L, 10L, 0L), List.of(0L, 0L, 10L)), baseline.confusion());
        assertEquals(new EvaluationRecord.ClassScores("wave", 10, 100, 100, 100), baseline.perClass().get(2));
        assertEquals(1, log.infos.size());
        assertTrue(log.infos.get(0).matches("baseline random forest \\(60 training windows, [0-9.]+s\\): top-1 100\\.00 % balanced 100\\.00 % "
                + "macro-F1 100\\.00 % \u2014 model: top-1 50\\.00 % balanced 45\\.00 % macro-F1 40\\.00 %"), log.infos.get(0));
        assertEquals(List.of(), log.warnings);
    }

    @Test
    void predictionsAreScoredAsTheModelsAre() {
        // a -> a; a tie of a and b, which the metrics break to the first class, a; a -> b; b -> b
        BaselineResult result = new BaselineResult("m", List.of("a", "b"), 5, List.of(
                new BaselineResult.Prediction("a/0.npy", 0, 0, new float[] {0.9f, 0.1f}),
                new BaselineResult.Prediction("a/1.npy", 0, 0, new float[] {0.5f, 0.5f}),
                new BaselineResult.Prediction("a/2.npy", 0, 1, new float[] {0.2f, 0.8f}),
                new BaselineResult.Prediction("b/0.npy", 1, 1, new float[] {0.4f, 0.6f})));
        EvaluationRecord.Baseline baseline = BaselineEvaluation.record(result);

        assertEquals(5, baseline.trainSamples());
        assertEquals(4, baseline.samples());
        assertEquals(75.0, baseline.top1());
        assertEquals((100 * 2.0 / 3 + 100) / 2, baseline.balancedAccuracy(), 1e-9);
        assertEquals(List.of(List.of(2L, 1L), List.of(0L, 1L)), baseline.confusion());
        EvaluationRecord.ClassScores b = baseline.perClass().get(1);
        assertEquals(List.of("b", 1L, 50.0, 100.0), List.of(b.name(), b.support(), b.precision(), b.recall()));
        assertEquals(200.0 / 3, b.f1(), 1e-9);
    }

    @Test
    void offWhenTheKeySaysSo() throws IOException {
        assertNull(run(config("TEST.BASELINE", "false")));
        assertEquals(List.of(), log.infos);
    }

    @Test
    void skippedWithOneInfoLineWithoutRawWindows() throws IOException {
        Files.createDirectories(dir.resolve("data/val/flat2/dim1"));
        assertNull(BaselineEvaluation.run(config(), dir.resolve("data"), "val", List.of("flat", "flat2"), MODEL, log));
        assertEquals(List.of("baseline skipped: " + dir.resolve("data/val/flat2") + " has no raw/ folder (a dataset from before melgen "
                + "wrote raw windows, or not made by melgen; run melgen again with force (-Dcvt.melgen.force, --force) to add them)"),
                log.infos);
        assertEquals(List.of(), log.warnings);
    }

    @Test
    void aDamagedRawWindowIsAWarningNotAFailedTest() throws IOException {
        Path damaged = dir.resolve("data/val/wave/raw/4.npy");
        Files.writeString(damaged, "not numpy");
        assertNull(run(config()));
        assertEquals(List.of("baseline skipped: " + damaged + ": not a .npy file"), log.warnings);
    }
}
