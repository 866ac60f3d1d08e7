package dev.cvt.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.Log;

/**
 * Runs the engine's command line in a JVM of its own, as surefire forks for tests: the native
 * engine (PyTorch) and its memory stay out of Maven's JVM, a crash in native code cannot take the
 * build down with it, and the child gets its own heap and JVM flags.
 *
 * <p>The child always runs with {@code -Dai.djl.offline=true}: DJL never downloads anything, its
 * natives come only from the class path, i.e. from the plugin's dependencies as Maven resolved them.
 * So a Maven build in offline mode ({@code -o}) is offline all the way down.
 *
 * @param jvm the java executable (JDK 9 or later: the command goes in an argument file)
 * @param classpath the runtime's class path (the plugin's artifacts)
 * @param jvmArgs options for the child JVM, e.g. {@code -Xmx8g}
 * @param environment variables added to the child's environment
 * @param workDir the child's working directory: relative paths in experiments resolve against it
 * @param timeout how long the child may run; zero for no limit
 * @param mainClass the class to run, {@link #MAIN_CLASS} outside tests
 */
record ForkedRuntime(Path jvm, List<File> classpath, List<String> jvmArgs, Map<String, String> environment,
        Path workDir, Duration timeout, String mainClass) {
    static final String MAIN_CLASS = "dev.cvt.runtime.Main";
    /** How long to wait for the output of a child that has ended, or been killed, to drain. */
    private static final long DRAIN_MILLIS = 10_000;

    /** Everything after the java executable; it goes in the argument file. */
    List<String> command(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add("-cp");
        command.add(classpath.stream().map(File::getPath).collect(Collectors.joining(File.pathSeparator)));
        // the relay decodes UTF-8; JDK 17 reads sun.std*.encoding, JDK 19+ std*.encoding. Before
        // jvmArgs, so a user can still override them.
        command.addAll(List.of("-Dsun.stdout.encoding=UTF-8", "-Dsun.stderr.encoding=UTF-8",
                "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8"));
        command.addAll(jvmArgs);
        command.add("-Dai.djl.offline=true"); // after jvmArgs: the last -D wins, and this one must
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }

    /**
     * Writes the command to {@code argsFile}, runs {@code jvm @argsFile} and relays its output to
     * {@code log} until it ends, the timeout expires (then it and its descendants are killed) or this
     * thread is interrupted (likewise).
     */
    ForkResult run(Path argsFile, List<String> arguments, Log log) throws MojoExecutionException {
        try {
            ArgFile.write(argsFile, command(arguments));
        } catch (IOException e) {
            throw new MojoExecutionException("cannot write " + argsFile + ": " + e.getMessage(), e);
        }
        ProcessBuilder builder = new ProcessBuilder(jvm.toString(), "@" + argsFile.toAbsolutePath())
                .directory(workDir.toFile())
                // one pipe keeps stdout and stderr in the order the child wrote them, stack traces included
                .redirectErrorStream(true);
        environment.forEach((name, value) -> builder.environment().put(name, value == null ? "" : value));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new MojoExecutionException("cannot start " + jvm + ": " + e.getMessage(), e);
        }
        // Ctrl-C on Maven must not leave a training run behind
        Thread killOnExit = new Thread(() -> killTree(process), "cvt-fork-killer");
        Runtime.getRuntime().addShutdownHook(killOnExit);
        OutputRelay relay = new OutputRelay(process.getInputStream(), log);
        Thread relayThread = new Thread(relay, "cvt-fork-output");
        relayThread.setDaemon(true); // a grandchild holding the pipe open must not hold Maven
        relayThread.start();
        try {
            boolean ended = timeout.isZero() ? waitFor(process) : process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                killTree(process);
                process.waitFor(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
            }
            relayThread.join(DRAIN_MILLIS);
            return new ForkResult(ended ? process.exitValue() : -1, ended ? null : timeout, relay.lastLines(), relay.errors());
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("interrupted; the forked JVM was killed", e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it kills the child, as wanted
            }
        }
    }

    private static boolean waitFor(Process process) throws InterruptedException {
        process.waitFor();
        return true;
    }

    /** Descendants first listed, then killed with the child: DJL or a user's tool may have started some. */
    private static void killTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }
}
