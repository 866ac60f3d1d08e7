package dev.cvt.runtime.train;

import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.Folders;
import dev.cvt.runtime.Log;
import dev.cvt.runtime.config.ConfigException;
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
import java.util.List;
import java.util.stream.Stream;

/**
 * A run's output folder, {@code OUTPUT_DIR/<DATASET.DATASET>/<NAME>/} as in the original (for a fold of a
 * cross-validation {@code .../<NAME>/<fold>/}), and the names of what goes in it.
 */
public record RunDirectory(Path dir) {
    /**
     * @throws ConfigException when NAME is not one plain folder name: a fresh run moves or deletes its
     *                         folder, which must never be a parent of other runs ({@code .}, {@code ..}, {@code a/b})
     */
    public static RunDirectory of(ExperimentConfig config, Path workDir) {
        RunDirectory experiment = experiment(config, workDir);
        String fold = config.string("DATASET.FOLD");
        if (!fold.isEmpty() && !oneFolderName(fold)) {
            throw new ConfigException(config.origin("DATASET.FOLD") + ": DATASET.FOLD '" + fold + "' must be a fold's folder name, "
                    + "such as fold2");
        }
        return fold.isEmpty() ? experiment : new RunDirectory(experiment.dir().resolve(fold));
    }

    /**
     * The experiment's folder: the run folder, or the folder of a cross-validation's fold runs
     * ({@code <NAME>/<fold>/}) and their summary.
     */
    public static RunDirectory experiment(ExperimentConfig config, Path workDir) {
        String name = config.string("NAME");
        if (!oneFolderName(name)) {
            throw new ConfigException(config.origin("NAME") + ": NAME '" + name + "' must be one folder name (no '/' or '\\', "
                    + "not starting with '.'): the run folder is OUTPUT_DIR/DATASET.DATASET/NAME");
        }
        return new RunDirectory(workDir.resolve(config.string("OUTPUT_DIR")).resolve(config.string("DATASET.DATASET"))
                .resolve(name).normalize());
    }

    private static boolean holdsWeights(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).anyMatch(n -> n.equals("checkpoint.bin") || n.endsWith(".params"));
        }
    }

    /** Whether the folder holds one run of its own (not a cross-validation's fold runs): its run.json or checkpoint. */
    public boolean holdsOneRun() {
        return Files.exists(dir.resolve("run.json")) || Files.exists(checkpoint());
    }

    private static boolean oneFolderName(String name) {
        return !(name.isBlank() || name.contains("/") || name.contains("\\") || name.startsWith("."));
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
     * checkpoint or saved weights moves whole to {@link #previous()}, replacing an older one, in one
     * rename; the leftovers of a run that saved nothing (it failed in its first epoch) are deleted, so
     * that they do not replace a previous run worth keeping. Returns where the earlier run is kept, or null.
     */
    public Path startAfresh() {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try {
            // saved weights here, or in a cross-validation's fold runs below: kept aside, never deleted
            boolean saved = holdsWeights(dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path sub : files.filter(Files::isDirectory).toList()) {
                    saved |= holdsWeights(sub);
                }
            }
            if (!saved) {
                Folders.deleteTree(dir);
                return null;
            }
            Folders.deleteTree(previous());
            Files.move(dir, previous(), StandardCopyOption.ATOMIC_MOVE);
            return previous();
        } catch (IOException e) {
            throw new CvtException(dir + ": cannot move the previous run aside to " + previous() + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Before a resumed run trains more epochs: the final weights and their evaluation describe the
     * shorter run and must not pass for this one's (a later, shorter END_EPOCH would find them "up to date").
     */
    void dropOutcome() {
        for (String file : List.of("final-0000.params", "final.yaml", "evaluation.json", "predictions.csv")) {
            try {
                Files.deleteIfExists(dir.resolve(file));
            } catch (IOException e) {
                throw new CvtException(dir.resolve(file) + ": cannot delete the outcome of the shorter run (" + e.getMessage() + ")", e);
            }
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
