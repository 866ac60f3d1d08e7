package dev.cvt.maven;

import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.Log;

/**
 * Runs the engine's command line in a JVM of its own, as surefire forks for tests: the native
 * engine (PyTorch) and its memory stay out of Maven's JVM, a crash in native code cannot take the
 * build down with it, and the child gets its own heap and JVM flags.
 *
 * <p>The child runs with {@code -Dai.djl.offline=true} (unless jvmArgs say otherwise): DJL downloads
 * nothing, its natives come only from the class path, i.e. from the dependencies Maven resolved. So a
 * Maven build in offline mode ({@code -o}) is offline all the way down. It exits when its stdin
 * closes: Maven holds the other end, so a killed Maven leaves no training run behind.
 *
 * @param jvm the java executable (JDK 9 or later: the command goes in an argument file)
 * @param classpath the runtime's class path (the plugin's artifacts)
 * @param jvmArgs options for the child JVM, e.g. {@code -Xmx8g}
 * @param environment variables added to the child's environment (see {@link #childEnvironment})
 * @param workDir the child's working directory: relative paths in experiments resolve against it
 * @param timeout how long the child may run; zero for no limit
 * @param mainClass the class to run, {@link #MAIN_CLASS} outside tests
 */
record ForkedRuntime(Path jvm, List<File> classpath, List<String> jvmArgs, Map<String, String> environment,
        Path workDir, Duration timeout, String mainClass) {
    static final String MAIN_CLASS = "dev.cvt.runtime.Main";
    private static final List<String> LOCALE_VARIABLES = List.of("LC_ALL", "LC_CTYPE", "LANG");
    private static final boolean WINDOWS = File.separatorChar == '\\';
    /** How long to wait for the output of a child that has ended, or been killed, to drain. */
    private static final long DRAIN_MILLIS = 10_000;

    /** Everything after the java executable; it goes in the argument file. */
    List<String> command(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add("-cp");
        command.add(classpath.stream().map(File::getPath).collect(Collectors.joining(File.pathSeparator)));
        // the relay decodes UTF-8; JDK 17 reads sun.std*.encoding, JDK 19+ std*.encoding. Before
        // jvmArgs, as every default here: the last -D wins, so a user can still override them.
        command.addAll(List.of("-Dsun.stdout.encoding=UTF-8", "-Dsun.stderr.encoding=UTF-8",
                "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8"));
        command.add("-Dai.djl.offline=true");
        // the child exits when its stdin closes, i.e. when Maven is gone (see run)
        command.add("-Dcvt.parentWatch=stdin");
        command.addAll(jvmArgs);
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }

    /**
     * The variables to add to the child's environment: the configured ones, and on Linux and macOS a
     * UTF-8 character type when the inherited locale has none. The JVM encodes file names in the
     * locale's character set, fixed at its start, so under {@code LANG=C} (common in containers and
     * CI) a path with any non-ASCII character cannot be opened at all. A locale variable the pom sets
     * is left alone.
     *
     * @param inherited the environment the child would inherit (Maven's)
     */
    Map<String, String> childEnvironment(Map<String, String> inherited) {
        Map<String, String> added = new LinkedHashMap<>();
        environment.forEach((name, value) -> added.put(name, value == null ? "" : value));
        if (!WINDOWS && LOCALE_VARIABLES.stream().noneMatch(environment::containsKey) && !utf8(locale(inherited))) {
            // LC_ALL outranks LC_CTYPE: replace it when it is what sets the character type
            added.put(inherited.getOrDefault("LC_ALL", "").isEmpty() ? "LC_CTYPE" : "LC_ALL", "C.UTF-8");
        }
        return added;
    }

    /**
     * The launcher reads an argument file as bytes in the character set of its locale (Windows: the
     * ANSI code page), not in {@code file.encoding}: the child's, once {@link #childEnvironment} is applied.
     */
    Charset argumentFileCharset(Map<String, String> inherited) {
        Map<String, String> effective = new LinkedHashMap<>(inherited);
        effective.putAll(childEnvironment(inherited));
        if (!WINDOWS && utf8(locale(effective))) {
            return StandardCharsets.UTF_8;
        }
        String name = System.getProperty("native.encoding");
        return name != null && Charset.isSupported(name) ? Charset.forName(name) : Charset.defaultCharset();
    }

    /** The locale that sets the character type: the first of LC_ALL, LC_CTYPE, LANG that is set, else C. */
    private static String locale(Map<String, String> environment) {
        return LOCALE_VARIABLES.stream().map(environment::get).filter(v -> v != null && !v.isEmpty()).findFirst().orElse("C");
    }

    private static boolean utf8(String locale) {
        return locale.toLowerCase(Locale.ROOT).replace("-", "").contains("utf8");
    }

    /**
     * Writes the command to {@code argsFile}, runs {@code jvm @argsFile} and relays its output to
     * {@code log} until it ends, the timeout expires (then it and its descendants are killed) or this
     * thread is interrupted (likewise).
     *
     * @param linePrefix put before every relayed line, e.g. the experiment's id when experiments run in parallel
     * @param afterShutdownKill runs when Maven itself is shut down (Ctrl-C, SIGTERM) during the run, once
     *                          the child it killed has ended: the child could not record that it was stopped
     */
    ForkResult run(Path argsFile, List<String> arguments, Log log, String linePrefix, Runnable afterShutdownKill) throws MojoExecutionException {
        try {
            ArgFile.write(argsFile, command(arguments), argumentFileCharset(System.getenv()));
        } catch (IOException e) {
            throw new MojoExecutionException("cannot write " + argsFile + ": " + e.getMessage(), e);
        }
        ProcessBuilder builder = new ProcessBuilder(jvm.toString(), "@" + argsFile.toAbsolutePath())
                .directory(workDir.toFile())
                // one pipe keeps stdout and stderr in the order the child wrote them, stack traces included
                .redirectErrorStream(true);
        // stdin stays a pipe that nobody writes to and only the operating system closes, when Maven ends
        // however it ends (kill -9 included, when no shutdown hook runs): the child's signal to exit
        builder.environment().putAll(childEnvironment(System.getenv()));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new MojoExecutionException("cannot start " + jvm + ": " + e.getMessage(), e);
        }
        // Ctrl-C on Maven must not leave a training run behind
        Thread killOnExit = new Thread(() -> {
            killTree(process);
            afterShutdownKill.run();
        }, "cvt-fork-killer");
        Runtime.getRuntime().addShutdownHook(killOnExit);
        OutputRelay relay = new OutputRelay(process.getInputStream(), log, linePrefix);
        Thread relayThread = new Thread(relay, "cvt-fork-output");
        relayThread.setDaemon(true); // a grandchild holding the pipe open must not hold Maven
        relayThread.start();
        try {
            boolean ended = timeout.isZero() ? waitFor(process) : process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                killTree(process);
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

    /**
     * Descendants first listed, then killed with the child: DJL or a user's tool may have started some.
     * Returns once the child has ended (or after a few seconds), so that what it held, its run folder's
     * lock above all, is free; the wait ignores interrupts, as it is part of handling one.
     */
    private static void killTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
        while (process.isAlive() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
