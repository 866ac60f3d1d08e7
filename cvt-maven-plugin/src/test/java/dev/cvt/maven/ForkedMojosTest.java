package dev.cvt.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.FolderLock;
import dev.cvt.runtime.JsonFiles;
import dev.cvt.runtime.config.ConfigLoader;
import dev.cvt.runtime.eval.EvaluationRecord;
import dev.cvt.runtime.train.RunDirectory;
import dev.cvt.runtime.train.RunRecord;
import dev.cvt.runtime.report.RunReport;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cvt:train and cvt:test as Maven configures them from {@code src/test/projects/forked/pom.xml},
 * forking {@link FakeRuntime} in place of the engine: the arguments they pass, where their files go,
 * their skip switches and the quality gate.
 */
@MojoTest
class ForkedMojosTest {
    private static final String POM = "src/test/projects/forked/pom.xml";

    /** evaluation.json of 8 samples with this top-1, as the runtime writes it. */
    private static String evaluation(double top1) {
        return JsonFiles.line(new EvaluationRecord("val", "out/model_best", "f1ngerpr1nt", "d4t4", 8, 0, 0.5, top1, 100.0, 2, 87.5, 85.0,
                List.of("curl", "raise"), List.of(), List.of(List.of(4L, 0L), List.of(1L, 3L)), null, null, null));
    }

    @TempDir
    Path project;

    private final RecordingLog log = new RecordingLog();

    @BeforeEach
    void writeExperiment() throws IOException {
        Files.writeString(project.resolve("experiment.yaml"), "DATASET: {DATASET: 'multidim_imagenet', ROOT: 'target/dataset', NUM_DIMS: 6}\nTRAIN: {END_EPOCH: 5}\n");
    }

    /** The override every fork gets for an experiment that leaves OUTPUT_DIR at its default: runs go below target/. */
    private String defaultOutput() {
        return " OUTPUT_DIR " + project.resolve("target/cvt-output");
    }

    /** Points the configured mojo at the test's project folder and at the stand-in runtime. */
    private <M extends AbstractForkedMojo> M onProject(M mojo) throws Exception {
        mojo.basedir = project.toFile();
        mojo.buildDirectory = project.resolve("target").toFile();
        Experiment configured = mojo.experiments.get(0);
        Experiment moved = new Experiment(configured.getId(), project.resolve(configured.getFile().getName()).toFile());
        moved.getOverrides().putAll(configured.getOverrides());
        mojo.experiments = List.of(moved);
        DefaultArtifact classes = new DefaultArtifact("test", "fake-runtime", "1", "runtime", "jar", null, new DefaultArtifactHandler("jar"));
        classes.setFile(new File(FakeRuntime.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        mojo.pluginArtifacts = List.of(classes);
        mojo.mainClass = FakeRuntime.class.getName();
        mojo.jvm = Path.of(System.getProperty("java.home"), "bin", "java").toFile();
        mojo.setLog(log);
        return mojo;
    }

    private Path cvtDir() {
        return project.resolve("target/cvt/tiny");
    }

    /** The calls of the report renderer stand-in: output folder, work folder, id and gate. */
    private final List<String> rendered = new java.util.ArrayList<>();

    /** Puts a renderer stand-in on the mojo that records its calls and returns the page it would write. */
    private <M extends AbstractForkedMojo> M recordingReports(M mojo) {
        mojo.reportRenderer = (config, workDir, id, outDir, gate) -> {
            rendered.add(outDir + " " + workDir + " " + id + " " + gate);
            return new RunReport.Summary(id, "finished", 50.0, 0, 50.0, 1, 1, 1.0, outDir.resolve("index.html"));
        };
        return mojo;
    }

    private static AbstractForkedMojo.ReportRenderer failingRenderer() {
        return (config, workDir, id, outDir, gate) -> {
            throw new CvtException(outDir + "/run.json: not JSON");
        };
    }

    @Test
    @InjectMojo(goal = "train", pom = POM)
    void trainForksTheRuntimeWithTheExperimentAndItsOverrides(TrainMojo mojo) throws Exception {
        assertEquals(List.of("-Xmx256m"), mojo.jvmArgs);
        assertEquals(Map.of("CVT_FROM_POM", "yes"), mojo.environmentVariables);
        assertEquals(120, mojo.timeout);
        onProject(mojo).jvmArgLine = " -Dfrom.line=1 \t -Dfrom.line2=2 ";
        mojo.execute();
        assertTrue(log.lines().contains("INFO fake train --cfg " + project.resolve("experiment.yaml") + " TRAIN.END_EPOCH 1" + defaultOutput()), log.lines().toString());
        String args = Files.readString(cvtDir().resolve("train.args")).replace("\r\n", "\n");
        assertTrue(args.contains("\"-Dai.djl.offline=true\"\n\"-Dcvt.parentWatch=stdin\"\n\"-Xmx256m\"\n\"-Dfrom.line=1\"\n\"-Dfrom.line2=2\"\n"),
                args);
    }

    @Test
    @InjectMojo(goal = "train", pom = POM)
    void theDeviceParameterOverridesDeviceLast(TrainMojo mojo) throws Exception {
        onProject(mojo).device = "gpu";
        mojo.execute();
        assertTrue(log.lines().contains("INFO fake train --cfg " + project.resolve("experiment.yaml") + " TRAIN.END_EPOCH 1" + defaultOutput() + " DEVICE gpu"),
                log.lines().toString());
        mojo.device = "tpu";
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("device (-Dcvt.device) is 'tpu'; allowed: auto, cpu, gpu", e.getMessage());
    }

    @Test
    @InjectMojo(goal = "train", pom = POM)
    void underParallelBuildsRelayedLinesCarryTheExperimentId(TrainMojo mojo) throws Exception {
        onProject(mojo).session = new org.apache.maven.execution.MavenSession(null, null,
                new org.apache.maven.execution.DefaultMavenExecutionRequest(), null);
        mojo.session.setParallel(true); // as Maven's MultiThreadedBuilder does for mvn -T
        mojo.execute();
        assertTrue(log.lines().contains("INFO [tiny] fake train --cfg " + project.resolve("experiment.yaml") + " TRAIN.END_EPOCH 1"
                + defaultOutput()),
                log.lines().toString());
    }

    @Test
    @InjectMojo(goal = "train", pom = POM)
    void trainSkipForksNothing(TrainMojo mojo) throws Exception {
        onProject(mojo).skipTrain = true;
        mojo.execute();
        mojo.skipTrain = false;
        mojo.skip = true;
        mojo.execute();
        assertFalse(Files.exists(project.resolve("target")));
        assertEquals(List.of("INFO cvt:train skipped", "INFO cvt:train skipped"), log.lines());
    }

    @Test
    @InjectMojo(goal = "train", pom = POM)
    void aBadKeyFailsBeforeForking(TrainMojo mojo) throws Exception {
        Files.writeString(project.resolve("experiment.yaml"), "TRAIN:\n  END_EPCH: 3\n");
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> onProject(mojo).execute());
        assertTrue(e.getMessage().contains("unknown key TRAIN.END_EPCH (did you mean TRAIN.END_EPOCH?)"), e.getMessage());
        assertFalse(Files.exists(project.resolve("target")));
    }

    @Test
    @InjectMojo(goal = "train", pom = POM)
    void theRuntimeRejectingItsInputFailsTheBuildWithItsMessage(TrainMojo mojo) throws Exception {
        onProject(mojo).environmentVariables = Map.of("FAKE_EXIT", "2", "FAKE_ERROR", "target/dataset: no such folder");
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("experiment 'tiny': target/dataset: no such folder", e.getMessage());
    }

    @Test
    @InjectMojo(goal = "train", pom = POM)
    void aMissingJvmOrANegativeTimeoutIsBadInput(TrainMojo mojo) throws Exception {
        onProject(mojo).jvm = project.resolve("no/java").toFile();
        assertTrue(assertThrows(MojoFailureException.class, mojo::execute).getMessage().endsWith("no/java: no such file"));
        mojo.jvm = Path.of(System.getProperty("java.home"), "bin", "java").toFile();
        mojo.timeout = -1;
        assertTrue(assertThrows(MojoFailureException.class, mojo::execute).getMessage().startsWith("timeout must be 0"));
    }

    @Test
    @InjectMojo(goal = "test", pom = POM)
    void testSkipsOnEachOfItsSwitches(TestMojo mojo) throws Exception {
        onProject(mojo);
        for (Runnable flag : List.<Runnable>of(() -> mojo.skipTest = true, () -> mojo.skipTests = true, () -> mojo.mavenTestSkip = true)) {
            mojo.skipTest = mojo.skipTests = mojo.mavenTestSkip = false;
            flag.run();
            mojo.execute();
        }
        assertFalse(Files.exists(project.resolve("target")));
        assertEquals(3, log.lines().size());
    }

    @Test
    @InjectMojo(goal = "test", pom = POM)
    void aScoreBelowItsMinimumFailsTheBuild(TestMojo mojo) throws Exception {
        assertEquals(90.0, mojo.minTop1);
        assertEquals(80.5, mojo.minMacroF1);
        assertEquals(null, mojo.minTop5);
        onProject(mojo).environmentVariables = Map.of("FAKE_EVALUATION", evaluation(87.5));
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("experiment 'tiny': quality gate failed: top-1 87.50 % < minTop1 90.00 % (val, 8 samples)", e.getMessage());
        Path evaluation = cvtDir().resolve("evaluation.json");
        assertTrue(log.lines().contains("INFO fake test --cfg " + project.resolve("experiment.yaml") + " --evaluation-out " + evaluation
                + " TRAIN.END_EPOCH 1" + defaultOutput()), log.lines().toString());
        assertTrue(Files.exists(cvtDir().resolve("test.args")));
    }

    @Test
    @InjectMojo(goal = "test", pom = POM)
    void scoresAtTheirMinimumsPassAndAreLogged(TestMojo mojo) throws Exception {
        onProject(mojo).environmentVariables = Map.of("FAKE_EVALUATION", evaluation(90));
        mojo.execute();
        assertTrue(log.lines().get(log.lines().size() - 1).endsWith("quality gate met: minTop1 90.00 %, minMacroF1 80.50 %"), log.lines().toString());
    }

    @Test
    @InjectMojo(goal = "test", pom = POM)
    void anEvaluationLeftByAnEarlierRunDoesNotCount(TestMojo mojo) throws Exception {
        Files.createDirectories(cvtDir());
        Files.writeString(cvtDir().resolve("evaluation.json"), evaluation(99));
        MojoExecutionException e = assertThrows(MojoExecutionException.class, () -> onProject(mojo).execute());
        assertTrue(e.getMessage().startsWith("cvt-runtime test ended without writing its evaluation"), e.getMessage());
    }

    @Test
    @InjectMojo(goal = "train", pom = POM)
    void trainRendersTheReportAfterItsRunAndLogsWhereItIs(TrainMojo mojo) throws Exception {
        recordingReports(onProject(mojo)).execute();
        assertEquals(List.of(cvtDir().resolve("report") + " " + project + " tiny null"), rendered);
        List<String> lines = log.lines();
        assertEquals("INFO report: " + cvtDir().resolve("report/index.html"), lines.get(lines.size() - 1));
        assertTrue(lines.indexOf("INFO fake train --cfg " + project.resolve("experiment.yaml") + " TRAIN.END_EPOCH 1" + defaultOutput())
                < lines.size() - 1, lines.toString());
    }

    @Test
    @InjectMojo(goal = "train", pom = POM)
    void aFailedTrainingGetsItsReportAndStillFailsTheBuild(TrainMojo mojo) throws Exception {
        recordingReports(onProject(mojo)).environmentVariables = Map.of("FAKE_EXIT", "3");
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().startsWith("experiment 'tiny': cvt-runtime train failed with exit code 3"), e.getMessage());
        assertEquals(1, rendered.size());
        assertTrue(log.lines().contains("INFO report: " + cvtDir().resolve("report/index.html")), log.lines().toString());
    }

    @Test
    @InjectMojo(goal = "train", pom = POM)
    void aReportThatCannotBeDrawnIsOnlyAWarning(TrainMojo mojo) throws Exception {
        onProject(mojo).reportRenderer = failingRenderer();
        mojo.execute();
        assertTrue(log.lines().contains("WARN experiment 'tiny': the report could not be written to " + cvtDir().resolve("report")
                + ": dev.cvt.runtime.CvtException: " + cvtDir().resolve("report") + "/run.json: not JSON"), log.lines().toString());
    }

    @Test
    @InjectMojo(goal = "train", pom = POM)
    void aReportThatCannotBeDrawnDoesNotHideTheRunsFailure(TrainMojo mojo) throws Exception {
        onProject(mojo).reportRenderer = failingRenderer();
        mojo.environmentVariables = Map.of("FAKE_EXIT", "2", "FAKE_ERROR", "target/dataset: no such folder");
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("experiment 'tiny': target/dataset: no such folder", e.getMessage());
        assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("WARN experiment 'tiny': the report could not be written")),
                log.lines().toString());
    }

    @Test
    @InjectMojo(goal = "test", pom = POM)
    void aMissedGateIsInTheReportAndFailsTheBuild(TestMojo mojo) throws Exception {
        recordingReports(onProject(mojo)).environmentVariables = Map.of("FAKE_EVALUATION", evaluation(87.5));
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().contains("quality gate failed"), e.getMessage());
        assertEquals(List.of(cvtDir().resolve("report") + " " + project + " tiny Gate[met=false, description=top-1 87.50 % < minTop1 90.00 %;"
                + " macro-F1 85.00 % \u2265 minMacroF1 80.50 % (val, 8 samples)]"), rendered);
    }

    @Test
    @InjectMojo(goal = "test", pom = POM)
    void aMetGateIsInTheReport(TestMojo mojo) throws Exception {
        recordingReports(onProject(mojo)).environmentVariables = Map.of("FAKE_EVALUATION", evaluation(90));
        mojo.execute();
        assertEquals(List.of(cvtDir().resolve("report") + " " + project + " tiny Gate[met=true, description=top-1 90.00 % \u2265 minTop1 90.00 %;"
                + " macro-F1 85.00 % \u2265 minMacroF1 80.50 % (val, 8 samples)]"), rendered);
        assertTrue(log.lines().contains("INFO report: " + cvtDir().resolve("report/index.html")), log.lines().toString());
    }

    @Test
    @InjectMojo(goal = "test", pom = POM)
    void aFailedEvaluationIsReportedWithItsGateNotChecked(TestMojo mojo) throws Exception {
        recordingReports(onProject(mojo)).environmentVariables = Map.of("FAKE_EXIT", "1");
        assertThrows(MojoExecutionException.class, mojo::execute);
        assertEquals(List.of(cvtDir().resolve("report") + " " + project + " tiny Gate[met=false, description=not checked: the evaluation"
                + " did not complete]"), rendered);
    }

    @Test
    @InjectMojo(goal = "test", pom = POM)
    void withoutMinimumsTheReportHasNoGate(TestMojo mojo) throws Exception {
        recordingReports(onProject(mojo)).environmentVariables = Map.of("FAKE_EVALUATION", evaluation(10));
        mojo.minTop1 = null;
        mojo.minMacroF1 = null;
        mojo.execute();
        assertEquals(List.of(cvtDir().resolve("report") + " " + project + " tiny null"), rendered);
    }

    @Test
    @InjectMojo(goal = "train", pom = POM)
    void forceAsksTheRuntimeForAFreshRun(TrainMojo mojo) throws Exception {
        onProject(mojo).force = true;
        mojo.execute();
        assertTrue(log.lines().contains("INFO fake train --cfg " + project.resolve("experiment.yaml") + " --force TRAIN.END_EPOCH 1" + defaultOutput()),
                log.lines().toString());
    }

    @Test
    @InjectMojo(goal = "train", pom = POM)
    void aTrainingProcessThatDiesIsMarkedFailedInRunJson(TrainMojo mojo) throws Exception {
        RunDirectory run = RunDirectory.of(ConfigLoader.load(project.resolve("experiment.yaml"),
                List.of("TRAIN.END_EPOCH", "1", "OUTPUT_DIR", project.resolve("target/cvt-output").toString())), project);
        Path runJson = run.dir().resolve("run.json");
        JsonFiles.write(runJson, new RunRecord(RunRecord.State.RUNNING, "", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "", "experiment",
                0, 1, 0, null, "val", 1.0, "f1ngerpr1nt", "cpu()", "cpu", "17", "0.32.0", "2.5.1"));
        onProject(mojo).environmentVariables = Map.of("FAKE_EXIT", "137");
        try (FolderLock busy = FolderLock.acquire(run.dir(), "another run")) {
            assertThrows(MojoExecutionException.class, mojo::execute);
            assertEquals(RunRecord.State.RUNNING, JsonFiles.read(runJson, RunRecord.class).state(),
                    "while another process holds the run, run.json is its own");
        }
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        RunRecord marked = JsonFiles.read(runJson, RunRecord.class);
        assertEquals(RunRecord.State.FAILED, marked.state());
        assertEquals(e.getMessage().lines().findFirst().orElseThrow(), marked.message());
        assertTrue(marked.message().contains("exit code 137"), marked.message());
    }

    /** Three experiments on the test's YAML: one with its own lower minTop1, one with the plugin's, one with its own higher. */
    private TestMojo threeExperiments(TestMojo mojo) throws Exception {
        onProject(mojo).environmentVariables = Map.of("FAKE_EVALUATION", evaluation(87.5));
        File yaml = project.resolve("experiment.yaml").toFile();
        Experiment lenient = new Experiment("lenient", yaml);
        lenient.setGate(new QualityGate(50.0, null, null, null));
        Experiment strict = new Experiment("strict", yaml);
        strict.setGate(new QualityGate(95.0, null, null, null));
        mojo.experiments = List.of(lenient, new Experiment("plugin", yaml), strict);
        return mojo;
    }

    @Test
    @InjectMojo(goal = "test", pom = POM)
    void everyExperimentIsEvaluatedAndTheFailureNamesEveryGateMissed(TestMojo mojo) throws Exception {
        MojoFailureException e = assertThrows(MojoFailureException.class, threeExperiments(mojo)::execute);
        assertEquals("experiment 'plugin': quality gate failed: top-1 87.50 % < minTop1 90.00 % (val, 8 samples)\n"
                + "experiment 'strict': quality gate failed: top-1 87.50 % < minTop1 95.00 % (val, 8 samples)", e.getMessage());
        for (String id : List.of("lenient", "plugin", "strict")) {
            assertTrue(Files.isRegularFile(project.resolve("target/cvt/" + id + "/evaluation.json")), id);
            assertTrue(Files.isRegularFile(GateTestReport.file(project.resolve("target"), id)), id);
        }
        assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("INFO experiment 'lenient' (val, 8 samples): top-1 87.50 %")
                && l.endsWith("quality gate met: minTop1 50.00 %, minMacroF1 80.50 %")), log.lines().toString());
    }

    @Test
    @InjectMojo(goal = "test", pom = POM)
    void withTestFailureIgnoreMissedGatesAreLoggedAsErrorsAndTheBuildGoesOn(TestMojo mojo) throws Exception {
        threeExperiments(mojo).testFailureIgnore = true;
        mojo.execute();
        List<String> errors = log.lines().stream().filter(l -> l.startsWith("ERROR ")).toList();
        assertEquals(List.of("ERROR experiment 'plugin': quality gate failed: top-1 87.50 % < minTop1 90.00 % (val, 8 samples)",
                "ERROR experiment 'strict': quality gate failed: top-1 87.50 % < minTop1 95.00 % (val, 8 samples)",
                "ERROR quality gate failures ignored (testFailureIgnore): 2 experiment(s)"), errors);
    }

    @Test
    @InjectMojo(goal = "test", pom = POM)
    void theJUnitXmlIsWrittenForAPassedAFailedAndAnUnfinishedEvaluation(TestMojo mojo) throws Exception {
        onProject(mojo).environmentVariables = Map.of("FAKE_EVALUATION", evaluation(87.5));
        assertThrows(MojoFailureException.class, mojo::execute);
        Path xml = GateTestReport.file(project.resolve("target"), "tiny");
        assertTrue(log.lines().contains("INFO JUnit XML: " + xml), log.lines().toString());
        assertTrue(Files.readString(xml).contains("failures=\"1\""), Files.readString(xml));

        mojo.environmentVariables = Map.of("FAKE_EVALUATION", evaluation(90));
        mojo.execute();
        assertTrue(Files.readString(xml).contains("failures=\"0\""), Files.readString(xml));

        mojo.environmentVariables = Map.of("FAKE_EXIT", "1");
        assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(Files.readString(xml).contains("errors=\"1\""), Files.readString(xml));
    }

    @Test
    @InjectMojo(goal = "train", pom = POM)
    void attachZipsTheTrainedModelAndAttachesItWithTheExperimentIdAsClassifier(TrainMojo mojo) throws Exception {
        onProject(mojo).attach = true;
        // the run folder as the goals place it: OUTPUT_DIR '' goes below target/ under Maven
        Path run = RunDirectory.of(ConfigLoader.load(project.resolve("experiment.yaml"), List.of("OUTPUT_DIR",
                project.resolve("target/cvt-output").toString())), project).dir();
        Files.createDirectories(run);
        Files.writeString(run.resolve("model_best-0000.params"), "weights");
        Files.writeString(run.resolve("model_best.yaml"), "sidecar");
        List<String> attached = new java.util.ArrayList<>();
        mojo.project = new org.apache.maven.project.MavenProject();
        mojo.projectHelper = new org.apache.maven.project.MavenProjectHelper() {
            @Override
            public void attachArtifact(org.apache.maven.project.MavenProject project, String type, String classifier, File file) {
                attached.add(type + " " + classifier + " " + file);
            }

            @Override
            public void attachArtifact(org.apache.maven.project.MavenProject project, String type, File file) {
                throw new AssertionError("attached without a classifier");
            }

            @Override
            public void attachArtifact(org.apache.maven.project.MavenProject project, File file, String classifier) {
                throw new AssertionError("attached without a type");
            }

            @Override
            public void addResource(org.apache.maven.project.MavenProject project, String dir, List<String> includes, List<String> excludes) {
            }

            @Override
            public void addTestResource(org.apache.maven.project.MavenProject project, String dir, List<String> includes,
                    List<String> excludes) {
            }
        };
        mojo.execute();
        Path zip = cvtDir().resolve("tiny-model.zip");
        assertEquals(List.of("zip tiny " + zip), attached);
        assertTrue(Files.size(zip) > 0);

        Files.delete(run.resolve("model_best.yaml"));
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().startsWith("attach: " + run.resolve("model_best.yaml")), e.getMessage());
    }

    @Test
    @InjectMojo(goal = "test", pom = POM)
    void aDropFromThePreviousEvaluationBeyondItsLimitFailsTheBuildAndIsATestCase(TestMojo mojo) throws Exception {
        onProject(mojo).environmentVariables = Map.of("FAKE_EVALUATION", evaluation(90));
        Path previous = project.resolve("main-evaluation.json");
        Files.writeString(previous, evaluation(95.5));
        mojo.previousEvaluation = previous.toFile();
        mojo.maxTop1Drop = 5.0;
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("experiment 'tiny': quality gate failed: top-1 90.00 % (95.50 % in " + previous + "): drop 5.50 points"
                + " > maxTop1Drop 5.00 points (val, 8 samples)", e.getMessage());
        String xml = Files.readString(GateTestReport.file(project.resolve("target"), "tiny"));
        assertTrue(xml.contains("tests=\"4\"") && xml.contains("<testcase name=\"maxTop1Drop\""), xml);

        mojo.maxTop1Drop = 6.0;
        mojo.execute();
    }

    @Test
    @InjectMojo(goal = "test", pom = POM)
    void aDropLimitWithoutAPreviousEvaluationOrAMissingOneIsBadInput(TestMojo mojo) throws Exception {
        onProject(mojo).maxBalancedAccuracyDrop = 1.0;
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("previousEvaluation and maxTop1Drop or maxBalancedAccuracyDrop go together: set previousEvaluation too", e.getMessage());
        mojo.previousEvaluation = project.resolve("missing.json").toFile();
        e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("previousEvaluation " + project.resolve("missing.json") + ": no such file", e.getMessage());
        Files.writeString(project.resolve("missing.json"), "{not json");
        e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().startsWith("experiment 'tiny': " + project.resolve("missing.json")), e.getMessage());
    }
}
