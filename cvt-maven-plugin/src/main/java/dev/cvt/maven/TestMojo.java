package dev.cvt.maven;

import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.JsonFiles;
import dev.cvt.runtime.Log;
import dev.cvt.runtime.eval.EvaluationRecord;
import dev.cvt.runtime.report.RunReport;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Evaluates each experiment's trained model ({@code cvt-runtime test}) in a forked JVM, keeps the
 * evaluation in {@code target/cvt/ID/evaluation.json} (ID: the experiment id) and its quality gate as JUnit XML in
 * {@code target/cvt-reports/TEST-ID.xml} ({@link GateTestReport}); once every experiment is evaluated,
 * fails the build naming every minimum missed. The minimums set inside an experiment entry override
 * the plugin's. After each run, whatever its outcome, the report page with the gate's result goes to
 * {@code target/cvt/ID/report/index.html}. Skipped like tests are: {@code -DskipTests}, {@code -Dmaven.test.skip}.
 */
@Mojo(name = "test", defaultPhase = LifecyclePhase.TEST, threadSafe = true)
public class TestMojo extends AbstractForkedMojo {
    /** Skip this goal. */
    @Parameter(property = "cvt.test.skip", defaultValue = "false")
    boolean skipTest;

    /** Skip this goal along with the project's tests. */
    @Parameter(property = "skipTests", defaultValue = "false")
    boolean skipTests;

    /** Skip this goal along with compiling and running the project's tests. */
    @Parameter(property = "maven.test.skip", defaultValue = "false")
    boolean mavenTestSkip;

    /** Minimum top-1 accuracy in percent; unset = none. */
    @Parameter(property = "cvt.minTop1")
    Double minTop1;

    /** Minimum top-5 accuracy in percent; unset = none. */
    @Parameter(property = "cvt.minTop5")
    Double minTop5;

    /** Minimum balanced accuracy (mean per-class recall) in percent; unset = none. */
    @Parameter(property = "cvt.minBalancedAccuracy")
    Double minBalancedAccuracy;

    /** Minimum macro-averaged F1 in percent; unset = none. */
    @Parameter(property = "cvt.minMacroF1")
    Double minMacroF1;

    /**
     * A previous {@code evaluation.json} (e.g. kept from the main branch's last build) that
     * {@code maxTop1Drop} and {@code maxBalancedAccuracyDrop} compare with.
     */
    @Parameter(property = "cvt.previousEvaluation")
    File previousEvaluation;

    /** Percentage points top-1 may drop below {@code previousEvaluation}'s; unset = any. */
    @Parameter(property = "cvt.maxTop1Drop")
    Double maxTop1Drop;

    /** Percentage points balanced accuracy may drop below {@code previousEvaluation}'s; unset = any. */
    @Parameter(property = "cvt.maxBalancedAccuracyDrop")
    Double maxBalancedAccuracyDrop;

    /**
     * Log quality gates missed as errors and let the build go on, like surefire's option of the same
     * name; the JUnit XML still records them as failures.
     */
    @Parameter(property = "maven.test.failure.ignore", defaultValue = "false")
    boolean testFailureIgnore;

    /** The failure messages of the gates missed in this execution, one per experiment. */
    private final List<String> missedGates = new ArrayList<>();

    @Override
    boolean skipGoal() {
        return skipTest || skipTests || mavenTestSkip;
    }

    @Override
    String goal() {
        return "test";
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        missedGates.clear();
        super.execute();
        if (missedGates.isEmpty()) {
            return;
        }
        if (testFailureIgnore) {
            getLog().error("quality gate failures ignored (testFailureIgnore): " + missedGates.size() + " experiment(s)");
            return;
        }
        throw new MojoFailureException(String.join("\n", missedGates));
    }

    @Override
    void run(ExperimentRun experiment, Log log) throws MojoExecutionException, MojoFailureException {
        Path evaluation = experimentDirectory(experiment).resolve("evaluation.json");
        try {
            // a file left by an earlier run must not pass for this run's result
            Files.deleteIfExists(evaluation);
        } catch (IOException e) {
            throw new MojoExecutionException("cannot delete " + evaluation + ": " + e.getMessage(), e);
        }
        QualityGate gate = experiment.gate().orElse(new QualityGate(minTop1, minTop5, minBalancedAccuracy, minMacroF1));
        DropGate drops = dropGate();
        List<String> limits = new ArrayList<>(gate.parametersSet());
        if (drops != null) {
            limits.addAll(drops.parametersSet());
        }
        Instant start = Instant.now();
        QualityGate.Outcome outcome = null;
        try {
            fork(experiment, List.of("--evaluation-out", evaluation.toString()), () -> { });
            EvaluationRecord scores = readEvaluation(evaluation);
            outcome = gate.check(experiment.id(), scores).with(drops == null ? List.of() : drops.check(scores));
        } catch (MojoExecutionException | MojoFailureException failure) {
            try {
                GateTestReport.write(buildDirectory.toPath(), experiment.id(), limits, null, failure.getMessage(), Duration.between(start, Instant.now()));
            } catch (MojoExecutionException unwritten) {
                failure.addSuppressed(unwritten); // the run's own failure is what the build reports
            }
            throw failure;
        } finally { // also after a failed run, whose failure then goes on
            writeReport(experiment, reportGate(!limits.isEmpty(), outcome));
        }
        Path junitXml = GateTestReport.write(buildDirectory.toPath(), experiment.id(), limits, outcome, null, Duration.between(start, Instant.now()));
        getLog().info("JUnit XML: " + junitXml);
        if (outcome.passed()) {
            getLog().info(outcome.message());
        } else {
            getLog().error(outcome.message());
            missedGates.add(outcome.message());
        }
    }

    /** The gate against {@code previousEvaluation}; {@code null} when none is set. */
    private DropGate dropGate() throws MojoFailureException {
        boolean limitSet = maxTop1Drop != null || maxBalancedAccuracyDrop != null;
        if (previousEvaluation == null && !limitSet) {
            return null;
        }
        if (previousEvaluation == null || !limitSet) {
            throw new MojoFailureException("previousEvaluation and maxTop1Drop or maxBalancedAccuracyDrop go together: set "
                    + (previousEvaluation == null ? "previousEvaluation" : "maxTop1Drop or maxBalancedAccuracyDrop") + " too");
        }
        Path file = previousEvaluation.toPath();
        if (!Files.isRegularFile(file)) {
            throw new MojoFailureException("previousEvaluation " + file + ": no such file");
        }
        // a damaged file is bad input here, not the runtime's fault: the CvtException naming it fails the build
        return new DropGate(file, JsonFiles.read(file, EvaluationRecord.class), maxTop1Drop, maxBalancedAccuracyDrop);
    }

    /**
     * The evaluation the runtime wrote, read with the runtime's own record: a file that is missing or
     * damaged is the runtime breaking its contract, not bad input, so it fails as an error of the run.
     */
    static EvaluationRecord readEvaluation(Path file) throws MojoExecutionException {
        if (!Files.isRegularFile(file)) {
            throw new MojoExecutionException("cvt-runtime test ended without writing its evaluation to " + file);
        }
        try {
            return JsonFiles.read(file, EvaluationRecord.class);
        } catch (CvtException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    /** The gate as the report shows it: none without limits, not checked when the evaluation did not complete. */
    static RunReport.Gate reportGate(boolean limitsSet, QualityGate.Outcome outcome) {
        if (!limitsSet) {
            return null;
        }
        if (outcome == null) {
            return new RunReport.Gate(false, "not checked: the evaluation did not complete");
        }
        return new RunReport.Gate(outcome.passed(), outcome.description());
    }
}
