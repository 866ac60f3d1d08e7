package dev.cvt.runtime.eval;

import com.google.gson.annotations.SerializedName;
import dev.cvt.runtime.JsonFiles;
import java.util.List;

/**
 * {@code evaluation.json}: a model's figures on one split, accuracies in percent, written by
 * {@code test} and read by the quality gate of {@code cvt:test} and by the report.
 *
 * @param model                   the model files evaluated ({@code <folder>/<name>})
 * @param modelFingerprint        the training fingerprint the model was trained for (empty for models of older versions)
 * @param dataFingerprint         the evaluated split's data fingerprint
 * @param nonFiniteScores         samples whose scores were not finite: counted as misses
 * @param top5K                   the k of top-5: capped at the model's outputs
 * @param confusion               rows = true class, columns = predicted class, both the data's classes
 * @param predictedOutsideClasses per true class, predictions of outputs beyond the data's classes (a head wider than
 *                                the data, as the original experiments had); null when the head has no such outputs
 * @param crossValidation         of a cross-validation's summary: each fold's figures and their spread; the other
 *                                figures are then those of all folds' test samples pooled. Null for one run.
 */
public record EvaluationRecord(String split, String model, String modelFingerprint, String dataFingerprint, int samples,
                               int nonFiniteScores, double loss, double top1, double top5, int top5K, double balancedAccuracy,
                               double macroF1, List<String> classes, List<ClassScores> perClass, List<List<Long>> confusion,
                               List<Long> predictedOutsideClasses, @JsonFiles.Optional CrossValidationScores crossValidation) {

    /** Each fold's figures on its own test split, and their mean and standard deviation over the folds. */
    public record CrossValidationScores(List<FoldScores> folds, Spread top1, Spread balancedAccuracy, Spread macroF1) {
    }

    /** One fold: the groups it held out and its model's figures on them. */
    public record FoldScores(String fold, List<String> testGroups, List<String> valGroups, String model, int samples, double top1,
                             double balancedAccuracy, double macroF1) {
    }

    /** Mean and (population) standard deviation over the folds. */
    public record Spread(double mean, double std) {
    }

    /** One class's row of the per-class table. */
    public record ClassScores(@SerializedName("class") String name, long support, double precision, double recall, double f1) {
    }
}
