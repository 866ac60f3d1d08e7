package dev.cvt.maven;

import java.io.File;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.maven.artifact.Artifact;

/**
 * The forked JVM's class path: of the plugin's resolved artifacts, the runtime and what it depends on,
 * plus the dependencies a pom adds to the plugin (e.g. {@code pytorch-native-cu124}) with theirs. The
 * plugin's own stack (Doxia and the site report's libraries, archivers) stays out of the child.
 */
final class RuntimeClasspath {
    /** groupId:artifactId of the engine the child runs. */
    static final String RUNTIME = "dev.cvt:cvt-runtime";

    private RuntimeClasspath() {
    }

    /**
     * @param pluginArtifacts the plugin's artifacts, each with the trail of artifact ids Maven resolved it through,
     *                        the plugin first
     * @param addedInPom groupId:artifactId of each dependency the pom gives the plugin
     */
    static List<File> of(List<Artifact> pluginArtifacts, Set<String> addedInPom) {
        return pluginArtifacts.stream().filter(a -> forTheRuntime(a, addedInPom)).map(Artifact::getFile).filter(Objects::nonNull).toList();
    }

    private static boolean forTheRuntime(Artifact artifact, Set<String> addedInPom) {
        List<String> trail = artifact.getDependencyTrail();
        if (trail == null || trail.isEmpty()) {
            return true; // provenance unknown: better a long class path than a missing class
        }
        if (trail.size() == 1) {
            return false; // the plugin itself
        }
        // the plugin's direct dependency this artifact came through: groupId:artifactId:type[:classifier]:version
        String[] via = trail.get(1).split(":");
        String key = via[0] + ":" + via[1];
        return key.equals(RUNTIME) || addedInPom.contains(key);
    }
}
