package dev.cvt.runtime.train;

import dev.cvt.runtime.JsonFiles;
import dev.cvt.runtime.Log;
import dev.cvt.runtime.Sha256;
import dev.cvt.runtime.Version;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.data.DataFingerprint;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a training run is made of: the runtime version, every config value that changes the trained
 * weights or which of them becomes {@code model_best}, and the training and validation data. Kept in
 * the checkpoint (whole), in run.json and in each saved model's description (its {@link #hash()}):
 * a run whose fingerprint is unchanged is up to date or resumable; any change starts a fresh run.
 *
 * @param config the config values that count, by key path, sorted
 */
public record TrainingFingerprint(String runtime, Map<String, String> config, DataFingerprint train, DataFingerprint valid) {
    /**
     * The keys that do not count (a section stands for all its keys); every other key does, so a key
     * added later counts until it is listed here.
     */
    static final List<String> IGNORED = List.of(
            // where outputs go and how the run is kept, not what it computes
            "NAME", "OUTPUT_DIR", "BASE", "TRAIN.AUTO_RESUME", "TRAIN.CHECKPOINT", "TRAIN.SAVE_ALL_MODELS",
            // where the data is: its content is fingerprinted instead
            "DATA_DIR", "DATASET.ROOT",
            // logging, speed, hardware (THREADS and DEVICE change only the last digits of sums; AMP.ENABLED counts:
            // float16 changes more than that)
            "PRINT_FREQ", "VERBOSE", "MODEL_SUMMARY", "WORKERS", "THREADS", "DEVICE", "GPUS", "PIN_MEMORY", "RANK",
            "DIST_BACKEND", "MULTIPROCESSING_DISTRIBUTED", "AMP.MEMORY_FORMAT", "CUDNN", "DEBUG",
            // evaluation after training: the TEST keys that shape validation images still count
            "TEST.MODEL_FILE", "TEST.BATCH_SIZE_PER_GPU", "TEST.REAL_LABELS", "TEST.VALID_LABELS", "TEST.BASELINE",
            // how far the run goes: more epochs continue it, unless the schedule spans the run (see of()).
            // ARGS.epochs is the loader's copy of END_EPOCH for timm
            "TRAIN.END_EPOCH", "TRAIN.LR_SCHEDULER.ARGS.epochs",
            // melgen's keys reach training through the data, which is fingerprinted
            "MELGEN");
    /** Keys inside an ignored section that count: npy samples are drawn at melgen's image size. */
    static final List<String> COUNTED = List.of("MELGEN.IMAGE_SIZE");

    /** The fingerprint of training {@code config} on the data the experiment names now (listed and hashed here). */
    public static TrainingFingerprint current(ExperimentConfig config, Path workDir, Log log) {
        return of(config, Splits.list(config, workDir, log));
    }

    static TrainingFingerprint of(ExperimentConfig config, Splits.Listings data) {
        return of(config, data.trainFingerprint(config), data.validFingerprint(config));
    }

    static TrainingFingerprint of(ExperimentConfig config, DataFingerprint train, DataFingerprint valid) {
        Map<String, String> counted = new TreeMap<>();
        config.values().forEach((key, value) -> {
            if (ExperimentConfig.within(key, COUNTED) || !ExperimentConfig.within(key, IGNORED)) {
                counted.put(key, value);
            }
        });
        if (LrSchedule.spansRun(config)) {
            // a cosine over more epochs gives every epoch another rate: the epochs done would not fit
            counted.put("TRAIN.END_EPOCH", String.valueOf(config.integer("TRAIN.END_EPOCH")));
        }
        return new TrainingFingerprint(Version.runtime(), counted, train, valid);
    }

    /** SHA-256 of the whole fingerprint, hex. */
    public String hash() {
        MessageDigest digest = Sha256.digest();
        // sorted here too: one read back from JSON keeps the file's order
        Sha256.line(digest, JsonFiles.line(new TrainingFingerprint(runtime, new TreeMap<>(config), train, valid)));
        return Sha256.hex(digest);
    }

    /** What differs from {@code earlier}, one phrase each: {@code TRAIN.LR 0.001 -> 0.01}, {@code training data 'train' 343 -> 458 samples}. */
    public List<String> changesFrom(TrainingFingerprint earlier) {
        List<String> changes = new ArrayList<>();
        if (!runtime.equals(earlier.runtime)) {
            changes.add("cvt-runtime " + earlier.runtime + " -> " + runtime);
        }
        Set<String> keys = new TreeSet<>(earlier.config.keySet());
        keys.addAll(config.keySet());
        for (String key : keys) {
            String before = earlier.config.get(key);
            String now = config.get(key);
            if (!Objects.equals(before, now)) {
                changes.add(key + " " + (before == null ? "(not counted)" : before) + " -> " + (now == null ? "(not counted)" : now));
            }
        }
        if (!train.equals(earlier.train)) {
            changes.add("training data " + train.changeFrom(earlier.train));
        }
        if (!valid.equals(earlier.valid)) {
            changes.add("validation data " + valid.changeFrom(earlier.valid));
        }
        return changes;
    }
}
