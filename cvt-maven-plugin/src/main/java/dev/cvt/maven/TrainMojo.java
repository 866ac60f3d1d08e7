package dev.cvt.maven;

import dev.cvt.runtime.Log;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Trains each experiment's model ({@code cvt-runtime train}) in a forked JVM; the model files go to
 * the experiment's {@code OUTPUT_DIR}. Bound to {@code process-classes}: the trained model is the
 * build's compiled output, made from the dataset of {@code cvt:melgen} (generate-resources) and
 * needed by {@code cvt:test} (test), as classes are by unit tests. After the run, finished or not, the
 * experiment's report page goes to {@code target/cvt/<id>/report/index.html}.
 */
@Mojo(name = "train", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true)
public class TrainMojo extends AbstractForkedMojo {
    /** Skip this goal. */
    @Parameter(property = "cvt.train.skip", defaultValue = "false")
    boolean skipTrain;

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
            fork(experiment, List.of());
        } finally { // the report of a failed run shows where it stopped and why; the failure then goes on
            writeReport(experiment, null);
        }
    }
}
