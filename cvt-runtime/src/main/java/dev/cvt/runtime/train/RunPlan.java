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
        int end = config.integer("TRAIN.END_EPOCH");
        String explicit = config.string("TRAIN.CHECKPOINT");
        if (!explicit.isEmpty()) {
            return resumeExplicit(config, workDir.resolve(explicit).normalize(), run, fingerprint, end);
        }
        if (!Files.exists(run.checkpoint())) {
            return fresh("no checkpoint yet");
        }
        Checkpoint.Stored stored = Checkpoint.open(run.checkpoint());
        String unfit = unfit(stored, fingerprint, end);
        if (unfit != null) {
            return fresh("its checkpoint " + unfit);
        }
        int done = stored.header().epochsDone();
        if (done == end && Files.exists(run.finalWeights())) {
            return new RunPlan(Kind.UP_TO_DATE, null, "all " + end + " epochs are done and the experiment is unchanged");
        }
        return new RunPlan(Kind.RESUME, stored, done + " of " + end + " epoch(s) done");
    }

    /** {@code TRAIN.CHECKPOINT}: resumed only when it fits; anything else is the user's mistake, not a reason to start over. */
    private static RunPlan resumeExplicit(ExperimentConfig config, Path file, RunDirectory run, TrainingFingerprint fingerprint,
                                          int end) {
        String where = config.origin("TRAIN.CHECKPOINT") + ": TRAIN.CHECKPOINT " + file;
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(where + " does not exist");
        }
        if (file.startsWith(run.previous())) {
            throw new ConfigException(where + " is in the folder a fresh run replaces with the current one; copy it elsewhere first");
        }
        Checkpoint.Stored stored = Checkpoint.open(file);
        String unfit = unfit(stored, fingerprint, end);
        if (unfit != null) {
            throw new ConfigException(where + " " + unfit);
        }
        return new RunPlan(Kind.RESUME, stored, stored.header().epochsDone() + " of " + end + " epoch(s) done (TRAIN.CHECKPOINT)");
    }

    /** Why the checkpoint cannot be resumed for this fingerprint and END_EPOCH, or null when it can. */
    private static String unfit(Checkpoint.Stored stored, TrainingFingerprint fingerprint, int end) {
        if (stored.header() == null) {
            return "is of an older format (" + stored.format() + ") and cannot be resumed";
        }
        List<String> changes = fingerprint.changesFrom(stored.header().fingerprint());
        if (!changes.isEmpty()) {
            return "was written for another experiment or data; it differs in: " + String.join("; ", changes);
        }
        if (stored.header().epochsDone() > end) {
            return "has " + stored.header().epochsDone() + " epochs done, more than TRAIN.END_EPOCH " + end;
        }
        return null;
    }

    private static RunPlan fresh(String reason) {
        return new RunPlan(Kind.FRESH, null, reason);
    }
}
