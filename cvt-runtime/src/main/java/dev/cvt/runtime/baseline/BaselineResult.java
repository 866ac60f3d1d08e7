package dev.cvt.runtime.baseline;

import java.util.List;

/**
 * A baseline's predictions on one split, one per sample, for the caller to score (and to pool over
 * the folds of a cross-validation) with the project's classification metrics.
 *
 * @param method       what the baseline is, for reports
 * @param classes      the class names; labels and probability indices refer to this list
 * @param trainSamples the training windows it learnt from
 */
public record BaselineResult(String method, List<String> classes, int trainSamples, List<Prediction> predictions) {

    /**
     * @param sample        {@code <class>/<file>}
     * @param truth         the sample's class
     * @param predicted     the most probable class (the first of equals)
     * @param probabilities one per class; 0 for classes the training split has no samples of
     */
    public record Prediction(String sample, int truth, int predicted, float[] probabilities) {
    }
}
