package dev.cvt.maven;

import dev.cvt.runtime.config.ExperimentConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * One selected experiment, already loaded and checked in-process (so a bad key fails before any work
 * starts): its id, its YAML (absolute), its overrides as {@code KEY VALUE} arguments, its config, and
 * its own quality gate (before the plugin's minimums fill it in).
 */
record ExperimentRun(String id, Path file, List<String> overrides, ExperimentConfig config, QualityGate gate) {
}
