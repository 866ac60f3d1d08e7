package dev.cvt.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The melgen goal as Maven configures it from a pom ({@code src/test/projects/melgen/pom.xml}), run on
 * a project folder the test writes: tiny AG recordings and an experiment file.
 */
@MojoTest
class MelgenMojoTest {
    private static final String POM = "src/test/projects/melgen/pom.xml";

    @TempDir
    Path project;

    @BeforeEach
    void writeProject() throws IOException {
        Files.writeString(project.resolve("experiment.yaml"), """
                DATASET: {DATASET: 'multidim_imagenet', ROOT: 'target/dataset', NUM_DIMS: 6}
                MELGEN:
                  DATA_ROOT: 'recordings'
                  RESAMPLE: cubic
                  RESAMPLE_FACTOR: 2.0
                  CLASSES: [{NAME: curl}, {NAME: raise}]
                """);
        for (String cls : new String[] {"curl", "raise"}) {
            Files.createDirectories(project.resolve("recordings").resolve(cls));
            for (int r = 1; r <= 2; r++) {
                Files.writeString(project.resolve("recordings").resolve(cls).resolve(r + ".txt"), stream(60, cls.length() + r));
            }
        }
    }

    private static String stream(int n, int seed) {
        Random random = new Random(seed);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append("mcu:");
            for (int c = 0; c < 6; c++) {
                s.append(',').append(Math.round(3000 * Math.sin(i * 0.9 / seed + c) + random.nextGaussian() * 30));
            }
            s.append('\n');
        }
        return s.toString();
    }

    /**
     * Points the configured mojo at the project folder this test wrote: Maven resolves the
     * experiment's relative {@code <file>} against the pom's folder, which here is the module.
     */
    private MelgenMojo onProject(MelgenMojo mojo) {
        mojo.basedir = project.toFile();
        mojo.buildDirectory = project.resolve("target").toFile();
        Experiment configured = mojo.experiments.get(0);
        Experiment moved = new Experiment(configured.getId(), project.resolve(configured.getFile().getName()).toFile());
        moved.getOverrides().putAll(configured.getOverrides());
        mojo.experiments = java.util.List.of(moved);
        return mojo;
    }

    @Test
    @InjectMojo(goal = "melgen", pom = POM)
    void configuredFromThePomItWritesTheDataset(MelgenMojo mojo) throws Exception {
        assertEquals(1, mojo.experiments.size());
        assertEquals("tiny", mojo.experiments.get(0).getId());
        assertEquals("[40, 30]", mojo.experiments.get(0).getOverrides().get("MELGEN.IMAGE_SIZE"));
        assertEquals("experiment.yaml", mojo.experiments.get(0).getFile().getName());
        onProject(mojo).execute();
        Path root = project.resolve("target/dataset");
        for (String file : new String[] {"manifest.csv", "counts.csv", "config.yaml", "fingerprint.sha256",
            "train/curl/mel/0.npy", "val/raise/dim6/0.jpg"}) {
            assertTrue(Files.exists(root.resolve(file)), file);
        }
        assertEquals(40, ImageIO.read(root.resolve("train/curl/dim1/0.jpg").toFile()).getWidth());
    }

    @Test
    @InjectMojo(goal = "melgen", pom = POM)
    void unchangedInputsAreSkippedUnlessForced(MelgenMojo mojo) throws Exception {
        onProject(mojo).execute();
        Path image = project.resolve("target/dataset/train/curl/dim1/0.jpg");
        Files.setLastModifiedTime(image, java.nio.file.attribute.FileTime.fromMillis(0));
        mojo.execute();
        assertEquals(0, Files.getLastModifiedTime(image).toMillis(), "up to date: nothing rewritten");
        mojo.force = true;
        mojo.execute();
        assertTrue(Files.getLastModifiedTime(image).toMillis() > 0, "forced: rewritten");
    }

    @Test
    @InjectMojo(goal = "melgen", pom = POM)
    void skipWritesNothing(MelgenMojo mojo) throws Exception {
        onProject(mojo).skipMelgen = true;
        mojo.execute();
        mojo.skipMelgen = false;
        mojo.skip = true;
        mojo.execute();
        assertFalse(Files.exists(project.resolve("target")));
    }

    @Test
    @InjectMojo(goal = "melgen", pom = POM)
    void aBrokenRecordingFailsTheBuildNamingFileAndLine(MelgenMojo mojo) throws IOException {
        Files.writeString(project.resolve("recordings/raise/2.txt"), "mcu:,1,2,3,4,5,6\nmcu:,1,2,3,4,5,6\nmcu:,1,2,x,4,5,6\n");
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> onProject(mojo).execute());
        assertTrue(e.getMessage().startsWith("experiment 'tiny': raise/2.txt:3: column 4 (az): not a number: 'x'"), e.getMessage());
    }

    @Test
    @InjectMojo(goal = "melgen", pom = POM)
    void anUnknownKeyFailsTheBuildWithAHint(MelgenMojo mojo) throws IOException {
        Files.writeString(project.resolve("experiment.yaml"), "DATASET:\n  ROOT: x\nMELGEN:\n  WINDOWS: 40\n");
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> onProject(mojo).execute());
        assertTrue(e.getMessage().contains("experiment.yaml:4: unknown key MELGEN.WINDOWS (did you mean MELGEN.WINDOW?)"), e.getMessage());
    }

    @Test
    @InjectMojo(goal = "melgen", pom = POM)
    void aConfigFromThePropertyReplacesTheList(MelgenMojo mojo) throws Exception {
        Files.writeString(project.resolve("other.yaml"), Files.readString(project.resolve("experiment.yaml"))
                .replace("target/dataset", "target/other"));
        onProject(mojo).config = new File("other.yaml");
        mojo.execute();
        assertTrue(Files.exists(project.resolve("target/other/manifest.csv")));
        assertFalse(Files.exists(project.resolve("target/dataset")));
        mojo.config = null;
        mojo.experiment = "nope";
        assertTrue(assertThrows(MojoFailureException.class, mojo::execute).getMessage().contains("no experiment with id 'nope'"));
    }
}
