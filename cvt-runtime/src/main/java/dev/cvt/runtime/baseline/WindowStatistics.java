package dev.cvt.runtime.baseline;

import java.util.ArrayList;
import java.util.List;

/**
 * The features of the classical baseline: per channel of a window, its mean, standard deviation
 * (population), minimum, maximum and mean absolute first difference (how fast it moves). Cheap,
 * order-free summaries that a tree ensemble separates well when the classes differ in level, spread
 * or motion; what they miss is what the spectrogram model has to earn its cost with.
 */
public final class WindowStatistics {
    private static final List<String> PER_CHANNEL = List.of("mean", "std", "min", "max", "mean_abs_diff");

    private WindowStatistics() {
    }

    /** The feature names for {@code channels} channels, in the order of {@link #of}: {@code c<channel>.<statistic>}. */
    public static List<String> names(int channels) {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            for (String statistic : PER_CHANNEL) {
                names.add("c" + c + "." + statistic);
            }
        }
        return names;
    }

    /** The five statistics of each channel of {@code window}, a C-ordered {@code [channels, length]} array. */
    public static double[] of(float[] window, int channels, int length) {
        if (length < 1 || window.length != channels * length) {
            throw new IllegalArgumentException(window.length + " values are no [" + channels + ", " + length + "] window");
        }
        double[] features = new double[channels * PER_CHANNEL.size()];
        for (int c = 0; c < channels; c++) {
            int start = c * length;
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double motion = 0;
            for (int t = 0; t < length; t++) {
                double x = window[start + t];
                sum += x;
                min = Math.min(min, x);
                max = Math.max(max, x);
                if (t > 0) {
                    motion += Math.abs(x - window[start + t - 1]);
                }
            }
            double mean = sum / length;
            double squares = 0;
            for (int t = 0; t < length; t++) {
                squares += (window[start + t] - mean) * (window[start + t] - mean);
            }
            int f = c * PER_CHANNEL.size();
            features[f] = mean;
            features[f + 1] = Math.sqrt(squares / length);
            features[f + 2] = min;
            features[f + 3] = max;
            features[f + 4] = length > 1 ? motion / (length - 1) : 0;
        }
        return features;
    }
}
