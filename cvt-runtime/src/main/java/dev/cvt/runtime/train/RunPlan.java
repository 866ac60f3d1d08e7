package dev.cvt.runtime.train;

import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code train} does, decided from the training fingerprint and the checkpoint before any data
 * is decoded: nothing (up to date), resume a checkpoint, or a fresh run (in an empty run folder).
 *
 * @param resumeFrom the checkpoint to resume (RESUME only)
 * @param reason     why, for the log
 */
record RunPlan(Kind kind, Checkpoint.Stored resumeFrom, String reason) {
    enum Kind { UP_TO_DATE, RESUME, FRESH }

    static RunPlan decide(ExperimentConfig config, Path workDir, RunDirectory run, TrainingFingerprint fingerprint, boolean force) {
        if (force) {
            return fresh("a fresh run was asked for (--force)");
        }
        if (!config.bool("TRAIN.AUTO_RESUME")) {
            return fresh("TRAIN.AUTO_RESUME is false");
        }
        String explicit = config.string("TRAIN.CHECKPOINT");
        if (!explicit.isEmpty()) {
            return resumeExplicit(config, workDir.resolve(explicit).normalize(), fingerprint);
        }
        if (!Files.exists(run.checkpoint())) {
            return fresh("no checkpoint yet");
        }
        Checkpoint.Stored stored = Checkpoint.open(run.checkpoint());
        if (stored.header() == null) {
            return fresh("its checkpoint is of an older format (" + stored.format() + ")");
        }
        List<String> changes = fingerprint.changesFrom(stored.header().fingerprint());
        if (!changes.isEmpty()) {
            return fresh("the experiment changed since its checkpoint: " + String.join("; ", changes));
        }
        int done = stored.header().epochsDone();
        int end = config.integer("TRAIN.END_EPOCH");
        if (done > end) {
            return fresh("its checkpoint has " + done + " epochs done, more than TRAIN.END_EPOCH " + end);
        }
        if (done == end && Files.exists(run.finalWeights())) {
            return new RunPlan(Kind.UP_TO_DATE, null, "all " + end + " epochs are done and the experiment is unchanged");
        }
        return new RunPlan(Kind.RESUME, stored, done + " of " + end + " epoch(s) done");
    }

    private static RunPlan resumeExplicit(ExperimentConfig config, Path file, TrainingFingerprint fingerprint) {
        String where = config.origin("TRAIN.CHECKPOINT") + ": TRAIN.CHECKPOINT " + file;
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(where + " does not exist");
        }
        Checkpoint.Stored stored = Checkpoint.open(file);
        if (stored.header() == null) {
            throw new ConfigException(where + " is of an older format (" + stored.format() + ") and cannot be resumed");
        }
        List<String> changes = fingerprint.changesFrom(stored.header().fingerprint());
        if (!changes.isEmpty()) {
            throw new ConfigException(where + " was written for another experiment or data; it differs in: "
                    + String.join("; ", changes));
        }
        int end = config.integer("TRAIN.END_EPOCH");
        if (stored.header().epochsDone() > end) {
            throw new ConfigException(where + " has " + stored.header().epochsDone() + " epochs done, more than TRAIN.END_EPOCH " + end);
        }
        return new RunPlan(Kind.RESUME, stored, stored.header().epochsDone() + " of " + end + " epoch(s) done (TRAIN.CHECKPOINT)");
    }

    private static RunPlan fresh(String reason) {
        return new RunPlan(Kind.FRESH, null, reason);
    }
}
