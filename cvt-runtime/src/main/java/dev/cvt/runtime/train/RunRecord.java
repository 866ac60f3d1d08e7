package dev.cvt.runtime.train;

import com.google.gson.annotations.SerializedName;
import java.util.Locale;

/**
 * {@code run.json} in the run folder: how the run stands, what it was made from and what it ran on.
 * Training rewrites it atomically at its start, after every epoch and when it ends; the plugin marks a
 * run whose process died without saying so.
 *
 * @param state        running, finished, failed (with {@code message}) or interrupted
 * @param message      why it failed or stopped, else empty
 * @param started      when the run (its first attempt, when resumed) started, ISO-8601
 * @param updated      when this file was written
 * @param endEpoch     {@code TRAIN.END_EPOCH}
 * @param epochsDone   complete epochs, each with its checkpoint
 * @param bestEpoch    the epoch whose weights are {@code model_best}, null before any validation
 * @param bestScores   whose top-1 picked it: {@code val} (the weights) or {@code ema_val} (their EMA, as timm)
 * @param wallSeconds  wall time, summed over resumed attempts
 * @param fingerprint  the training fingerprint (config keys that matter, data, runtime version)
 */
public record RunRecord(State state, String message, String started, String updated, String configFile, String name,
                        int seed, int endEpoch, int epochsDone, Integer bestEpoch, String bestScores, double wallSeconds,
                        String fingerprint, String device, String cpu, String java, String djl, String pytorch) {

    /** This record ended {@code state} with {@code message}, written at {@code updated}. */
    public RunRecord ended(State state, String message, String updated) {
        return new RunRecord(state, message, started, updated, configFile, name, seed, endEpoch, epochsDone, bestEpoch,
                bestScores, wallSeconds, fingerprint, device, cpu, java, djl, pytorch);
    }

    public enum State {
        @SerializedName("running") RUNNING,
        @SerializedName("finished") FINISHED,
        @SerializedName("failed") FAILED,
        @SerializedName("interrupted") INTERRUPTED;

        /** The word written in run.json and shown in reports. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
