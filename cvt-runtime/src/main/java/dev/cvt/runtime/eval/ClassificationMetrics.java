package dev.cvt.runtime.eval;

import java.util.Arrays;

/**
 * Accuracy figures of a classifier on a split, from its confusion matrix
 * ({@code confusion[true][predicted]}) and, for top-k, the rank of the true class in each
 * prediction. Per-class precision, recall and F1 are 0 where undefined (no predictions or no
 * samples of that class), as scikit-learn reports them with {@code zero_division=0}; balanced
 * accuracy averages recall over the classes present in the split; macro-F1 averages F1 over the
 * classes present in the split or predicted. A sample whose scores are not all finite (a model with
 * NaN weights) has no prediction: it is a miss for every figure, counted in its class's support
 * but in no cell of the confusion matrix.
 */
public final class ClassificationMetrics {
    private final long[][] confusion;
    private final long[] hitsWithinRank;
    private final long[] nonFinite;
    private long samples;

    public ClassificationMetrics(int classes) {
        confusion = new long[classes][classes];
        hitsWithinRank = new long[classes];
        nonFinite = new long[classes];
    }

    /** One sample: its true class and the model's scores for every class. */
    public void add(int truth, float[] scores) {
        samples++;
        for (float score : scores) {
            if (!Float.isFinite(score)) {
                // comparisons with NaN are all false: ranked as below, NaN would count as a hit
                nonFinite[truth]++;
                return;
            }
        }
        int rank = 0;
        int predicted = 0;
        for (int c = 0; c < scores.length; c++) {
            if (scores[c] > scores[truth] || (scores[c] == scores[truth] && c < truth)) {
                rank++;
            }
            if (scores[c] > scores[predicted]) {
                predicted = c;
            }
        }
        confusion[truth][predicted]++;
        hitsWithinRank[rank]++;
    }

    /** Adds another split's samples (a cross-validation's folds pooled): the figures are then those of all samples. */
    public void add(ClassificationMetrics other) {
        if (other.confusion.length != confusion.length) {
            throw new IllegalArgumentException(other.confusion.length + " classes cannot be pooled with " + confusion.length);
        }
        for (int c = 0; c < confusion.length; c++) {
            for (int p = 0; p < confusion.length; p++) {
                confusion[c][p] += other.confusion[c][p];
            }
            hitsWithinRank[c] += other.hitsWithinRank[c];
            nonFinite[c] += other.nonFinite[c];
        }
        samples += other.samples;
    }

    public long samples() {
        return samples;
    }

    /** Samples whose scores were not all finite. */
    public long nonFiniteSamples() {
        return Arrays.stream(nonFinite).sum();
    }

    /** The samples of class {@code c}. */
    public long support(int c) {
        return Arrays.stream(confusion[c]).sum() + nonFinite[c];
    }

    public long[][] confusion() {
        return Arrays.stream(confusion).map(long[]::clone).toArray(long[][]::new);
    }

    /** Share of samples whose true class is among the {@code k} highest scores ({@code k} capped at the class count). */
    public double topK(int k) {
        long hits = 0;
        for (int r = 0; r < Math.min(k, hitsWithinRank.length); r++) {
            hits += hitsWithinRank[r];
        }
        return samples == 0 ? 0 : (double) hits / samples;
    }

    public double top1() {
        return topK(1);
    }

    public double precision(int c) {
        long predicted = 0;
        for (long[] row : confusion) {
            predicted += row[c];
        }
        return predicted == 0 ? 0 : (double) confusion[c][c] / predicted;
    }

    public double recall(int c) {
        long actual = support(c);
        return actual == 0 ? 0 : (double) confusion[c][c] / actual;
    }

    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double balancedAccuracy() {
        double sum = 0;
        int present = 0;
        for (int c = 0; c < confusion.length; c++) {
            if (support(c) > 0) {
                sum += recall(c);
                present++;
            }
        }
        return present == 0 ? 0 : sum / present;
    }

    public double macroF1() {
        double sum = 0;
        int counted = 0;
        for (int c = 0; c < confusion.length; c++) {
            long predicted = 0;
            for (long[] row : confusion) {
                predicted += row[c];
            }
            if (support(c) > 0 || predicted > 0) {
                sum += f1(c);
                counted++;
            }
        }
        return counted == 0 ? 0 : sum / counted;
    }
}
