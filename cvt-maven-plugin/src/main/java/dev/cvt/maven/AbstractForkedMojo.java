package dev.cvt.maven;

import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.report.RunReport;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * A goal that runs a command of the engine in a forked JVM ({@link ForkedRuntime}): one per
 * experiment, in the project folder, with the experiment's YAML and overrides as arguments. The
 * in-process load of the YAML by {@link AbstractCvtMojo} has already rejected bad keys by then.
 *
 * <p>The child's class path is the runtime's resolved dependencies and any {@code <dependency>} added to
 * the plugin in the pom ({@link RuntimeClasspath}): e.g. {@code ai.djl.pytorch:pytorch-native-cu124} for
 * CUDA. It runs with {@code -Dai.djl.offline=true}: no download ever, so Maven's offline mode is DJL's too.
 */
abstract class AbstractForkedMojo extends AbstractCvtMojo {
    /** The java executable of the forked JVM (JDK 9 or later). */
    @Parameter(property = "cvt.jvm", defaultValue = "${java.home}/bin/java")
    File jvm;

    /** Options for the forked JVM, one per {@code jvmArg} element, e.g. {@code -Xmx8g}. */
    @Parameter
    List<String> jvmArgs = new ArrayList<>();

    /**
     * More options for the forked JVM as one string split on white space (no quoting: use
     * {@code jvmArgs} for an option containing spaces); added after {@code jvmArgs}.
     */
    @Parameter(property = "cvt.jvmArgs")
    String jvmArgLine;

    /** Variables added to the forked JVM's environment, one element each, named after the variable, e.g. {@code CUDA_VISIBLE_DEVICES}. */
    @Parameter
    Map<String, String> environmentVariables = new LinkedHashMap<>();

    /** Seconds the forked JVM may run per experiment before it is killed and the build fails; 0 = no limit. */
    @Parameter(property = "cvt.timeout", defaultValue = "0")
    int timeout;

    /**
     * The device to train and evaluate on, overriding the experiments' {@code DEVICE}: {@code auto} (a GPU when
     * PyTorch finds one), {@code cpu} or {@code gpu} (fails the build, saying what is missing, when there is none).
     */
    @Parameter(property = "cvt.device")
    String device;

    /** The plugin's resolved dependencies, pom additions included: the forked JVM's class path is taken from them. */
    @Parameter(defaultValue = "${plugin.artifacts}", readonly = true, required = true)
    List<Artifact> pluginArtifacts;

    /** The plugin as the pom declares it: the dependencies added to it go to the forked JVM. */
    @Parameter(defaultValue = "${plugin}", readonly = true)
    PluginDescriptor pluginDescriptor;

    /** Under {@code mvn -T} relayed lines carry the experiment's id: several projects' forks log at once. */
    @Parameter(defaultValue = "${session}", readonly = true)
    MavenSession session;

    /** The class the child runs; tests put a stand-in here. */
    String mainClass = ForkedRuntime.MAIN_CLASS;

    /** {@link RunReport#render}'s signature: tests put a stand-in here. */
    interface ReportRenderer {
        RunReport.Summary render(ExperimentConfig config, Path workDir, String experimentId, Path outDir, RunReport.Gate gate);
    }

    /** Draws the report page after a run. */
    ReportRenderer reportRenderer = RunReport::render;

    /** {@code target/cvt/<id>}: this experiment's files, the id made safe as a folder name. */
    Path experimentDirectory(ExperimentRun experiment) {
        return buildDirectory.toPath().resolve("cvt").resolve(Experiments.folder(experiment.id()));
    }

    /**
     * Renders the experiment's report page, {@code target/cvt/<id>/report/index.html}, from whatever its
     * run left (finished, failed or not run at all) and logs where it is. Called after the forked run
     * whatever its outcome: a failure to render is only a warning, so it never hides how the run ended.
     *
     * @param gate the quality gate's outcome, or {@code null} when none was set
     */
    void writeReport(ExperimentRun experiment, RunReport.Gate gate) {
        Path page = experimentDirectory(experiment).resolve("report");
        try {
            RunReport.Summary summary = reportRenderer.render(experiment.config(), basedir.toPath(), experiment.id(), page, gate);
            getLog().info("report: " + summary.page());
        } catch (RuntimeException | LinkageError e) {
            getLog().warn("experiment '" + experiment.id() + "': the report could not be written to " + page + ": " + e);
        }
    }

    /**
     * Runs {@code <goal> --cfg <yaml> [options] [KEY VALUE]...} for one experiment and maps how it
     * ended to the build's outcome ({@link ForkResult#requireSuccess}).
     *
     * @param afterShutdownKill what to do when Maven is stopped during the run, once the child is dead
     */
    void fork(ExperimentRun experiment, List<String> options, Runnable afterShutdownKill)
            throws MojoExecutionException, MojoFailureException {
        if (timeout < 0) {
            throw new MojoFailureException("timeout must be 0 (none) or a number of seconds, not " + timeout);
        }
        if (device != null && !List.of("auto", "cpu", "gpu").contains(device)) {
            throw new MojoFailureException("device (-Dcvt.device) is '" + device + "'; allowed: auto, cpu, gpu");
        }
        List<String> arguments = new ArrayList<>(List.of(goal(), "--cfg", experiment.file().toString()));
        arguments.addAll(options);
        arguments.addAll(experiment.overrides());
        if (device != null) {
            arguments.addAll(List.of("DEVICE", device)); // last: the command line's choice wins over the pom's and the YAML's
        }
        ForkedRuntime runtime = new ForkedRuntime(javaExecutable(), classpath(), allJvmArgs(),
                environmentVariables, basedir.toPath(), Duration.ofSeconds(timeout), mainClass);
        Path argsFile = experimentDirectory(experiment).resolve(goal() + ".args");
        getLog().info("forking " + runtime.jvm() + " @" + argsFile); // the same command reruns the step by hand
        String linePrefix = session != null && session.isParallel() ? "[" + experiment.id() + "] " : "";
        runtime.run(argsFile, arguments, getLog(), linePrefix, afterShutdownKill).requireSuccess(experiment.id(), "cvt-runtime " + goal());
    }

    private Path javaExecutable() throws MojoFailureException {
        // the default ${java.home}/bin/java is java.exe on Windows
        for (File candidate : List.of(jvm, new File(jvm.getPath() + ".exe"))) {
            if (candidate.isFile()) {
                return candidate.toPath();
            }
        }
        throw new MojoFailureException("jvm " + jvm + ": no such file");
    }

    private List<File> classpath() {
        Set<String> addedInPom = pluginDescriptor == null || pluginDescriptor.getPlugin() == null ? Set.of()
                : pluginDescriptor.getPlugin().getDependencies().stream().map(d -> d.getGroupId() + ":" + d.getArtifactId())
                        .collect(Collectors.toSet());
        return RuntimeClasspath.of(pluginArtifacts, addedInPom);
    }

    private List<String> allJvmArgs() {
        List<String> all = new ArrayList<>(jvmArgs);
        if (jvmArgLine != null && !jvmArgLine.isBlank()) {
            all.addAll(Arrays.asList(jvmArgLine.trim().split("\\s+")));
        }
        return all;
    }
}
