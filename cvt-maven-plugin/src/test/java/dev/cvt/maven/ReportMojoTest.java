package dev.cvt.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt.runtime.JsonFiles;
import dev.cvt.runtime.train.EpochRecord;
import dev.cvt.runtime.train.RunRecord;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.doxia.sink.impl.Xhtml5BaseSink;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cvt:report as Maven configures it from {@code src/test/projects/report/pom.xml}, on a project whose
 * run folders were recorded by hand: a finished run, an experiment never run, one whose file is missing.
 */
@MojoTest
class ReportMojoTest {
    private static final String POM = "src/test/projects/report/pom.xml";
    private static final String EXPERIMENT = """
            OUTPUT_DIR: 'target/output'
            DATASET: {DATASET: 'multidim_imagenet', ROOT: 'target/dataset', NUM_DIMS: 2}
            MODEL: {NUM_CLASSES: 2}
            TRAIN: {END_EPOCH: 12}
            """;

    @TempDir
    Path project;

    private final RecordingLog log = new RecordingLog();

    @BeforeEach
    void recordRuns() throws IOException {
        Files.writeString(project.resolve("done.yaml"), EXPERIMENT);
        Files.writeString(project.resolve("never.yaml"), EXPERIMENT);
        Path run = Files.createDirectories(project.resolve("target/output/multidim_imagenet/done"));
        // as training writes them: the best epoch is 1 (top-1 87.5 of 50, 87.5, 75)
        JsonFiles.write(run.resolve("run.json"), new RunRecord(RunRecord.State.FINISHED, "", "2026-11-23T10:00:00Z",
                "2026-11-23T10:01:26Z", "done.yaml", "done", 0, 3, 3, 1, EpochRecord.RAW, 86.4, "f1ngerpr1nt", "cpu()",
                "test CPU, 2 cores", "17.0.15", "0.32.0", "2.5.1"));
        List<EpochRecord> epochs = new ArrayList<>();
        double[] top1 = {50, 87.5, 75};
        for (int epoch = 0; epoch < 3; epoch++) {
            epochs.add(new EpochRecord(epoch, 0.001, 1.0 - epoch * 0.2, 50.0 + epoch * 10, 0.9 - epoch * 0.1, top1[epoch], 100.0, 80.0,
                    79.0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 20.0, 28.8));
        }
        JsonFiles.writeLines(run.resolve("metrics.jsonl"), epochs);
    }

    private ReportMojo onProject(ReportMojo mojo) {
        mojo.basedir = project.toFile();
        mojo.buildDirectory = project.resolve("target").toFile();
        List<Experiment> moved = new ArrayList<>();
        for (Experiment configured : mojo.experiments) {
            Experiment e = new Experiment(configured.getId(), project.resolve(configured.getFile().getName()).toFile());
            e.getOverrides().putAll(configured.getOverrides());
            moved.add(e);
        }
        mojo.experiments = moved;
        mojo.setReportOutputDirectory(project.resolve("target/site").toFile());
        mojo.setLog(log);
        return mojo;
    }

    private static String generate(ReportMojo mojo) throws Exception {
        StringWriter html = new StringWriter();
        mojo.generate(new Xhtml5BaseSink(html), null, Locale.ENGLISH);
        return html.toString();
    }

    @Test
    @InjectMojo(goal = "report", pom = POM)
    void theIndexListsEveryExperimentWithItsFiguresAndLinksItsPage(ReportMojo mojo) throws Exception {
        assertEquals(List.of("done", "never run", "broken"), mojo.experiments.stream().map(Experiment::getId).toList());
        List<List<String>> rows = ExperimentIndexTest.tableRows(generate(onProject(mojo)));
        assertEquals(4, rows.size(), rows.toString());
        assertEquals(ExperimentIndex.HEADERS, rows.get(0));

        List<String> done = rows.get(1);
        assertEquals(List.of("done", "finished"), done.subList(0, 2));
        assertTrue(done.get(2).startsWith("87.50 % (epoch "), done.toString()); // the best of 50, 87.5, 75
        assertEquals(List.of("80.00 %", "3 / 3", "1 min 26 s", "done -> done/index.html"), done.subList(3, 7));
        String page = Files.readString(project.resolve("target/site/cvt/done/index.html"));
        assertTrue(page.contains("<polyline"), "the page draws its curves as SVG");

        List<String> never = rows.get(2);
        assertEquals(List.of("never run", "not run"), never.subList(0, 2));
        assertEquals("never run -> never_run/index.html", never.get(6)); // the id made safe as a folder name
        assertTrue(Files.isRegularFile(project.resolve("target/site/cvt/never_run/index.html")));

        List<String> broken = rows.get(3);
        assertEquals("broken", broken.get(0));
        assertTrue(broken.get(1).startsWith("unreadable: ") && broken.get(1).contains("missing.yaml"), broken.toString());
        assertEquals("\u2014", broken.get(6));
        assertFalse(Files.exists(project.resolve("target/site/cvt/broken")));
        assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("WARN experiment 'broken': no report: ") && l.contains("missing.yaml")),
                log.lines().toString());
    }

    @Test
    @InjectMojo(goal = "report", pom = POM)
    void cvtExperimentNarrowsTheIndexToOne(ReportMojo mojo) throws Exception {
        onProject(mojo).experiment = "done";
        List<List<String>> rows = ExperimentIndexTest.tableRows(generate(mojo));
        assertEquals(2, rows.size(), rows.toString());
        assertEquals("done", rows.get(1).get(0));
        assertFalse(Files.exists(project.resolve("target/site/cvt/never_run")));
    }

    @Test
    @InjectMojo(goal = "report", pom = POM)
    void itIsTheSitesCvtIndexAndStaysAwayWithoutExperimentsOrWithCvtSkip(ReportMojo mojo) {
        assertEquals("cvt/index", mojo.getOutputPath());
        assertEquals("cvt/index", mojo.getOutputName());
        assertEquals("CvT experiments", mojo.getName(Locale.ENGLISH));
        assertFalse(mojo.isExternalReport());
        assertTrue(mojo.canGenerateReport());
        mojo.skip = true;
        assertFalse(mojo.canGenerateReport());
        mojo.skip = false;
        mojo.experiments = List.of();
        assertFalse(mojo.canGenerateReport());
        mojo.config = project.resolve("done.yaml").toFile();
        assertTrue(mojo.canGenerateReport());
    }

    @Test
    @InjectMojo(goal = "report", pom = POM)
    void withoutItsOwnExperimentsTheReportReadsThoseOfTheBuild(ReportMojo mojo) throws Exception {
        onProject(mojo).experiments = new ArrayList<>();
        mojo.setProject(BuildConfigurationTest.projectWith("<configuration><experiments><experiment><id>done</id><file>"
                + project.resolve("done.yaml") + "</file><overrides><TRAIN.END_EPOCH>3</TRAIN.END_EPOCH></overrides></experiment>"
                + "<experiment><file>never.yaml</file></experiment></experiments></configuration>", null));
        assertTrue(mojo.canGenerateReport());
        List<List<String>> rows = ExperimentIndexTest.tableRows(generate(mojo));
        assertEquals(3, rows.size(), rows.toString());
        assertEquals(List.of("done", "finished"), rows.get(1).subList(0, 2));
        assertEquals("3 / 3", rows.get(1).get(4));
        assertEquals(List.of("never", "not run"), rows.get(2).subList(0, 2)); // the id defaults to the file's name
    }
}
