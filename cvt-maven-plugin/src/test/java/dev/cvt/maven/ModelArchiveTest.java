package dev.cvt.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArchiveTest {
    @TempDir
    Path dir;

    /** A run folder holding a model and what else a run leaves, which stays out of the zip. */
    private Path run(String name) throws IOException {
        Path run = Files.createDirectories(dir.resolve(name));
        Files.writeString(run.resolve("model_best-0000.params"), name + " weights");
        Files.writeString(run.resolve("model_best.yaml"), "name: " + name);
        Files.writeString(run.resolve("checkpoint.bin"), "not published");
        return run;
    }

    /** The zip's entries as {@code name=content}. */
    private static List<String> entries(Path zip) throws IOException {
        List<String> entries = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.add(e.getName() + "=" + new String(in.readAllBytes()));
            }
        }
        return entries;
    }

    @Test
    void oneRunsModelIsAtTheTop() throws Exception {
        Path zip = dir.resolve("out/tiny-model.zip");
        ModelArchive.write(Map.of("", run("tiny")), zip);
        assertEquals(List.of("model_best-0000.params=tiny weights", "model_best.yaml=name: tiny"), entries(zip));
    }

    @Test
    void eachFoldsModelIsInItsFolder() throws Exception {
        Map<String, Path> folds = new LinkedHashMap<>();
        folds.put("fold1", run("a/fold1"));
        folds.put("fold2", run("a/fold2"));
        Path zip = dir.resolve("cv-model.zip");
        ModelArchive.write(folds, zip);
        assertEquals(List.of("fold1/model_best-0000.params=a/fold1 weights", "fold1/model_best.yaml=name: a/fold1",
                "fold2/model_best-0000.params=a/fold2 weights", "fold2/model_best.yaml=name: a/fold2"), entries(zip));
    }

    @Test
    void aRunWithoutItsModelFailsNamingTheFileAndWritesNoZip() throws Exception {
        Map<String, Path> folds = new LinkedHashMap<>();
        folds.put("fold1", run("fold1"));
        Path unfinished = run("fold2");
        Files.delete(unfinished.resolve("model_best.yaml"));
        folds.put("fold2", unfinished);
        Path zip = dir.resolve("cv-model.zip");
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> ModelArchive.write(folds, zip));
        assertEquals("attach: " + unfinished.resolve("model_best.yaml") + ": no such file (no epoch was validated, or the run has not"
                + " finished)", e.getMessage());
        assertFalse(Files.exists(zip));
    }
}
