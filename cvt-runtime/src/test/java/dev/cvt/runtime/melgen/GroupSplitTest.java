package dev.cvt.runtime.melgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt.runtime.CsvFiles;
import dev.cvt.runtime.RecordingLog;
import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ConfigLoader;
import dev.cvt.runtime.config.ExperimentConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group splits, cross-validation folds and the three-way split: no test sample ever reaches training or selection. */
class GroupSplitTest {
    @TempDir
    Path dir;

    private final RecordingLog log = new RecordingLog();

    /** Wearers W1..W3; W3 never did a raise. */
    private ExperimentConfig experiment(String split, String... overrides) throws IOException {
        Files.createDirectories(dir.resolve("data/curl"));
        Files.createDirectories(dir.resolve("data/raise"));
        int seed = 0;
        for (String w : List.of("W1", "W2", "W3")) {
            for (int r = 1; r <= 2; r++) {
                Files.writeString(dir.resolve("data/curl/" + w + "-" + r + ".txt"), MelgenTestData.agStream(90, 6, ++seed));
                if (!w.equals("W3")) {
                    Files.writeString(dir.resolve("data/raise/" + w + "-" + r + ".txt"), MelgenTestData.agStream(90, 9, ++seed));
                }
            }
        }
        Path yaml = dir.resolve("exp.yaml");
        Files.writeString(yaml, """
                DATASET:
                  ROOT: 'out/ds'
                  DATASET: 'multidim_imagenet'
                  NUM_DIMS: 6
                MELGEN:
                  DATA_ROOT: 'data'
                  WINDOW: 20
                  IMAGE_SIZE: [20, 12]
                  CLASSES: [{NAME: 'curl'}, {NAME: 'raise'}]
                """ + split);
        return ConfigLoader.load(yaml, List.of(overrides));
    }

    /** The recordings of each split of a dataset root, from its manifest. */
    private static Map<String, Set<String>> sources(Path root) {
        Map<String, Set<String>> out = new TreeMap<>();
        List<List<String>> rows = CsvFiles.readIfPresent(root.resolve("manifest.csv"));
        for (List<String> row : rows.subList(1, rows.size())) {
            out.computeIfAbsent(row.get(2), s -> new HashSet<>()).add(row.get(4));
        }
        return out;
    }

    private static Set<String> groupsOf(Set<String> recordings) {
        Set<String> groups = new HashSet<>();
        recordings.forEach(r -> groups.add(r.replaceFirst("^[^/]*/(W[0-9])-.*$", "$1")));
        return groups;
    }

    @Test
    void leaveOneGroupOutWritesAFoldPerGroupWithValidationFromTheTrainingGroups() throws IOException {
        Melgen.Result result = Melgen.run(experiment("""
                  SPLIT: {METHOD: 'group', GROUP: '/(W[0-9]+)-', FOLDS: -1, VAL_GROUPS: 1}
                """, "DATASET.VAL_SET", "val", "DATASET.TEST_SET", "test"), dir, false, log);
        Path root = dir.resolve("out/ds");
        CrossValidationPlan plan = CrossValidationPlan.readIfPresent(root);
        assertEquals(List.of("fold1", "fold2", "fold3"), plan.folds().stream().map(CrossValidationPlan.Fold::name).toList());
        assertEquals(new CrossValidationPlan.Fold("fold1", List.of("W1"), List.of("W2"), List.of("W3")), plan.folds().get(0));
        assertEquals(new CrossValidationPlan.Fold("fold3", List.of("W3"), List.of("W1"), List.of("W2")), plan.folds().get(2));
        int tested = 0;
        for (CrossValidationPlan.Fold fold : plan.folds()) {
            Path foldRoot = root.resolve(fold.name());
            Map<String, Set<String>> sources = sources(foldRoot);
            assertEquals(Set.copyOf(fold.testGroups()), groupsOf(sources.get("test")), fold.name());
            assertEquals(Set.copyOf(fold.valGroups()), groupsOf(sources.get("val")), fold.name());
            assertEquals(Set.copyOf(fold.trainGroups()), groupsOf(sources.get("train")), fold.name());
            for (String split : List.of("train", "val", "test")) {
                for (String c : List.of("curl", "raise")) {
                    assertTrue(Files.isDirectory(foldRoot.resolve(split).resolve(c).resolve("dim6")), "every split has every class: "
                            + fold.name() + "/" + split + "/" + c);
                }
            }
            assertTrue(Files.isRegularFile(foldRoot.resolve(Melgen.FINGERPRINT_FILE)));
            tested += (int) CsvFiles.readIfPresent(foldRoot.resolve("manifest.csv")).stream().filter(r -> r.get(2).equals("test")).count();
        }
        // every window is tested exactly once over the folds
        assertEquals(result.samples() / 3, tested);
        assertTrue(CsvFiles.readIfPresent(root.resolve("fold3/counts.csv")).contains(List.of("test", "raise", "0")),
                "counts name the class a fold's test groups never did");
        assertFalse(Files.exists(root.resolve("train")), "a cross-validated root holds folds, not splits");
        assertTrue(log.infos.stream().anyMatch(m -> m.contains("fold1: test [W1], validation [W2], training [W3]")), log.all.toString());
    }

    @Test
    void namedTestGroupsMakeOneDataset() throws IOException {
        Melgen.run(experiment("""
                  SPLIT: {METHOD: 'group', GROUP: '/(W[0-9]+)-', TEST_GROUPS: ['W2']}
                """), dir, false, log);
        Path root = dir.resolve("out/ds");
        assertNull(CrossValidationPlan.readIfPresent(root));
        Map<String, Set<String>> sources = sources(root);
        assertEquals(Set.of("W2"), groupsOf(sources.get("val")));
        assertEquals(Set.of("W1", "W3"), groupsOf(sources.get("train")));
        assertTrue(log.infos.stream().anyMatch(m -> m.contains("groups: test [W2], training [W1, W3]")), log.all.toString());
    }

    @Test
    void kFoldsDealTheGroupsInTurn() throws IOException {
        Melgen.run(experiment("""
                  SPLIT: {METHOD: 'group', GROUP: '/(W[0-9]+)-', FOLDS: 2}
                """), dir, false, log);
        CrossValidationPlan plan = CrossValidationPlan.readIfPresent(dir.resolve("out/ds"));
        assertEquals(List.of(List.of("W1", "W3"), List.of("W2")), plan.folds().stream().map(CrossValidationPlan.Fold::testGroups).toList());
    }

    @Test
    void validationRecordingsComeFromTheTrainingSideOnly() throws IOException {
        Melgen.run(experiment("""
                  SPLIT: {METHOD: 'recording', TRAIN_FRACTION: 0.5, VAL_FRACTION: 0.5}
                """, "DATASET.VAL_SET", "val", "DATASET.TEST_SET", "test"), dir, false, log);
        Map<String, Set<String>> sources = sources(dir.resolve("out/ds"));
        assertEquals(Set.of("test", "train", "val"), sources.keySet());
        for (String a : sources.keySet()) {
            for (String b : sources.keySet()) {
                if (!a.equals(b)) {
                    Set<String> both = new HashSet<>(sources.get(a));
                    both.retainAll(sources.get(b));
                    assertTrue(both.isEmpty(), a + " and " + b + " share recordings " + both);
                }
            }
        }
    }

    @Test
    void badGroupSettingsNameTheKey() throws IOException {
        String[][] cases = {
            {"SPLIT: {METHOD: 'group', GROUP: '/W[0-9]+-', FOLDS: -1}", "MELGEN.SPLIT.GROUP", "no capture group"},
            {"SPLIT: {METHOD: 'group', GROUP: '/(X[0-9]+)-', FOLDS: -1}", "MELGEN.SPLIT.GROUP", "finds no group in the recording curl/W1-1.txt"},
            {"SPLIT: {METHOD: 'group', GROUP: '/(W[0-9]+)-', FOLDS: 1}", "MELGEN.SPLIT.FOLDS", "-1 (leave one group out)"},
            {"SPLIT: {METHOD: 'group', GROUP: '/(W[0-9]+)-', FOLDS: 4}", "MELGEN.SPLIT.FOLDS", "3: [W1, W2, W3]"},
            {"SPLIT: {METHOD: 'group', GROUP: '/(W[0-9]+)-', TEST_GROUPS: ['W9']}", "MELGEN.SPLIT.TEST_GROUPS", "[W9]"},
            {"SPLIT: {METHOD: 'group', GROUP: '/(W[0-9]+)-'}", "MELGEN.SPLIT.TEST_GROUPS", "is empty"},
            {"SPLIT: {METHOD: 'group', GROUP: '/(W[0-9]+)-', FOLDS: -1, VAL_GROUPS: 1}", "MELGEN.SPLIT.VAL_GROUPS", "DATASET.VAL_SET is empty"},
            {"SPLIT: {METHOD: 'recording', GROUP: '/(W[0-9]+)-'}", "MELGEN.SPLIT.GROUP", "applies to METHOD 'group' only"},
        };
        for (String[] c : cases) {
            ConfigException e = assertThrows(ConfigException.class, () -> Melgen.run(experiment("  " + c[0] + "\n"), dir, false, log), c[0]);
            assertTrue(e.getMessage().contains(c[1]) && e.getMessage().contains(c[2]), c[0] + " -> " + e.getMessage());
        }
        ConfigException tooMany = assertThrows(ConfigException.class, () -> Melgen.run(experiment("""
                  SPLIT: {METHOD: 'group', GROUP: '/(W[0-9]+)-', FOLDS: -1, VAL_GROUPS: 2}
                """, "DATASET.VAL_SET", "val", "DATASET.TEST_SET", "test"), dir, false, log));
        assertTrue(tooMany.getMessage().contains("between 0 and 1"), tooMany.getMessage());
        ConfigException sameName = assertThrows(ConfigException.class, () -> Melgen.run(experiment("""
                  SPLIT: {METHOD: 'recording', VAL_FRACTION: 0.5}
                """, "DATASET.VAL_SET", "val"), dir, false, log));
        assertTrue(sameName.getMessage().contains("DATASET.VAL_SET"), sameName.getMessage());
    }
}
