package dev.cvt.runtime.data;

import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.melgen.CrossValidationPlan;
import java.nio.file.Path;
import java.util.List;

/**
 * The runs an experiment asks for: one, or on a cross-validated dataset one per fold (each the
 * experiment with {@code DATASET.FOLD} set), unless {@code DATASET.FOLD} names one already.
 */
public final class Folds {
    private Folds() {
    }

    /** The experiment's cross-validation plan, or null when its dataset is not cross-validated. */
    public static CrossValidationPlan plan(ExperimentConfig config, Path workDir) {
        return CrossValidationPlan.readIfPresent(workDir.resolve(config.string("DATASET.ROOT")).normalize());
    }

    /** Whether {@code config} runs all folds of a cross-validation: their summary is its result. */
    public static boolean allFolds(ExperimentConfig config, Path workDir) {
        return config.string("DATASET.FOLD").isEmpty() && plan(config, workDir) != null;
    }

    /** A fold run's heading for the log: which groups it tests, validates and trains on. */
    public static String describe(ExperimentConfig foldConfig, Path workDir, int index, int count) {
        CrossValidationPlan.Fold f = plan(foldConfig, workDir).fold(foldConfig.string("DATASET.FOLD"));
        return "=> fold " + (index + 1) + " of " + count + " (" + f.name() + "): test " + f.testGroups()
                + (f.valGroups().isEmpty() ? "" : ", validation " + f.valGroups()) + ", training " + f.trainGroups();
    }

    public static List<ExperimentConfig> of(ExperimentConfig config, Path workDir) {
        if (!allFolds(config, workDir)) {
            DatasetRoot.of(config, workDir); // a FOLD the dataset does not have fails here, before any work
            return List.of(config);
        }
        return plan(config, workDir).folds().stream()
                .map(f -> config.with("DATASET.FOLD", f.name(), "fold " + f.name() + " of " + CrossValidationPlan.FILE))
                .toList();
    }
}
