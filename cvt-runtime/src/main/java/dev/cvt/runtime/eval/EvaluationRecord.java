package dev.cvt.runtime.eval;

import com.google.gson.annotations.SerializedName;
import dev.cvt.runtime.JsonFiles;
import java.util.ArrayList;
import java.util.Arrays;
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
 * @param baseline                the classical baseline's figures on the same split; null when it was skipped
 * @param crossValidation         of a cross-validation's summary: each fold's figures and their spread; the other
 *                                figures are then those of all folds' test samples pooled. Null for one run.
 */
public record EvaluationRecord(String split, String model, String modelFingerprint, String dataFingerprint, int samples,
                               int nonFiniteScores, double loss, double top1, double top5, int top5K, double balancedAccuracy,
                               double macroF1, List<String> classes, List<ClassScores> perClass, List<List<Long>> confusion,
                               List<Long> predictedOutsideClasses, @JsonFiles.Nullable Baseline baseline,
                               @JsonFiles.Nullable CrossValidationScores crossValidation) {

    /** Each fold's figures on its own test split, and their mean and standard deviation over the folds. */
    public record CrossValidationScores(List<FoldScores> folds, Spread top1, Spread balancedAccuracy, Spread macroF1) {
    }

    /** One fold: the groups it held out, its model's figures on them and the baseline's (null when it was skipped). */
    public record FoldScores(String fold, List<String> testGroups, List<String> valGroups, String model, int samples, double top1,
                             double balancedAccuracy, double macroF1, double baselineTop1, double baselineBalancedAccuracy) {
    }

    /** Mean and (population) standard deviation over the folds. */
    public record Spread(double mean, double std) {
    }

    /** One class's row of the per-class table. */
    public record ClassScores(@SerializedName("class") String name, long support, double precision, double recall, double f1) {
        /** The rows of {@code classes}, the first classes of {@code metrics}; figures in percent. */
        static List<ClassScores> of(List<String> classes, ClassificationMetrics metrics) {
            List<ClassScores> rows = new ArrayList<>();
            for (int c = 0; c < classes.size(); c++) {
                rows.add(new ClassScores(classes.get(c), metrics.support(c), 100 * metrics.precision(c), 100 * metrics.recall(c),
                        100 * metrics.f1(c)));
            }
            return rows;
        }
    }

    /**
     * A classical model scored on the evaluated split (trained on the training split), to show what the
     * deep model adds; accuracies in percent, classes and matrix as the model's.
     *
     * @param method       what it is, e.g. {@code random_forest(100 trees, window statistics)}
     * @param trainSamples the training windows it learnt from
     */
    public record Baseline(String method, int trainSamples, int samples, double top1, double balancedAccuracy, double macroF1,
                           List<ClassScores> perClass, List<List<Long>> confusion) {
    }

    /** The confusion matrix's rows and columns of the first {@code classes} classes. */
    static List<List<Long>> confusionRows(ClassificationMetrics metrics, int classes) {
        long[][] confusion = metrics.confusion();
        List<List<Long>> rows = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            rows.add(Arrays.stream(confusion[c], 0, classes).boxed().toList());
        }
        return rows;
    }
}
