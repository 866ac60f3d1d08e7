package dev.cvt.maven;

import dev.cvt.runtime.eval.EvaluationRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The gate against a previous evaluation ({@code evaluation.json} of an earlier build): how many
 * percentage points top-1 and balanced accuracy may drop from it; {@code null} allows any drop. A
 * score that is not a number (NaN) exceeds every limit.
 */
record DropGate(Path file, EvaluationRecord previous, Double maxTop1Drop, Double maxBalancedAccuracyDrop) {

    /** The parameters of the limits set, e.g. {@code [maxTop1Drop]}. */
    List<String> parametersSet() {
        List<String> set = new ArrayList<>();
        if (maxTop1Drop != null) {
            set.add("maxTop1Drop");
        }
        if (maxBalancedAccuracyDrop != null) {
            set.add("maxBalancedAccuracyDrop");
        }
        return set;
    }

    /** Compares the evaluation with the previous one for every limit set. */
    List<QualityGate.Check> check(EvaluationRecord current) {
        List<QualityGate.Check> checks = new ArrayList<>();
        check("top-1", current.top1(), previous.top1(), "maxTop1Drop", maxTop1Drop, checks);
        check("balanced accuracy", current.balancedAccuracy(), previous.balancedAccuracy(), "maxBalancedAccuracyDrop",
                maxBalancedAccuracyDrop, checks);
        return checks;
    }

    private void check(String metric, double value, double before, String parameter, Double maxDrop, List<QualityGate.Check> checks) {
        if (maxDrop == null) {
            return;
        }
        double drop = before - value;
        String limit = parameter + " " + points(maxDrop);
        boolean met = drop <= maxDrop; // NaN exceeds every limit
        checks.add(new QualityGate.Check(parameter, met, metric + " " + QualityGate.percent(value) + " (" + QualityGate.percent(before)
                + " in " + file + "): drop " + points(drop) + (met ? " \u2264 " : " > ") + limit, limit));
    }

    private static String points(double value) {
        return String.format(Locale.ROOT, "%.2f points", value);
    }
}
