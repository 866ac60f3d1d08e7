package dev.cvt.maven;

import dev.cvt.runtime.eval.EvaluationRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Minimum scores an evaluation must reach, in percent; {@code null} sets no minimum. A score that is
 * not a number (NaN) meets no minimum.
 */
record QualityGate(Double minTop1, Double minTop5, Double minBalancedAccuracy, Double minMacroF1) {

    /**
     * One minimum compared with its score.
     *
     * @param parameter the minimum's parameter, e.g. {@code minTop1}
     * @param description the comparison, e.g. {@code top-1 100.00 % ≥ minTop1 95.00 %}
     * @param limit the parameter and its value, e.g. {@code minTop1 95.00 %}
     */
    record Check(String parameter, boolean met, String description, String limit) {
    }

    /** Each minimum this gate sets, else the one of {@code fallback}: an experiment's own gate over the plugin's. */
    QualityGate orElse(QualityGate fallback) {
        return new QualityGate(minTop1 != null ? minTop1 : fallback.minTop1, minTop5 != null ? minTop5 : fallback.minTop5,
                minBalancedAccuracy != null ? minBalancedAccuracy : fallback.minBalancedAccuracy,
                minMacroF1 != null ? minMacroF1 : fallback.minMacroF1);
    }

    /** The parameters of the minimums set, e.g. {@code [minTop1, minMacroF1]}. */
    List<String> parametersSet() {
        List<String> set = new ArrayList<>();
        if (minTop1 != null) {
            set.add("minTop1");
        }
        if (minTop5 != null) {
            set.add("minTop5");
        }
        if (minBalancedAccuracy != null) {
            set.add("minBalancedAccuracy");
        }
        if (minMacroF1 != null) {
            set.add("minMacroF1");
        }
        return set;
    }

    /**
     * How an evaluation fares against the minimums.
     *
     * @param checks every comparison made, met or missed
     */
    record Outcome(String experimentId, EvaluationRecord evaluation, List<Check> checks) {
        boolean passed() {
            return missed().isEmpty();
        }

        /** The limits met, e.g. {@code minTop1 95.00 %}. */
        List<String> met() {
            return checks.stream().filter(Check::met).map(Check::limit).toList();
        }

        /** The limits missed, e.g. {@code top-1 87.50 % < minTop1 95.00 %}. */
        List<String> missed() {
            return checks.stream().filter(c -> !c.met()).map(Check::description).toList();
        }

        /** This outcome with more comparisons, e.g. those with a previous evaluation ({@link DropGate}). */
        Outcome with(List<Check> more) {
            List<Check> all = new ArrayList<>(checks);
            all.addAll(more);
            return new Outcome(experimentId, evaluation, List.copyOf(all));
        }

        private String where() {
            return " (" + measuredOn() + ")";
        }

        /** The build's message: the failure naming every minimum missed, or the line that logs all figures. */
        String message() {
            if (!passed()) {
                return "experiment '" + experimentId + "': quality gate failed: " + String.join("; ", missed()) + where();
            }
            return "experiment '" + experimentId + "'" + where() + ": " + figures()
                    + (met().isEmpty() ? "; no quality gate set" : "; quality gate met: " + String.join(", ", met()));
        }

        /** Every score of the evaluation, e.g. {@code top-1 90.00 %, top-5 100.00 %, ..., loss 0.5000}. */
        String figures() {
            return "top-1 " + percent(evaluation.top1()) + ", top-5 " + percent(evaluation.top5()) + ", balanced accuracy "
                    + percent(evaluation.balancedAccuracy()) + ", macro-F1 " + percent(evaluation.macroF1()) + ", loss "
                    + String.format(Locale.ROOT, "%.4f", evaluation.loss());
        }

        /** Where the scores were measured, e.g. {@code val, 8 samples}. */
        String measuredOn() {
            return evaluation.split() + ", " + evaluation.samples() + " samples";
        }

        /** For the report: every comparison, and where it was measured. */
        String description() {
            return String.join("; ", checks.stream().map(Check::description).toList()) + where();
        }
    }

    /** Compares the evaluation with every minimum set. */
    Outcome check(String experimentId, EvaluationRecord evaluation) {
        List<Check> checks = new ArrayList<>();
        check("top-1", evaluation.top1(), "minTop1", minTop1, checks);
        check("top-5", evaluation.top5(), "minTop5", minTop5, checks);
        check("balanced accuracy", evaluation.balancedAccuracy(), "minBalancedAccuracy", minBalancedAccuracy, checks);
        check("macro-F1", evaluation.macroF1(), "minMacroF1", minMacroF1, checks);
        return new Outcome(experimentId, evaluation, List.copyOf(checks));
    }

    private static void check(String metric, double value, String parameter, Double minimum, List<Check> checks) {
        if (minimum == null) {
            return;
        }
        String limit = parameter + " " + percent(minimum);
        boolean met = value >= minimum; // NaN meets no minimum
        checks.add(new Check(parameter, met, metric + " " + percent(value) + (met ? " \u2265 " : " < ") + limit, limit));
    }

    static String percent(double value) {
        return String.format(Locale.ROOT, "%.2f %%", value);
    }
}
