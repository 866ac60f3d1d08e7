package dev.cvt.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.util.List;
import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.junit.jupiter.api.Test;

class RuntimeClasspathTest {
    private static final String PLUGIN = "dev.cvt:cvt-maven-plugin:maven-plugin:0.1.0-SNAPSHOT";

    /** An artifact resolved through {@code trail} (artifact ids, the plugin first); its file is named after its artifactId. */
    private static Artifact artifact(String groupId, String artifactId, String... trail) {
        DefaultArtifact artifact = new DefaultArtifact(groupId, artifactId, "1", "runtime", "jar", null, new DefaultArtifactHandler("jar"));
        artifact.setFile(new File(artifactId + ".jar"));
        artifact.setDependencyTrail(trail.length == 0 ? null : List.of(trail));
        return artifact;
    }

    private static List<String> names(List<File> files) {
        return files.stream().map(File::getName).toList();
    }

    @Test
    void theRuntimeItsDependenciesAndThePomsAdditionsOnly() {
        String runtime = "dev.cvt:cvt-runtime:jar:0.1.0-SNAPSHOT";
        String cuda = "ai.djl.pytorch:pytorch-native-cu124:jar:linux-x86_64:2.5.1";
        String reporting = "org.apache.maven.reporting:maven-reporting-impl:jar:4.0.0";
        List<Artifact> artifacts = List.of(
                artifact("dev.cvt", "cvt-maven-plugin", PLUGIN),
                artifact("dev.cvt", "cvt-runtime", PLUGIN, runtime),
                artifact("ai.djl", "api", PLUGIN, runtime, "ai.djl.pytorch:pytorch-engine:jar:0.32.0", "ai.djl:api:jar:0.32.0"),
                artifact("ai.djl.pytorch", "pytorch-native-cu124", PLUGIN, cuda),
                artifact("org.apache.maven.reporting", "maven-reporting-impl", PLUGIN, reporting),
                artifact("org.apache.maven.doxia", "doxia-core", PLUGIN, reporting, "org.apache.maven.doxia:doxia-core:jar:2.0.0"));
        assertEquals(List.of("cvt-runtime.jar", "api.jar", "pytorch-native-cu124.jar"),
                names(RuntimeClasspath.of(artifacts, Set.of("ai.djl.pytorch:pytorch-native-cu124"))));
        assertEquals(List.of("cvt-runtime.jar", "api.jar"), names(RuntimeClasspath.of(artifacts, Set.of())));
    }

    @Test
    void anArtifactWithoutTrailIsKept() {
        assertEquals(List.of("classes.jar"), names(RuntimeClasspath.of(List.of(artifact("test", "classes")), Set.of())));
    }
}
