package dev.cvt.runtime.melgen;

import dev.cvt.runtime.config.ExperimentConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code MELGEN.SPLIT.METHOD: group}: each recording belongs to the group that capture group 1 of the
 * {@code GROUP} regex finds in its path below DATA_ROOT (a participant, a session, a device); whole
 * groups are held out, so the test split holds people (or sessions) the model never saw.
 * <ul>
 * <li>{@code TEST_GROUPS}: these groups are the test split (one dataset);</li>
 * <li>{@code FOLDS: -1}: leave-one-group-out cross-validation, one fold per group;</li>
 * <li>{@code FOLDS: k} (k >= 2): k folds, the groups in natural order dealt to them in turn.</li>
 * </ul>
 * {@code VAL_GROUPS: n}: the n groups after a fold's last test group (in natural order, wrapping round,
 * skipping test groups) form its validation split.
 */
final class GroupFolds {
    private GroupFolds() {
    }

    static List<Split.Assignment> of(ExperimentConfig config, MelgenSpec spec, List<List<Integer>> windowCounts) {
        List<List<String>> groupOf = groupsOf(config, spec);
        TreeSet<String> sorted = new TreeSet<>(MelgenSpec::naturalCompare);
        groupOf.forEach(sorted::addAll);
        List<String> groups = List.copyOf(sorted);
        List<Object> named = config.list("MELGEN.SPLIT.TEST_GROUPS");
        int folds = config.integer("MELGEN.SPLIT.FOLDS");
        List<List<String>> testSets = new ArrayList<>();
        if (folds == 0) {
            if (named.isEmpty()) {
                throw Split.invalid(config, "MELGEN.SPLIT.TEST_GROUPS", "is empty: with METHOD 'group', name the groups to hold out "
                        + "(groups found: " + groups + ") or set FOLDS (-1 = leave one group out)");
            }
            List<String> test = named.stream().map(String::valueOf).distinct().toList();
            List<String> unknown = test.stream().filter(g -> !groups.contains(g)).toList();
            if (!unknown.isEmpty()) {
                throw Split.invalid(config, "MELGEN.SPLIT.TEST_GROUPS", "names groups that no recording has: " + unknown
                        + " (groups found: " + groups + ")");
            }
            testSets.add(test);
        } else {
            if (!named.isEmpty()) {
                throw Split.invalid(config, "MELGEN.SPLIT.TEST_GROUPS", "and FOLDS " + folds + " are both set: name the test groups "
                        + "of one split, or cross-validate over all groups");
            }
            int k = folds == -1 ? groups.size() : folds;
            if (folds < -1 || folds == 1 || k > groups.size()) {
                throw Split.invalid(config, "MELGEN.SPLIT.FOLDS", "is " + folds + ": use -1 (leave one group out), 0 (no "
                        + "cross-validation) or 2 to the number of groups (" + groups.size() + ": " + groups + ")");
            }
            for (int f = 0; f < k; f++) {
                List<String> test = new ArrayList<>();
                for (int g = f; g < groups.size(); g += k) {
                    test.add(groups.get(g));
                }
                testSets.add(test);
            }
        }
        int valGroups = config.integer("MELGEN.SPLIT.VAL_GROUPS");
        List<Split.Assignment> out = new ArrayList<>();
        for (int f = 0; f < testSets.size(); f++) {
            List<String> test = testSets.get(f);
            List<String> val = validationGroups(config, groups, test, valGroups);
            List<String> train = groups.stream().filter(g -> !test.contains(g) && !val.contains(g)).toList();
            out.add(new Split.Assignment(folds == 0 ? "" : "fold" + (f + 1), test, val, train, roles(groupOf, windowCounts, test, val)));
        }
        return out;
    }

    /** For each class, for each recording, its group. */
    private static List<List<String>> groupsOf(ExperimentConfig config, MelgenSpec spec) {
        String regex = config.string("MELGEN.SPLIT.GROUP");
        if (regex.isEmpty()) {
            throw Split.invalid(config, "MELGEN.SPLIT.GROUP", "is not set: METHOD 'group' needs a regex over the recording's path "
                    + "below DATA_ROOT whose capture group 1 names its group, e.g. '^([A-Z])-' or '/(W[0-9]+)-'");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw Split.invalid(config, "MELGEN.SPLIT.GROUP", "is not a valid regex: " + e.getDescription());
        }
        if (pattern.matcher("").groupCount() < 1) {
            throw Split.invalid(config, "MELGEN.SPLIT.GROUP", "'" + regex + "' has no capture group: put the group name's part in ( )");
        }
        List<List<String>> out = new ArrayList<>();
        for (MelgenSpec.ClassSpec c : spec.classes()) {
            List<String> groups = new ArrayList<>();
            for (MelgenSpec.RecordingSpec r : c.recordings()) {
                String path = r.names().get(0);
                Matcher m = pattern.matcher(path);
                if (!m.find() || m.group(1) == null || m.group(1).isEmpty()) {
                    throw Split.invalid(config, "MELGEN.SPLIT.GROUP", "'" + regex + "' finds no group in the recording " + path
                            + " (class '" + c.name() + "'): every recording needs one");
                }
                groups.add(m.group(1));
            }
            out.add(groups);
        }
        return out;
    }

    private static List<String> validationGroups(ExperimentConfig config, List<String> groups, List<String> test, int count) {
        if (count < 0 || count > groups.size() - test.size() - 1) {
            throw Split.invalid(config, "MELGEN.SPLIT.VAL_GROUPS", "is " + count + ": it must be between 0 and "
                    + (groups.size() - test.size() - 1) + " (" + groups.size() + " groups, " + test.size() + " held out for testing, "
                    + "at least one left for training)");
        }
        Set<String> val = new LinkedHashSet<>();
        // after the test group that comes last in natural order, however TEST_GROUPS lists them
        int start = test.stream().mapToInt(groups::indexOf).max().orElseThrow();
        for (int i = 1; val.size() < count; i++) {
            String g = groups.get((start + i) % groups.size());
            if (!test.contains(g)) {
                val.add(g);
            }
        }
        return List.copyOf(val);
    }

    private static List<List<Split.Role[]>> roles(List<List<String>> groupOf, List<List<Integer>> windowCounts,
                                                  List<String> test, List<String> val) {
        Set<String> testSet = new HashSet<>(test);
        Set<String> valSet = new HashSet<>(val);
        List<List<Split.Role[]>> out = new ArrayList<>();
        for (int c = 0; c < groupOf.size(); c++) {
            List<Split.Role[]> recordings = new ArrayList<>();
            for (int r = 0; r < groupOf.get(c).size(); r++) {
                String g = groupOf.get(c).get(r);
                Split.Role role = testSet.contains(g) ? Split.Role.TEST : valSet.contains(g) ? Split.Role.VAL : Split.Role.TRAIN;
                Split.Role[] windows = new Split.Role[windowCounts.get(c).get(r)];
                java.util.Arrays.fill(windows, role);
                recordings.add(windows);
            }
            out.add(recordings);
        }
        return out;
    }
}
