package dev.cvt.maven;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.maven.plugin.MojoFailureException;

/**
 * Minimum scores an evaluation must reach, in percent; {@code null} sets no minimum. A score that is
 * not a number (NaN) meets no minimum.
 */
record QualityGate(Double minTop1, Double minTop5, Double minBalancedAccuracy, Double minMacroF1) {

    /**
     * Fails the build when a minimum is not met, naming every one missed; returns the line to log
     * otherwise.
     */
    String enforce(String experimentId, Evaluation evaluation) throws MojoFailureException {
        String where = " (" + evaluation.split() + ", " + evaluation.samples() + " samples)";
        List<String> missed = new ArrayList<>();
        List<String> met = new ArrayList<>();
        check("top-1", evaluation.top1(), "minTop1", minTop1, missed, met);
        check("top-5", evaluation.top5(), "minTop5", minTop5, missed, met);
        check("balanced accuracy", evaluation.balancedAccuracy(), "minBalancedAccuracy", minBalancedAccuracy, missed, met);
        check("macro-F1", evaluation.macroF1(), "minMacroF1", minMacroF1, missed, met);
        if (!missed.isEmpty()) {
            throw new MojoFailureException("experiment '" + experimentId + "': quality gate failed: "
                    + String.join("; ", missed) + where);
        }
        return "experiment '" + experimentId + "'" + where + ": top-1 " + percent(evaluation.top1())
                + ", top-5 " + percent(evaluation.top5()) + ", balanced accuracy " + percent(evaluation.balancedAccuracy())
                + ", macro-F1 " + percent(evaluation.macroF1()) + ", loss " + String.format(Locale.ROOT, "%.4f", evaluation.loss())
                + (met.isEmpty() ? "; no quality gate set" : "; quality gate met: " + String.join(", ", met));
    }

    private static void check(String metric, double value, String parameter, Double minimum, List<String> missed,
            List<String> met) {
        if (minimum == null) {
            return;
        }
        if (value >= minimum) {
            met.add(parameter + " " + percent(minimum));
        } else { // NaN lands here too
            missed.add(metric + " " + percent(value) + " < " + parameter + " " + percent(minimum));
        }
    }

    static String percent(double value) {
        return String.format(Locale.ROOT, "%.2f %%", value);
    }
}
