package dev.cvt.maven;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM playing Maven forks a child as the plugin does and is killed with SIGKILL: the child must not outlive it. */
class KilledMavenTest {
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    /** The stand-in for Maven: forks {@link FakeRuntime} (which watches its stdin as the runtime does) and waits. */
    public static void main(String[] args) throws Exception {
        List<File> classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(File::new).toList();
        ForkedRuntime runtime = new ForkedRuntime(JAVA, classpath, List.of(), Map.of(), Path.of(args[0]), Duration.ZERO,
                FakeRuntime.class.getName());
        runtime.run(Path.of(args[0], "train.args"), List.of("parentWatch", "pid", "sleep:120000"), new SystemStreamLog(), "", () -> { });
    }

    @TempDir
    Path dir;

    @Test
    void theChildExitsWhenMavenIsKilled() throws Exception {
        Process maven = new ProcessBuilder(JAVA.toString(), "-cp", System.getProperty("java.class.path"), KilledMavenTest.class.getName(),
                dir.toString()).redirectErrorStream(true).start();
        ProcessHandle child = null;
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(maven.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            // no read after the pid line: the next one comes only when the child ends
            for (String line; child == null && (line = output.readLine()) != null; ) {
                seen.append(line).append('\n');
                if (line.startsWith("[info] pid ")) { // SystemStreamLog's format
                    child = ProcessHandle.of(Long.parseLong(line.substring(11))).orElse(null);
                }
            }
            assertNotNull(child, "the child never reported its pid:\n" + seen);
            maven.destroyForcibly(); // SIGKILL: no shutdown hook runs
            maven.waitFor(30, TimeUnit.SECONDS);
            child.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
            assertFalse(child.isAlive(), "the child outlived Maven");
        } finally {
            maven.destroyForcibly();
            if (child != null) {
                child.destroyForcibly();
            }
        }
    }
}
