package dev.cvt.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt.runtime.JsonFiles;
import dev.cvt.runtime.eval.EvaluationRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** evaluation.json as the runtime writes it, read by cvt:test's gate: one record type on both sides. */
class EvaluationTest {
    @TempDir
    Path dir;

    @Test
    void whatTheRuntimeWritesTheGateReads() throws MojoExecutionException {
        EvaluationRecord written = QualityGateTest.scores(87.5, 100, 80.25, 79.0);
        JsonFiles.write(dir.resolve("evaluation.json"), written);
        assertEquals(written, TestMojo.readEvaluation(dir.resolve("evaluation.json")));
    }

    @Test
    void anUndefinedMetricMissesItsMinimumInsteadOfBreakingTheBuild() throws Exception {
        // the runtime writes a NaN score as null; it must read back as NaN and fail the gate (BUILD FAILURE), not
        // the reading (BUILD ERROR)
        JsonFiles.write(dir.resolve("evaluation.json"), QualityGateTest.scores(90, 100, 90, Double.NaN));
        assertTrue(Files.readString(dir.resolve("evaluation.json")).contains("\"macro_f1\": null"));
        EvaluationRecord read = TestMojo.readEvaluation(dir.resolve("evaluation.json"));
        assertTrue(Double.isNaN(read.macroF1()));
        QualityGate.Outcome outcome = new QualityGate(null, null, null, 50.0).check("a", read);
        assertEquals(false, outcome.passed());
        assertEquals("experiment 'a': quality gate failed: macro-F1 NaN % < minMacroF1 50.00 % (val, 139 samples)", outcome.message());
    }

    @Test
    void aDamagedOrIncompleteFileIsAnErrorOfTheRunNamingIt() throws Exception {
        Path file = dir.resolve("evaluation.json");
        JsonFiles.write(file, QualityGateTest.scores(90, 100, 90, 90));
        Files.writeString(file, Files.readString(file).replace("\"balanced_accuracy\"", "\"ba\""));
        assertEquals(file + ": has no field 'balanced_accuracy'; it was not written by this version of cvt-runtime",
                assertThrows(MojoExecutionException.class, () -> TestMojo.readEvaluation(file)).getMessage());
        Files.writeString(file, "{\"split\": [");
        assertTrue(assertThrows(MojoExecutionException.class, () -> TestMojo.readEvaluation(file)).getMessage()
                .startsWith(file + ": not JSON"));
        Files.writeString(file, "[1, 2]");
        assertEquals(file + ": not a JSON object", assertThrows(MojoExecutionException.class, () -> TestMojo.readEvaluation(file)).getMessage());
    }

    @Test
    void aMissingFileSaysTheRuntimeWroteNone() {
        Path file = dir.resolve("evaluation.json");
        assertEquals("cvt-runtime test ended without writing its evaluation to " + file,
                assertThrows(MojoExecutionException.class, () -> TestMojo.readEvaluation(file)).getMessage());
    }
}
