package dev.cvt.runtime.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.cvt.runtime.data.BatchLoader;
import dev.cvt.runtime.data.DecodedSamples;
import java.util.Iterator;
import java.util.function.UnaryOperator;

/**
 * Runs a model over a whole split in order: the mean cross-entropy (no smoothing, as the
 * original's evaluation criterion), the classification metrics and every sample's probabilities.
 */
public final class Evaluator {
    private Evaluator() {
    }

    /** The outcome; {@code probabilities[i]} belongs to sample {@code i} of the split. */
    public record Result(double loss, ClassificationMetrics metrics, float[][] probabilities) {
    }

    /**
     * @param classes the model's outputs ({@code MODEL.NUM_CLASSES}; the data's labels are the first ones)
     * @param forward images {@code [B, V, 3, H, W]} to logits {@code [B, classes]}, inference mode
     */
    public static Result evaluate(DecodedSamples data, BatchLoader loader, int classes, NDManager manager,
                                  UnaryOperator<NDArray> forward) {
        int n = data.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        ClassificationMetrics metrics = new ClassificationMetrics(classes);
        float[][] probabilities = new float[n][];
        double lossSum = 0;
        try (NDManager scope = manager.newSubManager()) {
            Iterator<BatchLoader.Batch> batches = loader.epoch(scope, order, false, 0);
            while (batches.hasNext()) {
                try (NDManager step = scope.newSubManager()) {
                    BatchLoader.Batch batch = batches.next();
                    batch.images().attach(step);
                    NDArray logits = forward.apply(batch.images());
                    float[] logProbs = logits.logSoftmax(1).toFloatArray();
                    for (int i = 0; i < batch.labels().length; i++) {
                        float[] row = new float[classes];
                        float[] p = new float[classes];
                        System.arraycopy(logProbs, i * classes, row, 0, classes);
                        for (int c = 0; c < classes; c++) {
                            p[c] = (float) Math.exp(row[c]);
                        }
                        lossSum -= row[batch.labels()[i]];
                        metrics.add(batch.labels()[i], p);
                        probabilities[batch.indices()[i]] = p;
                    }
                }
            }
        }
        return new Result(lossSum / n, metrics, probabilities);
    }

    /** The figures the logs, metrics.jsonl and evaluation.json share, accuracies in percent. */
    public static String summary(Result r) {
        ClassificationMetrics m = r.metrics();
        return String.format("Loss %.4f\tError@1 %.3f%%\tAccuracy@1 %.3f%%\tAccuracy@5 %.3f%%\tBalanced %.3f%%\tMacro-F1 %.3f%%",
                r.loss(), 100 - 100 * m.top1(), 100 * m.top1(), 100 * m.topK(5), 100 * m.balancedAccuracy(), 100 * m.macroF1());
    }
}
