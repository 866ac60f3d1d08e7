package dev.cvt.runtime.train;

import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import java.util.List;
import java.util.Random;

/**
 * Help for imbalanced data (the original's was 95 % one class): class weights for the loss
 * ({@code LOSS.CLASS_WEIGHTS: balanced}, {@code n / (classes · n_c)} as scikit-learn's "balanced"),
 * and an epoch order drawn with replacement so each class is equally likely
 * ({@code DATASET.SAMPLER: class_balanced}, torch's WeightedRandomSampler with weights {@code 1 / n_c}).
 */
public final class ClassBalance {
    private ClassBalance() {
    }

    public static boolean weightedLoss(ExperimentConfig config) {
        return choice(config, "LOSS.CLASS_WEIGHTS", List.of("none", "balanced")).equals("balanced");
    }

    public static boolean balancedSampler(ExperimentConfig config) {
        return choice(config, "DATASET.SAMPLER", List.of("default", "class_balanced")).equals("class_balanced");
    }

    public static float[] weights(int[] labels, int classes) {
        int[] counts = counts(labels, classes);
        float[] weights = new float[classes];
        for (int c = 0; c < classes; c++) {
            weights[c] = counts[c] == 0 ? 0f : (float) labels.length / (classes * counts[c]);
        }
        return weights;
    }

    /** {@code labels.length} indices drawn with replacement, each with probability ∝ 1 / (its class's count). */
    public static int[] balancedOrder(int[] labels, int classes, Random random) {
        int[] counts = counts(labels, classes);
        double[] cumulative = new double[labels.length];
        double total = 0;
        for (int i = 0; i < labels.length; i++) {
            total += 1.0 / counts[labels[i]];
            cumulative[i] = total;
        }
        int[] order = new int[labels.length];
        for (int i = 0; i < order.length; i++) {
            int at = java.util.Arrays.binarySearch(cumulative, random.nextDouble() * total);
            order[i] = Math.min(labels.length - 1, at >= 0 ? at : -at - 1);
        }
        return order;
    }

    /** A shuffled permutation of {@code 0..n-1} (Fisher–Yates). */
    public static int[] shuffled(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    static int[] counts(int[] labels, int classes) {
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    private static String choice(ExperimentConfig config, String key, List<String> allowed) {
        String value = config.string(key);
        if (!allowed.contains(value)) {
            throw new ConfigException(config.origin(key) + ": " + key + " is '" + value + "'; allowed: " + String.join(", ", allowed));
        }
        return value;
    }
}
