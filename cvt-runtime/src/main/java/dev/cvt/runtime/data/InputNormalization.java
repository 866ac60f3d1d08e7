package dev.cvt.runtime.data;

import dev.cvt.runtime.Log;
import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import java.util.List;

/**
 * {@code INPUT.MEAN} / {@code INPUT.STD}: the configured per-channel values, or with {@code auto}
 * the mean and standard deviation of the training split's pixels (ImageNet's statistics suit
 * photographs, not magma spectrograms).
 */
public record InputNormalization(float[] mean, float[] std) {
    public static InputNormalization of(ExperimentConfig config, DecodedSamples train, Log log) {
        Object mean = config.get("INPUT.MEAN");
        Object std = config.get("INPUT.STD");
        if ("auto".equals(mean) || "auto".equals(std)) {
            InputNormalization measured = measure(train);
            log.info(String.format("=> INPUT auto: mean %s, std %s (from %d training samples)", format(measured.mean),
                    format(measured.std), train.size()));
            return new InputNormalization("auto".equals(mean) ? measured.mean : channels(config, "INPUT.MEAN"),
                    "auto".equals(std) ? measured.std : channels(config, "INPUT.STD"));
        }
        return new InputNormalization(channels(config, "INPUT.MEAN"), channels(config, "INPUT.STD"));
    }

    /** Per-channel mean and population standard deviation of every pixel of every view, in [0, 1]. */
    static InputNormalization measure(DecodedSamples samples) {
        double[] sum = new double[3];
        double[] squares = new double[3];
        long pixels = 0;
        for (int i = 0; i < samples.size(); i++) {
            for (RgbImage view : samples.views(i)) {
                byte[] p = view.pixels();
                for (int j = 0; j < p.length; j += 3) {
                    for (int c = 0; c < 3; c++) {
                        double v = (p[j + c] & 0xff) / 255.0;
                        sum[c] += v;
                        squares[c] += v * v;
                    }
                }
                pixels += p.length / 3;
            }
        }
        float[] mean = new float[3];
        float[] std = new float[3];
        for (int c = 0; c < 3; c++) {
            double m = sum[c] / pixels;
            mean[c] = (float) m;
            std[c] = (float) Math.max(1e-6, Math.sqrt(Math.max(0, squares[c] / pixels - m * m)));
        }
        return new InputNormalization(mean, std);
    }

    private static float[] channels(ExperimentConfig config, String key) {
        Object value = config.get(key);
        if (!(value instanceof List<?> list) || list.size() != 3 || !list.stream().allMatch(v -> v instanceof Number)) {
            throw new ConfigException(config.origin(key) + ": " + key + " must be three numbers (R, G, B) or auto");
        }
        float[] out = new float[3];
        for (int c = 0; c < 3; c++) {
            out[c] = ((Number) list.get(c)).floatValue();
        }
        if (key.endsWith("STD") && (out[0] <= 0 || out[1] <= 0 || out[2] <= 0)) {
            throw new ConfigException(config.origin(key) + ": " + key + " must be positive");
        }
        return out;
    }

    private static String format(float[] v) {
        return String.format("[%.4f, %.4f, %.4f]", v[0], v[1], v[2]);
    }

    public List<Double> meanList() {
        return List.of((double) mean[0], (double) mean[1], (double) mean[2]);
    }

    public List<Double> stdList() {
        return List.of((double) std[0], (double) std[1], (double) std[2]);
    }
}
