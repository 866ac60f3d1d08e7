package dev.cvt.runtime.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.JsonFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** evaluation.json written and read back, with and without the baseline. */
class EvaluationRecordTest {
    private static final List<String> CLASSES = List.of("curl", "raise");
    private static final EvaluationRecord.Baseline BASELINE = new EvaluationRecord.Baseline(
            "random_forest(100 trees, window statistics)", 40, 8, 62.5, 60.0, Double.NaN,
            List.of(new EvaluationRecord.ClassScores("curl", 4, 60, 75, 66.66667), new EvaluationRecord.ClassScores("raise", 4, 66.66667, 50,
                    57.14286)), List.of(List.of(3L, 1L), List.of(2L, 2L)));

    @TempDir
    Path dir;

    private static EvaluationRecord evaluation(EvaluationRecord.Baseline baseline) {
        return new EvaluationRecord("val", "out/model_best", "f1ngerpr1nt", "d4t4", 8, 0, 0.5, 87.5, 100.0, 2, 87.5, 85.0, CLASSES,
                List.of(new EvaluationRecord.ClassScores("curl", 4, 80, 100, 88.88889)), List.of(List.of(4L, 0L), List.of(1L, 3L)),
                null, baseline, null);
    }

    @Test
    void theBaselineRoundTrips() throws IOException {
        Path file = dir.resolve("evaluation.json");
        JsonFiles.write(file, evaluation(BASELINE));
        String text = Files.readString(file);
        assertTrue(text.contains("\"baseline\": {\n    \"method\": \"random_forest(100 trees, window statistics)\",\n    \"train_samples\": 40,"),
                text);
        assertTrue(text.contains("\"macro_f1\": null"), "a NaN figure is null, as elsewhere");
        EvaluationRecord read = JsonFiles.read(file, EvaluationRecord.class);
        assertTrue(Double.isNaN(read.baseline().macroF1()));
        assertEquals(evaluation(BASELINE).baseline().perClass(), read.baseline().perClass());
        assertEquals(BASELINE.confusion(), read.baseline().confusion());
        assertEquals(62.5, read.baseline().top1());
    }

    @Test
    void aSkippedBaselineIsNull() throws IOException {
        Path file = dir.resolve("evaluation.json");
        JsonFiles.write(file, evaluation(null));
        assertTrue(Files.readString(file).contains("\"baseline\": null"));
        assertNull(JsonFiles.read(file, EvaluationRecord.class).baseline());
        assertEquals(evaluation(null), JsonFiles.read(file, EvaluationRecord.class));
    }

    @Test
    void aDamagedBaselineIsNamed() throws IOException {
        Path file = dir.resolve("evaluation.json");
        JsonFiles.write(file, evaluation(BASELINE));
        Files.writeString(file, Files.readString(file).replace("\"train_samples\": 40,", ""));
        assertEquals(file + ": has no field 'baseline.train_samples'; it was not written by this version of cvt-runtime",
                assertThrows(CvtException.class, () -> JsonFiles.read(file, EvaluationRecord.class)).getMessage());
        JsonFiles.write(file, evaluation(BASELINE));
        Files.writeString(file, Files.readString(file).replace("\"method\": \"random_forest(100 trees, window statistics)\"", "\"method\": null"));
        assertEquals(file + ": field 'baseline.method' is null",
                assertThrows(CvtException.class, () -> JsonFiles.read(file, EvaluationRecord.class)).getMessage());
    }
}
