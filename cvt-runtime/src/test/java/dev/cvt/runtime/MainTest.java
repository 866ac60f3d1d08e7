package dev.cvt.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;

    private String stderr;

    private int run(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        try {
            return Main.run(args, dir, Log.CONSOLE);
        } finally {
            System.setErr(original);
            stderr = captured.toString();
        }
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(2, run());
        assertEquals(2, run("bake", "--cfg", "x.yaml"));
        assertTrue(stderr.contains("unknown command 'bake'"), stderr);
        assertEquals(2, run("melgen"));
        assertTrue(stderr.contains("--cfg <experiment.yaml> is required"), stderr);
    }

    @Test
    void badInputIsOneMessageNotAStackTrace() throws IOException {
        Files.writeString(dir.resolve("e.yaml"), "MELGEN:\n  WINDOW: 40\n  SR: 'fast'\n");
        assertEquals(2, run("melgen", "--cfg", "e.yaml"));
        assertEquals("ERROR: " + dir.resolve("e.yaml") + ":3: MELGEN.SR must be a number, not the string 'fast'\n", stderr);
        assertEquals(2, run("melgen", "--cfg", "missing.yaml"));
        assertTrue(stderr.contains("missing.yaml: experiment file not found"), stderr);
    }

    @Test
    void runsMelgenWithOverrides() throws IOException {
        Files.createDirectories(dir.resolve("rec/a"));
        Files.createDirectories(dir.resolve("rec/b"));
        Files.writeString(dir.resolve("rec/a/1.txt"), dev.cvt.runtime.melgen.MelgenTestData.agStream(90, 5, 1));
        Files.writeString(dir.resolve("rec/b/1.txt"), dev.cvt.runtime.melgen.MelgenTestData.agStream(90, 7, 2));
        Files.writeString(dir.resolve("e.yaml"), "DATASET: {DATASET: 'multidim_imagenet', NUM_DIMS: 6}\nMELGEN:\n  CLASSES: [{NAME: a}, {NAME: b}]\n");
        assertEquals(0, run("melgen", "--cfg", "e.yaml", "MELGEN.DATA_ROOT", "rec", "DATASET.ROOT", "ds", "MELGEN.IMAGE_SIZE", "[20, 10]"));
        assertTrue(Files.exists(dir.resolve("ds/train/a/dim6/0.jpg")));
    }

    @Test
    void summarisesTheModel() throws IOException {
        Files.writeString(dir.resolve("e.yaml"), "MODEL: {NUM_CLASSES: 3}\nTRAIN: {IMAGE_SIZE: [64, 48]}\n");
        java.util.List<String> lines = new java.util.ArrayList<>();
        Log capture = new Log() {
            @Override
            public void info(String message) {
                lines.add(message);
            }

            @Override
            public void warn(String message) {
                lines.add(message);
            }
        };
        assertEquals(0, Main.run(new String[] {"summary", "--cfg", "e.yaml"}, dir, capture));
        assertTrue(lines.get(0).contains("1 view(s) of 48 x 64 (h x w), 3 classes"), lines.toString());
        assertEquals(2, run("bench", "--cfg", "e.yaml", "--steps", "0"));
    }

    @Test
    void aPathTheLocaleCannotEncodeIsOneMessageNamingTheFix() throws Exception {
        Files.writeString(dir.resolve("e.yaml"), "DATASET: {ROOT: 'out'}\nMELGEN:\n  DATA_ROOT: 'donn\u00e9es'\n");
        Map<String, String> cLocale = Map.of("LANG", "C", "PATH", System.getenv().getOrDefault("PATH", ""));
        Process child = ChildJvm.start(dir, cLocale, Main.class, "melgen", "--cfg", "e.yaml");
        String output = ChildJvm.finish(child, 2);
        assertEquals(2, child.exitValue(), output);
        assertTrue(output.startsWith("ERROR: the path 'donn") && output.contains("cannot be used: Malformed input")
                && output.contains("This JVM encodes file names as ANSI_X3.4-1968") && output.contains("e.g. LC_ALL=C.UTF-8"), output);
        assertFalse(output.contains("Exception"), output);
        Map<String, String> utf8 = new java.util.HashMap<>(cLocale);
        utf8.put("LC_ALL", "C.UTF-8");
        Process fixed = ChildJvm.start(dir, utf8, Main.class, "melgen", "--cfg", "e.yaml");
        String after = ChildJvm.finish(fixed, 2);
        assertTrue(after.contains("MELGEN.DATA_ROOT " + dir.resolve("donn\u00e9es") + " is not a folder"), after);
    }
}
