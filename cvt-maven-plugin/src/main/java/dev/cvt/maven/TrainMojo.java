package dev.cvt.maven;

import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.Log;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.data.Folds;
import dev.cvt.runtime.train.RunDirectory;
import dev.cvt.runtime.train.RunRecord;
import dev.cvt.runtime.train.RunStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Trains each experiment's model ({@code cvt-runtime train}) in a forked JVM; the model files go to
 * the experiment's {@code OUTPUT_DIR}. Bound to {@code process-classes}: the trained model is the
 * build's compiled output, made from the dataset of {@code cvt:melgen} (generate-resources) and
 * needed by {@code cvt:test} (test), as classes are by unit tests. After the run, finished or not, the
 * experiment's report page goes to {@code target/cvt/ID/report/index.html} (ID: the experiment id).
 * With {@code attach}, the trained model becomes an artifact of the build.
 */
@Mojo(name = "train", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true)
public class TrainMojo extends AbstractForkedMojo {
    /** Skip this goal. */
    @Parameter(property = "cvt.train.skip", defaultValue = "false")
    boolean skipTrain;

    /**
     * Train afresh even when the run folder is up to date with the experiment or can be resumed; the
     * earlier run is kept in the run folder with {@code .previous} added to its name.
     */
    @Parameter(property = "cvt.train.force", defaultValue = "false")
    boolean force;

    /**
     * Attach each experiment's trained model to the build as {@code ARTIFACTID-VERSION-ID.zip} (ID: the
     * experiment id, as classifier; {@link ModelArchive}), so that {@code install} and {@code deploy} publish it.
     */
    @Parameter(property = "cvt.attach", defaultValue = "false")
    boolean attach;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Component
    MavenProjectHelper projectHelper;

    @Override
    boolean skipGoal() {
        return skipTrain;
    }

    @Override
    String goal() {
        return "train";
    }

    @Override
    void run(ExperimentRun experiment, Log log) throws MojoExecutionException, MojoFailureException {
        try {
            fork(experiment, force ? List.of("--force") : List.of(), () -> markEnded(experiment, RunRecord.State.INTERRUPTED,
                    "Maven was stopped (Ctrl-C or SIGTERM) and killed the training process"));
        } catch (MojoExecutionException crashed) { // killed, crashed, timed out: the child could not say so in run.json
            if (!shuttingDown()) { // else Maven's shutdown killed the child, and the hook above marks the run
                // the flag is cleared while marking: an interrupted thread cannot take the folder's lock
                boolean interrupted = Thread.interrupted();
                markEnded(experiment, interrupted ? RunRecord.State.INTERRUPTED : RunRecord.State.FAILED,
                        crashed.getMessage().lines().findFirst().orElse(""));
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            throw crashed;
        } finally { // the report of a failed run shows where it stopped and why; the failure then goes on
            writeReport(experiment, null);
        }
        if (attach) {
            attachModel(experiment);
        }
    }

    /** Zips the model of every run of the experiment to {@code target/cvt/<id>/<id>-model.zip} and attaches it. */
    private void attachModel(ExperimentRun experiment) throws MojoExecutionException, MojoFailureException {
        Map<String, Path> runs = new LinkedHashMap<>();
        for (ExperimentConfig run : Folds.of(experiment.config(), basedir.toPath())) {
            runs.put(run.string("DATASET.FOLD"), RunDirectory.of(run, basedir.toPath()).dir());
        }
        String classifier = Experiments.folder(experiment.id());
        Path zip = experimentDirectory(experiment).resolve(classifier + "-model.zip");
        try {
            ModelArchive.write(runs, zip);
        } catch (IOException e) {
            throw new MojoExecutionException("cannot write " + zip + ": " + e.getMessage(), e);
        }
        projectHelper.attachArtifact(project, "zip", classifier, zip.toFile());
        getLog().info("attached " + zip + " as classifier " + classifier + ", type zip");
    }

    /** Whether the JVM is shutting down: a hook can then no longer be added. */
    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    /**
     * Marks run.json (of every fold, on a cross-validated dataset) when it still says running and no
     * other process holds the run; a failure to is only logged.
     */
    private void markEnded(ExperimentRun experiment, RunRecord.State state, String why) {
        List<ExperimentConfig> runs;
        try {
            runs = Folds.of(experiment.config(), basedir.toPath());
        } catch (CvtException e) {
            getLog().warn("could not mark the run " + state.label() + ": " + e.getMessage());
            return;
        }
        for (ExperimentConfig config : runs) {
            RunDirectory run = RunDirectory.of(config, basedir.toPath());
            try {
                RunStatus.markEnded(run, state, why);
            } catch (CvtException e) {
                getLog().warn("could not mark " + run.dir().resolve("run.json") + " " + state.label() + ": " + e.getMessage());
            }
        }
    }
}
