package dev.cvt.maven;

import dev.cvt.runtime.config.ConfigLoader;
import dev.cvt.runtime.config.ExperimentConfig;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;

/**
 * The experiments a goal works on, shared by the build goals ({@link AbstractCvtMojo}) and the site
 * report ({@link ReportMojo}), which cannot share a base class: the pom's {@code <experiments>}, or
 * the one YAML of {@code -Dcvt.config}, narrowed by {@code -Dcvt.experiment}; files resolve against
 * the project folder.
 */
final class Experiments {
    private Experiments() {
    }

    /** The experiments to work on, in the pom's order; fails when none is left. */
    static List<Experiment> select(List<Experiment> configured, File config, String experimentId)
            throws MojoFailureException {
        List<Experiment> selected = new ArrayList<>();
        if (config != null) {
            selected.add(new Experiment(null, config));
        } else {
            configured.stream().filter(e -> experimentId == null || experimentId.equals(e.getId())).forEach(selected::add);
        }
        if (selected.isEmpty()) {
            throw new MojoFailureException(experimentId != null
                    ? "no experiment with id '" + experimentId + "' among " + configured.stream().map(Experiment::getId).toList()
                    : "no experiments: configure <experiments> or pass -Dcvt.config=experiment.yaml");
        }
        return selected;
    }

    /** The experiment's YAML, relative paths taken from the project folder. */
    static File file(Experiment experiment, File basedir) throws MojoFailureException {
        if (experiment.getFile() == null) {
            throw new MojoFailureException("experiment '" + experiment.getId() + "' has no <file>");
        }
        File file = experiment.getFile();
        return file.isAbsolute() ? file : new File(basedir, file.getPath());
    }

    /** Below the build directory: where the runs of an experiment go that leaves {@code OUTPUT_DIR} at its default. */
    static final String DEFAULT_OUTPUT_FOLDER = "cvt-output";

    /**
     * Loads and checks the experiment's YAML with its overrides. An {@code OUTPUT_DIR} left at its default
     * {@code ''} (the working directory, in the original and on the command line) becomes
     * {@code <buildDirectory>/cvt-output}, so the runs stay below {@code target/} and {@code mvn clean}
     * removes them; the override is passed on to the forked JVM with the pom's.
     *
     * @throws dev.cvt.runtime.CvtException on a bad file or key
     */
    static ExperimentRun load(Experiment experiment, File basedir, File buildDirectory) throws MojoFailureException {
        File file = file(experiment, basedir);
        List<String> overrides = new ArrayList<>();
        experiment.getOverrides().forEach((k, v) -> {
            overrides.add(k);
            overrides.add(v == null ? "" : v);
        });
        ExperimentConfig loaded = ConfigLoader.load(file.toPath(), overrides);
        if (loaded.string("OUTPUT_DIR").isEmpty()) {
            overrides.add("OUTPUT_DIR");
            overrides.add(buildDirectory.toPath().resolve(DEFAULT_OUTPUT_FOLDER).toAbsolutePath().toString());
            loaded = ConfigLoader.load(file.toPath(), overrides);
        }
        return new ExperimentRun(experiment.getId(), file.toPath().toAbsolutePath(), List.copyOf(overrides), loaded,
                experiment.gate());
    }

    /** The experiment's id made safe as a folder name (its files go to {@code target/cvt/<folder>}). */
    static String folder(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
