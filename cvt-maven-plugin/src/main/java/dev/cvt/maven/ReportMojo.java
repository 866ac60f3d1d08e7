package dev.cvt.maven;

import dev.cvt.runtime.report.RunReport;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.reporting.AbstractMavenReport;
import org.apache.maven.reporting.MavenReportException;

/**
 * The Maven site report "CvT experiments" (in the pom's {@code reporting} section; needs a Doxia 2
 * maven-site-plugin, tested with 3.21.0): an index page, {@code cvt/index.html}, with a row per experiment
 * of the {@code experiments} parameter (the same configuration as the build goals: the report's own, or
 * else the one in the {@code build} section), and each experiment's self-contained report page at
 * {@code cvt/ID/index.html}, drawn from whatever its run left: finished, running, failed or not run. Runs
 * in the Maven JVM and forks nothing.
 */
// no angle brackets in the Javadoc above or on parameters: the plugin descriptor keeps them as they are
// and help:describe reads it as HTML, dropping "<reporting>" as an unknown tag (PluginDescriptorTest)
@Mojo(name = "report", threadSafe = true)
public class ReportMojo extends AbstractMavenReport {
    /** The experiments of this project; each a YAML file, an id and overrides. */
    @Parameter
    List<Experiment> experiments = new ArrayList<>();

    /** One experiment YAML to report instead of the configured list. */
    @Parameter(property = "cvt.config")
    File config;

    /** Report only the experiment with this id. */
    @Parameter(property = "cvt.experiment")
    String experiment;

    /** Skip every cvt goal, this report too. */
    @Parameter(property = "cvt.skip", defaultValue = "false")
    boolean skip;

    /** Relative paths in experiments resolve against the project folder. */
    @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
    File basedir;

    /** {@code target}: where an experiment's default {@code OUTPUT_DIR} puts its runs, as the build goals do. */
    @Parameter(defaultValue = "${project.build.directory}", readonly = true, required = true)
    File buildDirectory;

    @Override
    public String getOutputPath() {
        return "cvt/index";
    }

    /** Maven's site plugins before the {@code getOutputPath} API ask this. */
    @Override
    @Deprecated
    public String getOutputName() {
        return getOutputPath();
    }

    @Override
    public String getName(Locale locale) {
        return "CvT experiments";
    }

    @Override
    public String getDescription(Locale locale) {
        return "The project's CvT experiments: state and scores of each run, with a report page per experiment.";
    }

    @Override
    public boolean canGenerateReport() {
        return !skip && (config != null || !configuredExperiments().isEmpty());
    }

    /**
     * The {@code <experiments>} of the report's own configuration, or else those the build goals have:
     * the site runs a {@code <reporting>} plugin with its {@code <reporting>} configuration only, so a
     * project that configures the plugin once, under {@code <build>}, names it there.
     */
    List<Experiment> configuredExperiments() {
        if (!experiments.isEmpty() || project == null) {
            return experiments;
        }
        return BuildConfiguration.experiments(project.getPlugin(PLUGIN_KEY));
    }

    /** For tests: the project whose build configuration is read. */
    void setProject(MavenProject project) {
        this.project = project;
    }

    /** This plugin as the pom names it. */
    static final String PLUGIN_KEY = "dev.cvt:cvt-maven-plugin";

    @Override
    protected void executeReport(Locale locale) throws MavenReportException {
        List<Experiment> selected;
        try {
            selected = Experiments.select(configuredExperiments(), config, experiment);
        } catch (MojoFailureException e) {
            throw new MavenReportException(e.getMessage(), e);
        }
        Path pages = getReportOutputDirectory().toPath().resolve("cvt");
        List<ExperimentIndex.Row> rows = new ArrayList<>();
        for (Experiment e : selected) {
            rows.add(page(e, pages));
        }
        ExperimentIndex.write(getSink(), getName(locale), rows);
    }

    /** Renders the experiment's page into {@code pages/<id>/}; a config or run that cannot be read is a row saying so. */
    private ExperimentIndex.Row page(Experiment e, Path pages) {
        String folder = Experiments.folder(e.getId());
        try {
            ExperimentRun run = Experiments.load(e, basedir, buildDirectory);
            RunReport.Summary summary = RunReport.render(run.config(), basedir.toPath(), run.id(), pages.resolve(folder), null);
            getLog().info("experiment '" + e.getId() + "': " + summary.state() + ", report " + summary.page());
            return ExperimentIndex.Row.of(e.getId(), summary, folder + "/index.html");
        } catch (MojoFailureException | RuntimeException failure) {
            String problem = failure.getMessage() == null ? failure.toString() : failure.getMessage();
            getLog().warn("experiment '" + e.getId() + "': no report: " + problem);
            return ExperimentIndex.Row.unreadable(e.getId(), problem);
        }
    }
}
