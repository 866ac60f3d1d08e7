package dev.cvt.maven;

import dev.cvt.runtime.eval.EvaluationRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.maven.plugin.MojoFailureException;

/**
 * Minimum scores an evaluation must reach, in percent; {@code null} sets no minimum. A score that is
 * not a number (NaN) meets no minimum.
 */
record QualityGate(Double minTop1, Double minTop5, Double minBalancedAccuracy, Double minMacroF1) {

    /** Whether any minimum is set. */
    boolean isSet() {
        return minTop1 != null || minTop5 != null || minBalancedAccuracy != null || minMacroF1 != null;
    }

    /**
     * How an evaluation fares against the minimums.
     *
     * @param met the minimums met, e.g. {@code minTop1 95.00 %}
     * @param missed the minimums missed, e.g. {@code top-1 87.50 % < minTop1 95.00 %}
     * @param checks every comparison made, met or missed, e.g. {@code top-1 100.00 % ≥ minTop1 95.00 %}
     */
    record Outcome(String experimentId, EvaluationRecord evaluation, List<String> met, List<String> missed, List<String> checks) {
        boolean passed() {
            return missed.isEmpty();
        }

        private String where() {
            return " (" + evaluation.split() + ", " + evaluation.samples() + " samples)";
        }

        /** The build's message: the failure naming every minimum missed, or the line that logs all figures. */
        String message() {
            if (!passed()) {
                return "experiment '" + experimentId + "': quality gate failed: " + String.join("; ", missed) + where();
            }
            return "experiment '" + experimentId + "'" + where() + ": top-1 " + percent(evaluation.top1())
                    + ", top-5 " + percent(evaluation.top5()) + ", balanced accuracy " + percent(evaluation.balancedAccuracy())
                    + ", macro-F1 " + percent(evaluation.macroF1()) + ", loss " + String.format(Locale.ROOT, "%.4f", evaluation.loss())
                    + (met.isEmpty() ? "; no quality gate set" : "; quality gate met: " + String.join(", ", met));
        }

        /** For the report: every comparison, and where it was measured. */
        String description() {
            return String.join("; ", checks) + where();
        }
    }

    /** Compares the evaluation with every minimum set. */
    Outcome check(String experimentId, EvaluationRecord evaluation) {
        List<String> missed = new ArrayList<>();
        List<String> met = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        check("top-1", evaluation.top1(), "minTop1", minTop1, missed, met, checks);
        check("top-5", evaluation.top5(), "minTop5", minTop5, missed, met, checks);
        check("balanced accuracy", evaluation.balancedAccuracy(), "minBalancedAccuracy", minBalancedAccuracy, missed, met, checks);
        check("macro-F1", evaluation.macroF1(), "minMacroF1", minMacroF1, missed, met, checks);
        return new Outcome(experimentId, evaluation, List.copyOf(met), List.copyOf(missed), List.copyOf(checks));
    }

    /**
     * Fails the build when a minimum is not met, naming every one missed; returns the line to log
     * otherwise.
     */
    String enforce(String experimentId, EvaluationRecord evaluation) throws MojoFailureException {
        return enforce(check(experimentId, evaluation));
    }

    static String enforce(Outcome outcome) throws MojoFailureException {
        if (!outcome.passed()) {
            throw new MojoFailureException(outcome.message());
        }
        return outcome.message();
    }

    private static void check(String metric, double value, String parameter, Double minimum, List<String> missed,
            List<String> met, List<String> checks) {
        if (minimum == null) {
            return;
        }
        if (value >= minimum) {
            met.add(parameter + " " + percent(minimum));
            checks.add(metric + " " + percent(value) + " \u2265 " + parameter + " " + percent(minimum));
        } else { // NaN lands here too
            String miss = metric + " " + percent(value) + " < " + parameter + " " + percent(minimum);
            missed.add(miss);
            checks.add(miss);
        }
    }

    static String percent(double value) {
        return String.format(Locale.ROOT, "%.2f %%", value);
    }
}
