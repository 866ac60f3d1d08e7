package dev.cvt.runtime.train;

import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.Folders;
import dev.cvt.runtime.Log;
import dev.cvt.runtime.config.ExperimentConfig;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A run's output folder, {@code OUTPUT_DIR/<DATASET.DATASET>/<NAME>/} as in the original, and the
 * names of what goes in it.
 */
public record RunDirectory(Path dir) {
    public static RunDirectory of(ExperimentConfig config, Path workDir) {
        return new RunDirectory(workDir.resolve(config.string("OUTPUT_DIR")).resolve(config.string("DATASET.DATASET"))
                .resolve(config.string("NAME")).normalize());
    }

    public Path checkpoint() {
        return dir.resolve("checkpoint.bin");
    }

    public Path metrics() {
        return dir.resolve("metrics.jsonl");
    }

    public Path config() {
        return dir.resolve("config.yaml");
    }

    /** The weights after the last epoch, written once all epochs are done. */
    public Path finalWeights() {
        return dir.resolve("final-0000.params");
    }

    /** Where {@link #startAfresh()} keeps the previous run. */
    public Path previous() {
        return dir.resolveSibling(dir.getFileName() + ".previous");
    }

    /**
     * Before a fresh run, so that it starts empty and never mixes with an earlier one: a folder with a
     * checkpoint (a run with complete epochs) moves whole to {@link #previous()}, replacing an older
     * one, in one rename; the leftovers of a run that completed no epoch are deleted. Returns where the
     * earlier run is kept, or null.
     */
    public Path startAfresh() {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        if (!Files.exists(checkpoint())) {
            Folders.deleteTree(dir);
            return null;
        }
        try {
            Folders.deleteTree(previous());
            Files.move(dir, previous(), StandardCopyOption.ATOMIC_MOVE);
            return previous();
        } catch (IOException e) {
            throw new CvtException(dir + ": cannot move the previous run aside to " + previous() + " (" + e.getMessage() + ")", e);
        }
    }

    /** A log that also appends every line, time-stamped, to {@code <phase>.log} in the run folder. */
    public Log teeLog(String phase, Log console) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(phase + ".log");
            Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
            return new Log() {
                @Override
                public void info(String message) {
                    console.info(message);
                    append("", message);
                }

                @Override
                public void warn(String message) {
                    console.warn(message);
                    append("WARNING ", message);
                }

                private synchronized void append(String level, String message) {
                    try {
                        for (String line : message.split("\n")) {
                            writer.write(LocalDateTime.now().format(time) + " " + level + line + "\n");
                        }
                        writer.flush();
                    } catch (IOException e) {
                        throw new CvtException(file + ": cannot write the log (" + e.getMessage() + ")");
                    }
                }
            };
        } catch (IOException e) {
            throw new CvtException(dir + ": cannot create the run folder (" + e.getMessage() + ")");
        }
    }
}
