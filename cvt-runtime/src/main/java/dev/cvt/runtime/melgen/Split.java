package dev.cvt.runtime.melgen;

import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Which windows go to the training set and which to the test set.
 * <ul>
 * <li>{@code ordered}: the first {@code TRAIN_FRACTION} of each class's windows, in recording order
 * (the original; windows of one recording can land on both sides, so scores are optimistic);</li>
 * <li>{@code recording}: whole recordings held out, about {@code 1 - TRAIN_FRACTION} of each class's
 * recordings, chosen with {@code SEED} (no recording is on both sides);</li>
 * <li>{@code explicit}: the recordings named in {@code VAL_RECORDINGS} ({@code Class/file}) are held out.</li>
 * </ul>
 */
final class Split {
    private Split() {
    }

    /** For each class, for each recording, the windows' split flags (true = test set), in order. */
    static List<List<boolean[]>> assign(ExperimentConfig config, MelgenSpec spec, List<List<Integer>> windowCounts) {
        String method = config.string("MELGEN.SPLIT.METHOD");
        double fraction = config.number("MELGEN.SPLIT.TRAIN_FRACTION");
        if (!(fraction > 0 && fraction <= 1)) {
            throw new ConfigException(config.origin("MELGEN.SPLIT.TRAIN_FRACTION") + ": MELGEN.SPLIT.TRAIN_FRACTION must be in (0, 1]");
        }
        return switch (method) {
            case "ordered" -> ordered(windowCounts, fraction);
            case "recording" -> byRecording(windowCounts, fraction, config.integer("MELGEN.SPLIT.SEED"));
            case "explicit" -> explicit(config, spec, windowCounts);
            default -> throw new ConfigException(config.origin("MELGEN.SPLIT.METHOD") + ": MELGEN.SPLIT.METHOD is '" + method
                    + "'; allowed: ordered, recording, explicit");
        };
    }

    private static List<List<boolean[]>> ordered(List<List<Integer>> windowCounts, double fraction) {
        List<List<boolean[]>> out = new ArrayList<>();
        for (List<Integer> counts : windowCounts) {
            int total = counts.stream().mapToInt(Integer::intValue).sum();
            int train = (int) (total * fraction); // Python int(n * fraction)
            List<boolean[]> flags = new ArrayList<>();
            int seen = 0;
            for (int count : counts) {
                boolean[] f = new boolean[count];
                for (int w = 0; w < count; w++) {
                    f[w] = seen++ >= train;
                }
                flags.add(f);
            }
            out.add(flags);
        }
        return out;
    }

    private static List<List<boolean[]>> byRecording(List<List<Integer>> windowCounts, double fraction, int seed) {
        List<List<boolean[]>> out = new ArrayList<>();
        Random random = new Random(seed);
        for (List<Integer> counts : windowCounts) {
            int n = counts.size();
            int held = fraction >= 1 || n < 2 ? 0 : Math.min(n - 1, Math.max(1, (int) Math.round(n * (1 - fraction))));
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            Collections.shuffle(order, random);
            Set<Integer> heldOut = new HashSet<>(order.subList(0, held));
            out.add(flags(counts, heldOut::contains));
        }
        return out;
    }

    private static List<List<boolean[]>> explicit(ExperimentConfig config, MelgenSpec spec, List<List<Integer>> windowCounts) {
        Set<String> wanted = new HashSet<>();
        config.list("MELGEN.SPLIT.VAL_RECORDINGS").forEach(v -> wanted.add(String.valueOf(v)));
        Set<String> found = new HashSet<>();
        List<List<boolean[]>> out = new ArrayList<>();
        for (int c = 0; c < spec.classes().size(); c++) {
            MelgenSpec.ClassSpec cls = spec.classes().get(c);
            out.add(flags(windowCounts.get(c), r -> {
                String id = cls.name() + "/" + cls.recordings().get(r).names().get(0).replaceFirst("^[^/]*/", "");
                boolean held = wanted.contains(id);
                if (held) {
                    found.add(id);
                }
                return held;
            }));
        }
        wanted.removeAll(found);
        if (!wanted.isEmpty()) {
            throw new ConfigException(config.origin("MELGEN.SPLIT.VAL_RECORDINGS") + ": MELGEN.SPLIT.VAL_RECORDINGS names "
                    + "recordings that do not exist: " + wanted + " (write them as 'Class name/file')");
        }
        return out;
    }

    private static List<boolean[]> flags(List<Integer> counts, java.util.function.IntPredicate heldOut) {
        List<boolean[]> flags = new ArrayList<>();
        for (int r = 0; r < counts.size(); r++) {
            boolean[] f = new boolean[counts.get(r)];
            java.util.Arrays.fill(f, heldOut.test(r));
            flags.add(f);
        }
        return flags;
    }
}
