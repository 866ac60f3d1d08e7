package dev.cvt.runtime.melgen;

import dev.cvt.runtime.Sha256;
import dev.cvt.runtime.Version;
import dev.cvt.runtime.config.ExperimentConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * A content hash of everything a dataset is made from: the engine version, the config keys melgen
 * reads and every recording's bytes. Equal hashes mean the dataset on disk is already what a run
 * would write. Training keys are left out, so changing one does not rebuild the dataset.
 */
final class Fingerprint {
    /** The keys melgen reads (a section stands for its keys), except those below. */
    private static final List<String> READ = List.of("MELGEN", "DATASET.TRAIN_SET", "DATASET.VAL_SET", "DATASET.TEST_SET",
            "DATASET.NUM_DIMS");
    /** Keys that change how fast melgen runs, not what it writes. */
    private static final List<String> NOT_IN_OUTPUT = List.of("MELGEN.THREADS");

    private Fingerprint() {
    }

    /**
     * The dataset's fingerprint. The recordings are hashed file by file on the workers: read one after
     * another they were a sixth of melgen's time on 20 minutes of audio, with one core idle.
     */
    static String of(ExperimentConfig config, MelgenSpec spec, MelgenThreads workers) {
        List<Path> files = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (MelgenSpec.ClassSpec c : spec.classes()) {
            for (MelgenSpec.RecordingSpec r : c.recordings()) {
                files.addAll(r.files());
                names.addAll(r.names());
            }
        }
        List<String> fileHashes = workers.map(files.size(), i -> hash(files.get(i)));
        MessageDigest digest = Sha256.digest();
        Sha256.line(digest, "cvt-runtime " + Version.runtime());
        config.values().forEach((key, value) -> {
            if (ExperimentConfig.within(key, READ) && !ExperimentConfig.within(key, NOT_IN_OUTPUT)) {
                Sha256.line(digest, key + "=" + value);
            }
        });
        for (int f = 0; f < files.size(); f++) {
            Sha256.line(digest, names.get(f) + " " + fileHashes.get(f));
        }
        return Sha256.hex(digest);
    }

    private static String hash(Path file) {
        MessageDigest digest = Sha256.digest();
        try {
            Sha256.file(digest, file);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read the recording to fingerprint it (" + e.getMessage() + ")");
        }
        return Sha256.hex(digest);
    }

    static boolean matches(Path marker, String fingerprint) {
        try {
            return Files.isRegularFile(marker) && Files.readString(marker, StandardCharsets.US_ASCII).trim().equals(fingerprint);
        } catch (IOException e) {
            return false;
        }
    }
}
