package dev.cvt.runtime.model;

import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import java.util.List;

/**
 * {@code MODEL.SPEC} values with the checks the backbones' specs share. A failed check names the key and the
 * file and line that set it.
 */
public final class SpecValues {
    private SpecValues() {
    }

    /** {@code MODEL.SPEC.key}, a dropout or drop-path rate: in [0, 1). */
    public static double rate(ExperimentConfig config, String key) {
        String path = "MODEL.SPEC." + key;
        double value = config.number(path);
        if (!(value >= 0 && value < 1)) {
            throw new ConfigException(config.origin(path) + ": " + path + " is " + value + "; it must be in [0, 1)");
        }
        return value;
    }

    /** The list {@code MODEL.SPEC.key} as integers, each at least {@code least}. */
    public static int[] ints(ExperimentConfig config, String key, int least) {
        return ints(config, key, config.list("MODEL.SPEC." + key), least);
    }

    /**
     * {@code list} as integers, each at least {@code least}; {@code key} names it in messages, also an entry of a
     * list of lists ({@code MERGE_SIZE[0]}).
     */
    public static int[] ints(ExperimentConfig config, String key, List<?> list, int least) {
        int[] values = list.stream().mapToInt(v -> ((Number) v).intValue()).toArray();
        for (int i = 0; i < values.length; i++) {
            if (values[i] < least) {
                throw new ConfigException(config.origin("MODEL.SPEC." + key.replaceFirst("\\[.*", "")) + ": MODEL.SPEC." + key
                        + "[" + i + "] is " + values[i] + "; it must be at least " + least);
            }
        }
        return values;
    }
}
