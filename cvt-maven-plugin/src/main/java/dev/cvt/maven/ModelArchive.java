package dev.cvt.maven;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.maven.plugin.MojoFailureException;

/**
 * The trained model of an experiment as one zip, for {@code <attach>}: {@code model_best-0000.params}
 * and its sidecar {@code model_best.yaml} of each run folder, at the top for one run, under
 * {@code <fold>/} for each fold of a cross-validation.
 */
final class ModelArchive {
    /** What a run keeps as its trained model ({@code ModelFiles.save(..., "model_best")}). */
    static final List<String> MODEL_FILES = List.of("model_best-0000.params", "model_best.yaml");

    private ModelArchive() {
    }

    /**
     * Writes the zip.
     *
     * @param runs each run folder by its folder in the zip: {@code ""} for the top, else a fold's name
     * @throws MojoFailureException when a run folder lacks its model, naming the file
     */
    static void write(Map<String, Path> runs, Path zip) throws MojoFailureException, IOException {
        for (Path run : runs.values()) { // all checked first: no half-written zip for a missing model
            for (String name : MODEL_FILES) {
                if (!Files.isRegularFile(run.resolve(name))) {
                    throw new MojoFailureException("attach: " + run.resolve(name) + ": no such file (no epoch was validated, "
                            + "or the run has not finished)");
                }
            }
        }
        Files.createDirectories(zip.getParent());
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (Map.Entry<String, Path> run : runs.entrySet()) {
                for (String name : MODEL_FILES) {
                    out.putNextEntry(new ZipEntry(run.getKey().isEmpty() ? name : run.getKey() + "/" + name));
                    Files.copy(run.getValue().resolve(name), out);
                    out.closeEntry();
                }
            }
        }
    }
}
