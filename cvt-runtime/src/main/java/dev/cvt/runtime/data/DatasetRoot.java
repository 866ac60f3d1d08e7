package dev.cvt.runtime.data;

import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.melgen.CrossValidationPlan;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folder that holds an experiment's splits: {@code DATASET.ROOT}, or with {@code DATASET.FOLD} set,
 * that fold's folder of a cross-validated dataset ({@code <root>/<fold>}).
 */
public final class DatasetRoot {
    private DatasetRoot() {
    }

    public static Path of(ExperimentConfig config, Path workDir) {
        Path root = workDir.resolve(config.string("DATASET.ROOT")).normalize();
        String fold = config.string("DATASET.FOLD");
        if (fold.isEmpty()) {
            if (Files.isRegularFile(root.resolve(CrossValidationPlan.FILE))) {
                throw new ConfigException(config.origin("DATASET.ROOT") + ": DATASET.ROOT " + root + " is a cross-validated dataset ("
                        + CrossValidationPlan.FILE + "): run its folds (train and test do when DATASET.FOLD is empty) or name one in DATASET.FOLD");
            }
            return root;
        }
        CrossValidationPlan plan = CrossValidationPlan.readIfPresent(root);
        if (plan == null || plan.fold(fold) == null) {
            throw new ConfigException(config.origin("DATASET.FOLD") + ": DATASET.FOLD is '" + fold + "' but " + root
                    + (plan == null ? " is not a cross-validated dataset (no " + CrossValidationPlan.FILE + ")"
                    : " has the folds " + plan.folds().stream().map(CrossValidationPlan.Fold::name).toList()));
        }
        return root.resolve(fold);
    }
}
