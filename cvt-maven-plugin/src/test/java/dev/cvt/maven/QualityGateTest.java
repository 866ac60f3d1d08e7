package dev.cvt.maven;

import dev.cvt.runtime.eval.EvaluationRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class QualityGateTest {
    /** An evaluation of 139 samples of the split val with these scores, as the runtime writes it. */
    static EvaluationRecord scores(double top1, double top5, double balanced, double macroF1) {
        return new EvaluationRecord("val", "out/model_best", "f1ngerpr1nt", "d4t4", 139, 0, 0.25, top1, top5, 2, balanced, macroF1,
                List.of("curl", "raise"), List.of(), List.of(List.of(1L, 0L), List.of(0L, 1L)), null, null, null);
    }

    @Test
    void aMissedMinimumFailsTheBuildWithScoreThresholdAndSplit() {
        QualityGate gate = new QualityGate(95.0, null, null, null);
        QualityGate.Outcome outcome = gate.check("agmel", scores(87.5, 100, 90, 90));
        assertEquals(false, outcome.passed());
        assertEquals("experiment 'agmel': quality gate failed: top-1 87.50 % < minTop1 95.00 % (val, 139 samples)", outcome.message());
    }

    @Test
    void everyMissedMinimumIsNamed() {
        QualityGate gate = new QualityGate(50.0, 99.0, 60.0, 70.0);
        QualityGate.Outcome outcome = gate.check("x", scores(80, 98.999, 60, 69.5));
        assertEquals(false, outcome.passed());
        assertEquals("experiment 'x': quality gate failed: top-5 99.00 % < minTop5 99.00 %; macro-F1 69.50 % < minMacroF1 70.00 %"
                + " (val, 139 samples)", outcome.message());
    }

    @Test
    void aScoreEqualToItsMinimumMeetsIt() {
        QualityGate gate = new QualityGate(87.5, 100.0, 90.0, 10.0);
        assertEquals("experiment 'agmel' (val, 139 samples): top-1 87.50 %, top-5 100.00 %, balanced accuracy 90.00 %,"
                + " macro-F1 90.00 %, loss 0.2500; quality gate met: minTop1 87.50 %, minTop5 100.00 %,"
                + " minBalancedAccuracy 90.00 %, minMacroF1 10.00 %", gate.check("agmel", scores(87.5, 100, 90, 90)).message());
    }

    @Test
    void withoutMinimumsTheFiguresAreReported() {
        String line = new QualityGate(null, null, null, null).check("a", scores(Double.NaN, 0, 0, 0)).message();
        assertEquals("experiment 'a' (val, 139 samples): top-1 NaN %, top-5 0.00 %, balanced accuracy 0.00 %, macro-F1 0.00 %,"
                + " loss 0.2500; no quality gate set", line);
    }

    @Test
    void anUndefinedScoreMeetsNoMinimum() {
        QualityGate gate = new QualityGate(null, null, null, 0.0);
        QualityGate.Outcome outcome = gate.check("a", scores(90, 90, 90, Double.NaN));
        assertEquals(false, outcome.passed());
        assertEquals("experiment 'a': quality gate failed: macro-F1 NaN % < minMacroF1 0.00 % (val, 139 samples)", outcome.message());
    }

    @Test
    void theOutcomeForTheReportNamesEveryComparison() {
        QualityGate gate = new QualityGate(95.0, null, 90.0, null);
        QualityGate.Outcome missed = gate.check("a", scores(94.99, 100, 90, 0));
        assertEquals(false, missed.passed());
        assertEquals("top-1 94.99 % < minTop1 95.00 %; balanced accuracy 90.00 % \u2265 minBalancedAccuracy 90.00 % (val, 139 samples)",
                missed.description());
        QualityGate.Outcome met = gate.check("a", scores(95, 0, 91, 0));
        assertEquals(true, met.passed());
        assertEquals("top-1 95.00 % \u2265 minTop1 95.00 %; balanced accuracy 91.00 % \u2265 minBalancedAccuracy 90.00 % (val, 139 samples)",
                met.description());
        assertEquals(false, gate.check("a", scores(Double.NaN, 0, 91, 0)).passed());
    }

    @Test
    void theReportGetsNoGateWithoutLimitsAndAFailedOneWithoutAnEvaluation() {
        assertEquals(List.of(), new QualityGate(null, null, null, null).parametersSet());
        assertEquals(null, TestMojo.reportGate(false, null));
        assertEquals(new dev.cvt.runtime.report.RunReport.Gate(false, "not checked: the evaluation did not complete"),
                TestMojo.reportGate(true, null));
        QualityGate gate = new QualityGate(50.0, null, null, null);
        assertEquals(new dev.cvt.runtime.report.RunReport.Gate(true, "top-1 87.50 % \u2265 minTop1 50.00 % (val, 139 samples)"),
                TestMojo.reportGate(true, gate.check("a", scores(87.5, 0, 0, 0))));
    }

    @Test
    void anExperimentsOwnMinimumsOverrideThePluginsOnesAndTheRestFallBack() {
        QualityGate plugin = new QualityGate(90.0, 99.0, null, null);
        assertEquals(new QualityGate(50.0, 99.0, 60.0, null), new QualityGate(50.0, null, 60.0, null).orElse(plugin));
        assertEquals(plugin, new QualityGate(null, null, null, null).orElse(plugin));
        assertEquals(List.of("minTop1", "minTop5"), plugin.parametersSet());
        assertEquals(List.of("minTop1", "minTop5", "minBalancedAccuracy", "minMacroF1"), new QualityGate(1.0, 1.0, 1.0, 1.0).parametersSet());
    }

    @Test
    void aDropBeyondItsLimitFromThePreviousEvaluationMissesTheGate() {
        DropGate drops = new DropGate(java.nio.file.Path.of("main/evaluation.json"), scores(90, 100, 80, 0), 2.0, 5.0);
        assertEquals(List.of("maxTop1Drop", "maxBalancedAccuracyDrop"), drops.parametersSet());
        QualityGate.Outcome outcome = new QualityGate(85.0, null, null, null).check("a", scores(87.5, 100, 76, 0))
                .with(drops.check(scores(87.5, 100, 76, 0)));
        assertEquals("experiment 'a': quality gate failed: top-1 87.50 % (90.00 % in main/evaluation.json): drop 2.50 points"
                + " > maxTop1Drop 2.00 points (val, 139 samples)", outcome.message());
        assertEquals(List.of("minTop1 85.00 %", "maxBalancedAccuracyDrop 5.00 points"), outcome.met());
        assertEquals(true, new QualityGate(null, null, null, null).check("a", scores(95, 0, 80, 0))
                .with(drops.check(scores(88, 0, 75, 0))).passed());
        assertEquals(List.of(false), drops.check(scores(Double.NaN, 0, 80, 0)).stream().limit(1).map(QualityGate.Check::met).toList());
        assertEquals(List.of(), new DropGate(null, scores(0, 0, 0, 0), null, null).parametersSet());
    }
}
