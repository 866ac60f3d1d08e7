package dev.cvt.runtime.eval;

/**
 * A classifier's figures on one split: the mean cross-entropy and the accuracies in percent. NaN
 * where nothing was measured (no validation that epoch) or the value is not finite.
 */
public record Scores(double loss, double top1, double top5, double balancedAccuracy, double macroF1) {
    /** Nothing measured. */
    public static final Scores NONE = new Scores(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public static Scores of(Evaluator.Result result) {
        return of(result.metrics(), result.loss());
    }

    public static Scores of(ClassificationMetrics m, double loss) {
        return new Scores(loss, 100 * m.top1(), 100 * m.topK(5), 100 * m.balancedAccuracy(), 100 * m.macroF1());
    }
}
