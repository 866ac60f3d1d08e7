package dev.cvt.maven;

import dev.cvt.runtime.Log;
import dev.cvt.runtime.melgen.Melgen;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Recordings → windows → mel spectrograms → multi-view dataset, for each experiment's MELGEN
 * section. Skips an experiment whose inputs and config are unchanged since its last run.
 * Runs in the Maven JVM: it needs no native engine.
 */
@Mojo(name = "melgen", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class MelgenMojo extends AbstractCvtMojo {
    /** Skip this goal. */
    @Parameter(property = "cvt.melgen.skip", defaultValue = "false")
    boolean skipMelgen;

    /** Rebuild the dataset even when inputs and config are unchanged. */
    @Parameter(property = "cvt.melgen.force", defaultValue = "false")
    boolean force;

    @Override
    boolean skipGoal() {
        return skipMelgen;
    }

    @Override
    String goal() {
        return "melgen";
    }

    @Override
    void run(ExperimentRun experiment, Log log) {
        Melgen.run(experiment.config(), basedir.toPath(), force, log);
    }
}
