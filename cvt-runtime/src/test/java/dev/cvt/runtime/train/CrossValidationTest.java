package dev.cvt.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt.runtime.JsonFiles;
import dev.cvt.runtime.RecordingLog;
import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ConfigLoader;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.eval.Evaluation;
import dev.cvt.runtime.eval.EvaluationRecord;
import dev.cvt.runtime.melgen.Melgen;
import dev.cvt.runtime.melgen.MelgenTestData;
import dev.cvt.runtime.report.RunReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leave-one-group-out as one experiment: melgen writes a fold per group, train trains every fold in its
 * own run folder (each up to date on its own), test scores each fold's model on its own test group and
 * pools them; the report shows the folds.
 */
class CrossValidationTest {
    @TempDir
    Path dir;

    private final RecordingLog log = new RecordingLog();

    private ExperimentConfig experiment(String... overrides) throws IOException {
        TinyExperiment.write(dir);
        int seed = 0;
        for (String w : List.of("W1", "W2", "W3")) {
            for (String c : List.of("curl", "raise")) {
                Files.createDirectories(dir.resolve("rec").resolve(c));
                for (int r = 1; r <= 2; r++) {
                    Files.writeString(dir.resolve("rec/" + c + "/" + w + "-" + r + ".txt"),
                            MelgenTestData.agStream(60, c.equals("curl") ? 6 : 9, ++seed));
                }
            }
        }
        Files.writeString(dir.resolve("cv.yaml"), """
                BASE: ['tiny.yaml']
                NAME: 'cv'
                DATASET: {DATASET: 'multidim_imagenet', ROOT: 'out/ds', NUM_DIMS: 6, DATA_FORMAT: 'jpg', VAL_SET: 'val', TEST_SET: 'test'}
                TRAIN: {END_EPOCH: 1}
                MELGEN:
                  DATA_ROOT: 'rec'
                  WINDOW: 20
                  STRIDE: 10
                  IMAGE_SIZE: [16, 16]
                  CLASSES: [{NAME: 'curl'}, {NAME: 'raise'}]
                  SPLIT: {METHOD: 'group', GROUP: '/(W[0-9]+)-', FOLDS: -1, VAL_GROUPS: 1}
                """);
        return ConfigLoader.load(dir.resolve("cv.yaml"), List.of(overrides));
    }

    @Test
    void everyFoldIsTrainedAndTestedAndTheFoldsArePooled() throws IOException {
        ExperimentConfig config = experiment();
        Melgen.Result data = Melgen.run(config, dir, false, log);
        Path experimentDir = dir.resolve("out/multidim_imagenet/cv");
        Files.createDirectories(experimentDir);
        Files.writeString(experimentDir.resolve("run.json"), "{}"); // a run of this NAME before it was cross-validated
        Files.writeString(experimentDir.resolve("final-0000.params"), "its weights");
        Training.run(config, dir, false, log);
        assertTrue(Files.exists(dir.resolve("out/multidim_imagenet/cv.previous/final-0000.params")), "kept aside, not mixed");
        assertFalse(Files.exists(experimentDir.resolve("run.json")));
        for (String fold : List.of("fold1", "fold2", "fold3")) {
            RunRecord run = JsonFiles.read(experimentDir.resolve(fold).resolve("run.json"), RunRecord.class);
            assertEquals(RunRecord.State.FINISHED, run.state(), fold);
        }
        assertTrue(log.all.contains("=> fold 2 of 3 (fold2): test [W2], validation [W3], training [W1]"), String.join("\n", log.all));

        log.clear();
        Training.run(config, dir, false, log);
        assertEquals(3, log.all.stream().filter(l -> l.contains("is up to date")).count(), "each fold is up to date on its own");

        EvaluationRecord summary = Evaluation.run(config, dir, null, log);
        assertEquals(summary, JsonFiles.read(experimentDir.resolve("evaluation.json"), EvaluationRecord.class));
        assertEquals("test", summary.split());
        assertEquals(3, summary.crossValidation().folds().size());
        assertEquals(List.of("W3"), summary.crossValidation().folds().get(2).testGroups());
        int foldSamples = summary.crossValidation().folds().stream().mapToInt(EvaluationRecord.FoldScores::samples).sum();
        assertEquals(data.samples() / 3, foldSamples, "every window is tested once, by the fold that held its group out");
        assertEquals(foldSamples, summary.samples());
        long pooledHits = 0;
        for (int c = 0; c < summary.classes().size(); c++) {
            pooledHits += summary.confusion().get(c).get(c);
        }
        double foldHits = summary.crossValidation().folds().stream().mapToDouble(f -> f.top1() * f.samples() / 100).sum();
        assertEquals(foldHits, pooledHits, 1e-6, "the pooled confusion matrix is the folds' sum");
        assertEquals(100.0 * pooledHits / summary.samples(), summary.top1(), 1e-9);
        long baselineHits = 0;
        for (String fold : List.of("fold1", "fold2", "fold3")) {
            EvaluationRecord one = JsonFiles.read(experimentDir.resolve(fold).resolve("evaluation.json"), EvaluationRecord.class);
            for (int c = 0; c < one.classes().size(); c++) {
                baselineHits += one.baseline().confusion().get(c).get(c);
            }
        }
        assertEquals(summary.samples(), summary.baseline().samples(), "the baseline scores the same pooled samples");
        // each fold's predictions name the recording and window of every sample: a miss leads to its wearer
        List<String> predictions = Files.readAllLines(experimentDir.resolve("fold2/predictions.csv"));
        assertTrue(predictions.get(0).endsWith(",source,window,start_s"), predictions.get(0));
        assertTrue(predictions.stream().skip(1).allMatch(row -> row.matches(".*,[a-z]+/W2-[0-9]+\\.txt,[0-9]+,[0-9.]+")),
                predictions.toString());
        assertEquals(100.0 * baselineHits / summary.samples(), summary.baseline().top1(), 1e-9, "pooled like the model");
        assertEquals(JsonFiles.read(experimentDir.resolve("fold1/evaluation.json"), EvaluationRecord.class).baseline().top1(),
                summary.crossValidation().folds().get(0).baselineTop1(), 1e-9, "each fold's row names its baseline");

        RunReport.Summary page = RunReport.render(config, dir, "cv", dir.resolve("site"), null);
        String html = Files.readString(page.page());
        assertTrue(html.contains("href=\"fold3/index.html\"") && html.contains("Pooled test evaluation")
                && html.contains("baseline balanced"), html);
        assertTrue(Files.isRegularFile(dir.resolve("site/fold1/index.html")));
        assertEquals("finished", page.state());

        ExperimentConfig oneModel = experiment("TEST.MODEL_FILE", "out/multidim_imagenet/cv/fold1/model_best");
        ConfigException e = assertThrows(ConfigException.class, () -> Evaluation.run(oneModel, dir, null, log));
        assertTrue(e.getMessage().contains("DATASET.FOLD"), e.getMessage());
        EvaluationRecord fold2 = Evaluation.run(experiment("DATASET.FOLD", "fold2"), dir, null, log);
        assertEquals(summary.crossValidation().folds().get(1).top1(), fold2.top1(), 1e-9, "one fold can be run on its own");
        ConfigException unknown = assertThrows(ConfigException.class, () -> Training.run(experiment("DATASET.FOLD", "fold9"), dir, false, log));
        assertTrue(unknown.getMessage().contains("[fold1, fold2, fold3]"), unknown.getMessage());
    }
}
