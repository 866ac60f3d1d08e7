package dev.cvt.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher, forking {@link FakeRuntime} for real: relay, exit codes, timeout, argument file. */
class ForkedRuntimeTest {
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    @TempDir
    Path dir;

    private final RecordingLog log = new RecordingLog();

    private static File testClasses() throws Exception {
        return new File(FakeRuntime.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private ForkedRuntime runtime(Duration timeout) throws Exception {
        return new ForkedRuntime(JAVA, List.of(testClasses()), List.of(), Map.of(), dir, timeout, FakeRuntime.class.getName());
    }

    private ForkResult run(String... script) throws Exception {
        return runtime(Duration.ZERO).run(dir.resolve("cvt/tiny/train.args"), List.of(script), log, "", () -> { });
    }

    @Test
    void relaysEveryLineInOrderAtTheLevelOfItsPrefix() throws Exception {
        ForkResult result = run("out:epoch 1", "err:WARNING: class raise has 2 samples", "out:ERROR: on stdout too",
                "err:plain stderr", "out:WARNED is no prefix", "out:30 × 30 µs", "exit:0");
        assertEquals(List.of("INFO epoch 1", "WARN class raise has 2 samples", "ERROR on stdout too",
                "INFO plain stderr", "INFO WARNED is no prefix", "INFO 30 × 30 µs"), log.lines());
        assertEquals(0, result.exitCode());
        assertNull(result.timeout());
        result.requireSuccess("tiny", "cvt-runtime train");
    }

    @Test
    void exitTwoIsABuildFailureWithTheErrorMessageOnly() throws Exception {
        ForkResult result = run("err:ERROR: x.yaml:3: unknown key TRAIN.END_EPCH", "err:usage: java -jar ...", "exit:2");
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> result.requireSuccess("tiny", "cvt-runtime train"));
        assertEquals("experiment 'tiny': x.yaml:3: unknown key TRAIN.END_EPCH", e.getMessage());
    }

    @Test
    void exitTwoWithoutAnErrorLineStillFailsTheBuildShowingTheOutput() throws Exception {
        ForkResult result = run("out:something odd", "exit:2");
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> result.requireSuccess("tiny", "cvt-runtime test"));
        assertTrue(e.getMessage().contains("cvt-runtime test rejected its input (exit code 2)"), e.getMessage());
        assertTrue(e.getMessage().endsWith("\n  something odd"), e.getMessage());
    }

    @Test
    void anyOtherExitCodeIsABuildErrorWithTheLastThirtyLines() throws Exception {
        ForkResult result = run("lines:50", "exit:3");
        assertEquals(3, result.exitCode());
        assertEquals(50, log.lines().size(), "every line relayed");
        MojoExecutionException e = assertThrows(MojoExecutionException.class, () -> result.requireSuccess("tiny", "cvt-runtime train"));
        assertTrue(e.getMessage().startsWith("experiment 'tiny': cvt-runtime train failed with exit code 3; its last 30 lines:\n  line-021\n"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("line-050"), e.getMessage());
        assertFalse(e.getMessage().contains("line-020"), e.getMessage());
    }

    @Test
    void aHaltedJvmIsACrash() throws Exception {
        ForkResult result = run("out:loading natives", "halt:134");
        MojoExecutionException e = assertThrows(MojoExecutionException.class, () -> result.requireSuccess("tiny", "cvt-runtime train"));
        assertTrue(e.getMessage().contains("exit code 134; its last line:\n  loading natives"), e.getMessage());
    }

    @Test
    void onTimeoutTheChildAndItsDescendantsAreKilled() throws Exception {
        long start = System.nanoTime();
        ForkResult result = runtime(Duration.ofSeconds(3)).run(dir.resolve("test.args"), List.of("spawn", "out:waiting", "sleep:120000"), log, "",
                () -> { });
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60), "killed, not waited for");
        assertEquals(Duration.ofSeconds(3), result.timeout());
        long grandchild = result.lastLines().stream().filter(l -> l.startsWith("grandchild ")).mapToLong(l -> Long.parseLong(l.substring(11)))
                .findFirst().orElseThrow(() -> new AssertionError("no grandchild in " + result.lastLines()));
        ProcessHandle.of(grandchild).ifPresent(p -> p.onExit().orTimeout(20, TimeUnit.SECONDS).join());
        assertFalse(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false), "grandchild " + grandchild + " still alive");
        MojoExecutionException e = assertThrows(MojoExecutionException.class, () -> result.requireSuccess("tiny", "cvt-runtime test"));
        assertTrue(e.getMessage().startsWith("experiment 'tiny': cvt-runtime test did not finish within the timeout of 3 s and was killed"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("\n  waiting"), e.getMessage());
    }

    @Test
    void relayedLinesCarryThePrefixAndDjlsLoggerLinesTheirLevel() throws Exception {
        runtime(Duration.ZERO).run(dir.resolve("test.args"), List.of("err:WARN ai.djl.util.cuda.CudaUtils - Failed to detect GPU count",
                "err:ERROR ai.djl.engine.Engine - boom", "out:Epoch[1/2]"), log, "[tiny] ", () -> { });
        assertEquals(List.of("WARN [tiny] ai.djl.util.cuda.CudaUtils - Failed to detect GPU count", "ERROR [tiny] ai.djl.engine.Engine - boom",
                "INFO [tiny] Epoch[1/2]"), log.lines());
    }

    @Test
    void theChildsStdinStaysOpenWhileItRuns() throws Exception {
        assertEquals(List.of("INFO stdin open"), run("stdin:1000").lastLines().stream().map(l -> "INFO " + l).toList());
    }

    @Test
    void theArgumentFileCarriesPathsWithSpacesAndAwkwardArgumentsIntact() throws Exception {
        Path classes = dir.resolve("class path with spaces");
        Path packageDir = Files.createDirectories(classes.resolve("dev/cvt/maven"));
        Files.copy(testClasses().toPath().resolve("dev/cvt/maven/FakeRuntime.class"), packageDir.resolve("FakeRuntime.class"));
        Path work = Files.createDirectories(dir.resolve("project dir"));
        Path argsFile = dir.resolve("target dir/cvt/my id/train.args");
        List<String> awkward = List.of("two words", "C:\\temp\\x", "q\"uote", "it's", "#not a comment", "", "tab\there",
                "line\nbreak", "@not-a-file", "ünï ×");
        ForkedRuntime runtime = new ForkedRuntime(JAVA, List.of(classes.toFile()), List.of("-Dcustom=a b", "-Dai.djl.offline=false"),
                Map.of("CVT_TEST_VAR", "from pom"), work, Duration.ZERO, FakeRuntime.class.getName());
        List<String> script = new java.util.ArrayList<>(List.of("cwd", "env:CVT_TEST_VAR", "prop:custom", "prop:ai.djl.offline",
                "prop:cvt.parentWatch", "args"));
        script.addAll(awkward);
        ForkResult result = runtime.run(argsFile, script, log, "", () -> { });
        result.requireSuccess("my id", "cvt-runtime train");
        List<String> expected = new java.util.ArrayList<>(List.of("INFO cwd " + work.toRealPath(), "INFO env CVT_TEST_VAR=from pom",
                "INFO prop custom=a b", "INFO prop ai.djl.offline=false", "INFO prop cvt.parentWatch=stdin"));
        awkward.forEach(a -> expected.add("INFO [" + a.replace("\n", "\\n").replace("\t", "\\t") + "]"));
        assertEquals(expected, log.lines());
        List<String> lines = Files.readAllLines(argsFile);
        assertEquals(List.of("\"-cp\"", "\"" + classes + "\""), lines.subList(0, 2));
        assertTrue(lines.stream().allMatch(l -> l.length() >= 2 && l.startsWith("\"") && l.endsWith("\"")), lines.toString());
    }

    @Test
    void aChildUnderACLocaleGetsAUtf8CharacterTypeUnlessThePomSetsALocale() throws Exception {
        ForkedRuntime runtime = runtime(Duration.ZERO);
        assertEquals(Map.of("LC_CTYPE", "C.UTF-8"), runtime.childEnvironment(Map.of("LANG", "C")));
        assertEquals(Map.of("LC_CTYPE", "C.UTF-8"), runtime.childEnvironment(Map.of()));
        assertEquals(Map.of("LC_ALL", "C.UTF-8"), runtime.childEnvironment(Map.of("LC_ALL", "POSIX", "LANG", "en_US.UTF-8")));
        assertEquals(Map.of(), runtime.childEnvironment(Map.of("LANG", "de_DE.utf8")));
        assertEquals(Map.of(), runtime.childEnvironment(Map.of("LC_ALL", "", "LC_CTYPE", "en_GB.UTF-8", "LANG", "C")));
        ForkedRuntime pinned = new ForkedRuntime(JAVA, List.of(testClasses()), List.of(), Map.of("LANG", "C"), dir, Duration.ZERO,
                FakeRuntime.class.getName());
        assertEquals(Map.of("LANG", "C"), pinned.childEnvironment(Map.of("LANG", "C")));
        assertEquals(java.nio.charset.StandardCharsets.UTF_8, runtime.argumentFileCharset(Map.of("LANG", "C")),
                "the argument file is read under the child's locale");
    }

    @Test
    void withThatLocaleAChildCanUseNonAsciiFileNames() throws Exception {
        Map<String, String> cLocale = Map.of("LANG", "C", "PATH", System.getenv().getOrDefault("PATH", ""));
        assertEquals("prop sun.jnu.encoding=ANSI_X3.4-1968", child(cLocale, "prop:sun.jnu.encoding").get(0),
                "without it, the JVM can only name files in ASCII");
        Map<String, String> fixed = new java.util.HashMap<>(cLocale);
        fixed.putAll(runtime(Duration.ZERO).childEnvironment(cLocale));
        assertEquals(List.of("prop sun.jnu.encoding=UTF-8", "touched donn\u00e9es-\u00fc.txt"),
                child(fixed, "prop:sun.jnu.encoding", "touch:donn\u00e9es-\u00fc.txt"));
        assertTrue(Files.exists(dir.resolve("donn\u00e9es-\u00fc.txt")));
    }

    /** Runs FakeRuntime's script in a JVM with exactly {@code environment}; its output lines. */
    private List<String> child(Map<String, String> environment, String... script) throws Exception {
        Path argsFile = dir.resolve("child.args");
        List<String> command = new java.util.ArrayList<>(List.of("-cp", testClasses().toString(), "-Dsun.stdout.encoding=UTF-8",
                "-Dstdout.encoding=UTF-8", FakeRuntime.class.getName()));
        command.addAll(List.of(script));
        ArgFile.write(argsFile, command, runtime(Duration.ZERO).argumentFileCharset(environment));
        ProcessBuilder builder = new ProcessBuilder(JAVA.toString(), "@" + argsFile).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        List<String> lines = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, process.waitFor(), lines.toString());
        return lines;
    }
}
