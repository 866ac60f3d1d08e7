package dev.cvt.runtime.melgen;

import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;

/**
 * Which windows go to the training, validation and test sets.
 * <ul>
 * <li>{@code ordered}: the first {@code TRAIN_FRACTION} of each class's windows, in recording order
 * (the original; windows of one recording can land on both sides, so scores are optimistic);</li>
 * <li>{@code recording}: whole recordings held out, about {@code 1 - TRAIN_FRACTION} of each class's
 * recordings, chosen with {@code SEED} (no recording is on both sides);</li>
 * <li>{@code explicit}: the recordings named in {@code VAL_RECORDINGS} ({@code Class/file}) are held out;</li>
 * <li>{@code group}: recordings grouped by the {@code GROUP} regex (a participant, a session); whole
 * groups are held out: the {@code TEST_GROUPS}, or every group in turn as cross-validation folds
 * ({@code FOLDS}).</li>
 * </ul>
 * With {@code DATASET.VAL_SET} set there is a third split, taken from the training side only: whole
 * groups ({@code VAL_GROUPS}) or a fraction of each class's training recordings ({@code VAL_FRACTION}),
 * so the split that selects the model never holds a test sample.
 */
final class Split {
    private Split() {
    }

    enum Role { TRAIN, VAL, TEST }

    /**
     * One way of splitting the windows: the whole dataset, or one cross-validation fold.
     *
     * @param fold       the fold's folder name, empty when the dataset is not cross-validated
     * @param testGroups the groups of the test split (method {@code group}), else empty
     * @param valGroups  the groups of the validation split (method {@code group} with VAL_GROUPS), else empty
     * @param trainGroups the other groups (method {@code group}), else empty
     * @param roles      for each class, for each recording, each window's split
     */
    record Assignment(String fold, List<String> testGroups, List<String> valGroups, List<String> trainGroups,
                      List<List<Role[]>> roles) {
    }

    /** The assignments of the experiment's split: one, or one per cross-validation fold. */
    static List<Assignment> assign(ExperimentConfig config, MelgenSpec spec, List<List<Integer>> windowCounts) {
        String method = config.string("MELGEN.SPLIT.METHOD");
        double fraction = config.number("MELGEN.SPLIT.TRAIN_FRACTION");
        if (!(fraction > 0 && fraction <= 1)) {
            throw invalid(config, "MELGEN.SPLIT.TRAIN_FRACTION", "must be in (0, 1]");
        }
        boolean validation = !config.string("DATASET.VAL_SET").isEmpty();
        checkSplitNames(config, validation);
        if (!"group".equals(method)) {
            for (String key : List.of("GROUP", "TEST_GROUPS", "VAL_GROUPS", "FOLDS")) {
                if (!isUnset(config.get("MELGEN.SPLIT." + key))) {
                    throw invalid(config, "MELGEN.SPLIT." + key, "applies to METHOD 'group' only (METHOD is '" + method + "')");
                }
            }
        }
        List<Assignment> assignments = switch (method) {
            case "ordered" -> List.of(whole(ordered(windowCounts, fraction)));
            case "recording" -> List.of(whole(byRecording(windowCounts, fraction, config.integer("MELGEN.SPLIT.SEED"))));
            case "explicit" -> List.of(whole(explicit(config, spec, windowCounts)));
            case "group" -> GroupFolds.of(config, spec, windowCounts);
            default -> throw invalid(config, "MELGEN.SPLIT.METHOD", "is '" + method + "'; allowed: ordered, recording, explicit, group");
        };
        if (!validation) {
            return assignments;
        }
        List<Assignment> out = new ArrayList<>();
        for (int f = 0; f < assignments.size(); f++) {
            Assignment a = assignments.get(f);
            out.add(a.valGroups().isEmpty() ? withValidationRecordings(config, a, config.integer("MELGEN.SPLIT.SEED") + f) : a);
        }
        return out;
    }

    private static boolean isUnset(Object value) {
        return value instanceof List<?> l ? l.isEmpty() : value instanceof String s ? s.isEmpty() : value instanceof Integer i && i == 0;
    }

    private static void checkSplitNames(ExperimentConfig config, boolean validation) {
        String train = config.string("DATASET.TRAIN_SET");
        String val = config.string("DATASET.VAL_SET");
        String test = config.string("DATASET.TEST_SET");
        if (train.equals(test)) {
            throw invalid(config, "DATASET.TEST_SET", "is '" + test + "', the same as DATASET.TRAIN_SET: a split cannot test on its training data");
        }
        if (validation && (val.equals(train) || val.equals(test))) {
            throw invalid(config, "DATASET.VAL_SET", "is '" + val + "': it must differ from DATASET.TRAIN_SET ('" + train
                    + "') and DATASET.TEST_SET ('" + test + "')");
        }
        if (!validation && (config.integer("MELGEN.SPLIT.VAL_GROUPS") > 0 || config.number("MELGEN.SPLIT.VAL_FRACTION") > 0)) {
            throw invalid(config, config.integer("MELGEN.SPLIT.VAL_GROUPS") > 0 ? "MELGEN.SPLIT.VAL_GROUPS" : "MELGEN.SPLIT.VAL_FRACTION",
                    "asks for a validation split, but DATASET.VAL_SET is empty: name it (e.g. 'val', with DATASET.TEST_SET 'test')");
        }
    }

    private static Assignment whole(List<List<boolean[]>> heldOut) {
        List<List<Role[]>> roles = new ArrayList<>();
        for (List<boolean[]> recordings : heldOut) {
            List<Role[]> classRoles = new ArrayList<>();
            for (boolean[] held : recordings) {
                Role[] r = new Role[held.length];
                for (int w = 0; w < held.length; w++) {
                    r[w] = held[w] ? Role.TEST : Role.TRAIN;
                }
                classRoles.add(r);
            }
            roles.add(classRoles);
        }
        return new Assignment("", List.of(), List.of(), List.of(), roles);
    }

    /**
     * The validation split as whole recordings of the training side: about VAL_FRACTION of each class's
     * recordings with training windows (at least one where a class has two), chosen with the seed.
     */
    private static Assignment withValidationRecordings(ExperimentConfig config, Assignment a, int seed) {
        double fraction = config.number("MELGEN.SPLIT.VAL_FRACTION");
        if (!(fraction > 0 && fraction < 1)) {
            throw invalid(config, "MELGEN.SPLIT.VAL_FRACTION", "is " + fraction + ": with DATASET.VAL_SET set, the validation split "
                    + "needs VAL_FRACTION in (0, 1)" + ("group".equals(config.string("MELGEN.SPLIT.METHOD")) ? " or VAL_GROUPS >= 1" : ""));
        }
        Random random = new Random(seed);
        List<List<Role[]>> roles = new ArrayList<>();
        for (List<Role[]> recordings : a.roles()) {
            List<Integer> training = new ArrayList<>();
            for (int r = 0; r < recordings.size(); r++) {
                if (Arrays.asList(recordings.get(r)).contains(Role.TRAIN)) {
                    training.add(r);
                }
            }
            int held = training.size() < 2 ? 0 : Math.min(training.size() - 1, Math.max(1, (int) Math.round(training.size() * fraction)));
            Collections.shuffle(training, random);
            Set<Integer> validation = new HashSet<>(training.subList(0, held));
            List<Role[]> classRoles = new ArrayList<>();
            for (int r = 0; r < recordings.size(); r++) {
                Role[] copy = recordings.get(r).clone();
                if (validation.contains(r)) {
                    for (int w = 0; w < copy.length; w++) {
                        copy[w] = copy[w] == Role.TRAIN ? Role.VAL : copy[w];
                    }
                }
                classRoles.add(copy);
            }
            roles.add(classRoles);
        }
        return new Assignment(a.fold(), a.testGroups(), a.valGroups(), a.trainGroups(), roles);
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
        Set<String> wanted = new TreeSet<>();
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
            throw invalid(config, "MELGEN.SPLIT.VAL_RECORDINGS", "names recordings that do not exist: " + wanted
                    + " (write them as 'Class name/file')");
        }
        return out;
    }

    static List<boolean[]> flags(List<Integer> counts, IntPredicate heldOut) {
        List<boolean[]> flags = new ArrayList<>();
        for (int r = 0; r < counts.size(); r++) {
            boolean[] f = new boolean[counts.get(r)];
            Arrays.fill(f, heldOut.test(r));
            flags.add(f);
        }
        return flags;
    }

    static ConfigException invalid(ExperimentConfig config, String key, String problem) {
        return new ConfigException(config.origin(key) + ": " + key + " " + problem);
    }
}
