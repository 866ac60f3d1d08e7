package dev.cvt.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where an experiment's runs go under Maven: below the build directory unless its file says otherwise. */
class ExperimentsTest {
    @TempDir
    Path project;

    private ExperimentRun load(String yaml) throws Exception {
        Files.writeString(project.resolve("experiment.yaml"), yaml);
        Experiment experiment = new Experiment("e", Path.of("experiment.yaml").toFile());
        return Experiments.load(experiment, project.toFile(), project.resolve("build").toFile());
    }

    @Test
    void theDefaultOutputDirGoesBelowTheBuildDirectoryAndToTheFork() throws Exception {
        ExperimentRun run = load("NAME: 'x'\n");
        String expected = project.resolve("build").resolve("cvt-output").toAbsolutePath().toString();
        assertEquals(expected, run.config().string("OUTPUT_DIR"));
        assertEquals(List.of("OUTPUT_DIR", expected), run.overrides());
    }

    @Test
    void anOutputDirTheFileOrPomSetsIsKept() throws Exception {
        assertEquals("runs", load("OUTPUT_DIR: 'runs'\n").config().string("OUTPUT_DIR"));
        assertEquals(List.of(), load("OUTPUT_DIR: 'runs'\n").overrides());
    }

    @Test
    void anEmptyOverrideMeansTheDefaultToo() throws Exception {
        Files.writeString(project.resolve("experiment.yaml"), "OUTPUT_DIR: 'runs'\n");
        Experiment experiment = new Experiment("e", Path.of("experiment.yaml").toFile());
        experiment.getOverrides().put("OUTPUT_DIR", "");
        ExperimentRun run = Experiments.load(experiment, project.toFile(), project.resolve("build").toFile());
        assertEquals(project.resolve("build").resolve("cvt-output").toAbsolutePath().toString(), run.config().string("OUTPUT_DIR"));
    }
}
