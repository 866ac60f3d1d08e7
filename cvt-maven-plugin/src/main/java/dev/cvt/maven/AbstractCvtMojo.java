package dev.cvt.maven;

import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.Log;
import java.io.File;
import java.nio.file.InvalidPathException;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What every goal shares: the experiments to run (from the pom, or one YAML named by
 * {@code -Dcvt.config}), {@code cvt.skip}, and mapping the engine's input errors to BUILD FAILURE.
 */
abstract class AbstractCvtMojo extends AbstractMojo {
    /** The experiments of this project; each a YAML file, an id and overrides. */
    @Parameter
    List<Experiment> experiments = new ArrayList<>();

    /** One experiment YAML to run instead of the configured list. */
    @Parameter(property = "cvt.config")
    File config;

    /** Run only the experiment with this id. */
    @Parameter(property = "cvt.experiment")
    String experiment;

    /** Skip every cvt goal. */
    @Parameter(property = "cvt.skip", defaultValue = "false")
    boolean skip;

    /** Relative paths in experiments resolve against the project folder. */
    @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
    File basedir;

    /**
     * {@code target}: the argument files and outputs of a run go to {@code target/cvt/ID/} (ID: the experiment id), and an
     * experiment's default {@code OUTPUT_DIR} to {@code target/cvt-output}.
     */
    @Parameter(defaultValue = "${project.build.directory}", readonly = true, required = true)
    File buildDirectory;

    /** This goal's own skip switch. */
    abstract boolean skipGoal();

    abstract String goal();

    /** Runs the goal for one experiment. */
    abstract void run(ExperimentRun experiment, Log log) throws MojoExecutionException, MojoFailureException;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip || skipGoal()) {
            getLog().info("cvt:" + goal() + " skipped");
            return;
        }
        List<Experiment> selected = Experiments.select(experiments, config, experiment);
        Log log = new MavenLog(getLog());
        for (Experiment e : selected) {
            getLog().info("cvt:" + goal() + " experiment '" + e.getId() + "' (" + Experiments.file(e, basedir) + ")");
            try {
                run(Experiments.load(e, basedir, buildDirectory), log);
            } catch (CvtException failure) {
                throw new MojoFailureException("experiment '" + e.getId() + "': " + failure.getMessage(), failure);
            } catch (InvalidPathException badPath) {
                throw new MojoFailureException("experiment '" + e.getId() + "': " + CvtException.unusablePath(badPath).getMessage(), badPath);
            }
        }
    }

    /** The engine's log on the Maven log. */
    private static final class MavenLog implements Log {
        private final org.apache.maven.plugin.logging.Log log;

        MavenLog(org.apache.maven.plugin.logging.Log log) {
            this.log = log;
        }

        @Override
        public void info(String message) {
            message.lines().forEach(log::info);
        }

        @Override
        public void warn(String message) {
            log.warn(message);
        }
    }
}
