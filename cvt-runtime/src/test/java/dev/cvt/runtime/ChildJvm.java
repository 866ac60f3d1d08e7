package dev.cvt.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Test helper: a class of the test class path run in a JVM of its own, as a second process would be. */
public final class ChildJvm {
    private ChildJvm() {
    }

    /**
     * Starts {@code main} with {@code args} in {@code dir}; {@code environment} null inherits this one's, else is the whole
     * environment. Output and errors arrive on one stream.
     */
    public static Process start(Path dir, Map<String, String> environment, Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        if (environment != null) {
            builder.environment().clear();
            builder.environment().putAll(environment);
        }
        return builder.start();
    }

    /** Reads the child's output until a line containing {@code text} (returned) or its end (an AssertionError with all of it). */
    public static String awaitLine(Process child, String text) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = reader.readLine()) != null; ) {
            seen.append(line).append('\n');
            if (line.contains(text)) {
                return line;
            }
        }
        throw new AssertionError("the child ended without printing '" + text + "':\n" + seen);
    }

    /** Waits for the child and returns its whole remaining output; fails after {@code minutes}. */
    public static String finish(Process child, int minutes) throws IOException, InterruptedException {
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!child.waitFor(minutes, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            throw new AssertionError("the child did not end within " + minutes + " min:\n" + output);
        }
        return output;
    }
}
