package dev.cvt.runtime.melgen;

import dev.cvt.runtime.JsonFiles;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code folds.json} in the root of a cross-validated dataset: its folds, each a complete dataset in
 * {@code <root>/<fold>/}. Written by melgen, read by train and test, which run every fold in turn.
 *
 * @param group the regex whose capture group named each recording's group
 * @param folds in order; every group is in the test split of exactly one fold
 */
public record CrossValidationPlan(String group, List<Fold> folds) {
    public static final String FILE = "folds.json";

    /**
     * @param name        the fold's folder below the dataset root ({@code fold1}, ...)
     * @param testGroups  the groups of its test split
     * @param valGroups   the groups of its validation split (empty when validation is a fraction of the training recordings)
     * @param trainGroups the groups left for training
     */
    public record Fold(String name, List<String> testGroups, List<String> valGroups, List<String> trainGroups) {
    }

    /** The plan of a dataset root, or null when the dataset is not cross-validated. */
    public static CrossValidationPlan readIfPresent(Path datasetRoot) {
        return JsonFiles.readIfPresent(datasetRoot.resolve(FILE), CrossValidationPlan.class);
    }

    public Fold fold(String name) {
        return folds.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }
}
