package dev.cvt.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A stand-in for {@code dev.cvt.runtime.Main} that the launcher tests fork. Its arguments are a
 * script: {@code out:TEXT}, {@code err:TEXT}, {@code lines:N} (N numbered lines), {@code sleep:MS},
 * {@code exit:N}, {@code halt:N} (no shutdown, like a native crash), {@code spawn} (starts a sleeping
 * JVM and prints {@code grandchild <pid>}), {@code env:NAME}, {@code prop:NAME}, {@code cwd},
 * {@code touch:NAME} (creates the file in the working folder), {@code pid}, {@code parentWatch} (the
 * runtime's {@link dev.cvt.runtime.ParentWatch}), {@code stdin:MS} (whether stdin reaches its end within MS), {@code args} (prints every later argument in brackets). As {@code train ...} or {@code test ...} it
 * plays the runtime: it echoes the command, writes {@code $FAKE_EVALUATION} to the file after
 * {@code --evaluation-out}, prints {@code ERROR: $FAKE_ERROR} and exits with {@code $FAKE_EXIT}.
 * No nested classes: tests copy this one class file elsewhere.
 */
public final class FakeRuntime {
    private FakeRuntime() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("train") || args[0].equals("test"))) {
            playRuntime(List.of(args));
            return;
        }
        for (int i = 0; i < args.length; i++) {
            String step = args[i];
            String value = step.substring(step.indexOf(':') + 1);
            switch (step.contains(":") ? step.substring(0, step.indexOf(':')) : step) {
                case "out" -> System.out.println(value);
                case "err" -> System.err.println(value);
                case "lines" -> {
                    for (int n = 1; n <= Integer.parseInt(value); n++) {
                        System.out.printf("line-%03d%n", n);
                    }
                }
                case "sleep" -> Thread.sleep(Long.parseLong(value));
                case "exit" -> System.exit(Integer.parseInt(value));
                case "halt" -> Runtime.getRuntime().halt(Integer.parseInt(value));
                case "spawn" -> {
                    Process sleeper = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                            "-cp", System.getProperty("java.class.path"), FakeRuntime.class.getName(), "sleep:120000")
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    System.out.println("grandchild " + sleeper.pid());
                }
                case "env" -> System.out.println("env " + value + "=" + System.getenv(value));
                case "prop" -> System.out.println("prop " + value + "=" + System.getProperty(value));
                case "pid" -> System.out.println("pid " + ProcessHandle.current().pid());
                case "parentWatch" -> dev.cvt.runtime.ParentWatch.startIfRequested();
                case "stdin" -> {
                    Thread reader = new Thread(() -> {
                        try {
                            System.out.println(System.in.read() < 0 ? "stdin ended" : "stdin had data");
                        } catch (IOException e) {
                            System.out.println("stdin broken");
                        }
                    });
                    reader.setDaemon(true);
                    reader.start();
                    reader.join(Long.parseLong(value));
                    if (reader.isAlive()) {
                        System.out.println("stdin open");
                    }
                }
                case "cwd" -> System.out.println("cwd " + Path.of("").toAbsolutePath());
                case "touch" -> System.out.println("touched " + Files.createFile(Path.of(value)).getFileName());
                case "args" -> {
                    for (i++; i < args.length; i++) {
                        System.out.println("[" + args[i].replace("\n", "\\n").replace("\t", "\\t") + "]");
                    }
                }
                default -> throw new IllegalArgumentException("unknown step " + step);
            }
        }
    }

    private static void playRuntime(List<String> args) throws IOException {
        System.out.println("fake " + String.join(" ", args));
        int out = args.indexOf("--evaluation-out");
        String evaluation = System.getenv("FAKE_EVALUATION");
        if (out >= 0 && evaluation != null) {
            Files.writeString(Path.of(args.get(out + 1)), evaluation, StandardCharsets.UTF_8);
        }
        if (System.getenv("FAKE_ERROR") != null) {
            System.err.println("ERROR: " + System.getenv("FAKE_ERROR"));
        }
        System.exit(Integer.parseInt(System.getenv().getOrDefault("FAKE_EXIT", "0")));
    }
}
