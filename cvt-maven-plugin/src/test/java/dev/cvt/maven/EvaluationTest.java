package dev.cvt.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {
    private static final String JSON = """
            {"split": "val", "samples": 139, "loss": 0.3125, "top1": 87.5, "top5": 100, "balanced_accuracy": 80.25,
             "macro_f1": 79.0, "classes": ["Dumbbell Bicep Curl", "Dumbbell Lateral Raise"], "confusion": [[1, 0], [0, 1]]}
            """;

    @Test
    void readsTheFieldsTheGateNeedsAndIgnoresTheRest() throws MojoExecutionException {
        assertEquals(new Evaluation("val", 139, 0.3125, 87.5, 100, 80.25, 79.0, List.of("Dumbbell Bicep Curl", "Dumbbell Lateral Raise")),
                Evaluation.parse(JSON, "e.json"));
    }

    @Test
    void anUndefinedMetricWrittenAsNaNIsNaN() throws MojoExecutionException {
        assertTrue(Double.isNaN(Evaluation.parse(JSON.replace("79.0", "\"NaN\""), "e.json").macroF1()));
    }

    @Test
    void aMissingOrMistypedFieldIsNamed() {
        assertEquals("e.json: 'balanced_accuracy' missing or not a number",
                assertThrows(MojoExecutionException.class, () -> Evaluation.parse(JSON.replace("\"balanced_accuracy\"", "\"ba\""), "e.json")).getMessage());
        assertEquals("e.json: 'top1' missing or not a number: high",
                assertThrows(MojoExecutionException.class, () -> Evaluation.parse(JSON.replace("87.5", "\"high\""), "e.json")).getMessage());
        assertEquals("e.json: 'samples' is not a count: 139.5",
                assertThrows(MojoExecutionException.class, () -> Evaluation.parse(JSON.replace("139", "139.5"), "e.json")).getMessage());
        assertEquals("e.json: not a JSON object",
                assertThrows(MojoExecutionException.class, () -> Evaluation.parse("[1, 2]", "e.json")).getMessage());
        assertTrue(assertThrows(MojoExecutionException.class, () -> Evaluation.parse("{\"a\": [", "e.json")).getMessage()
                .startsWith("e.json: not JSON: "));
    }

    @Test
    void aMissingFileSaysTheRuntimeWroteNone(@TempDir Path dir) {
        Path file = dir.resolve("evaluation.json");
        assertEquals("cvt-runtime test ended without writing its evaluation to " + file,
                assertThrows(MojoExecutionException.class, () -> Evaluation.read(file)).getMessage());
    }
}
