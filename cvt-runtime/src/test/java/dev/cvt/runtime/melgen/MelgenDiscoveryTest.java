package dev.cvt.runtime.melgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt.runtime.RecordingLog;
import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ConfigLoader;
import dev.cvt.runtime.config.ExperimentConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Datasets as they come: classes from file paths (MELGEN.CLASS), files paired into recordings (MELGEN.PAIR), copies. */
class MelgenDiscoveryTest {
    private static final long START_MS = 1_547_219_408_270L;
    private static final String STAMP = "_MetaWear_2019-01-11T16.10.08.270_C42732BE255C_";

    @TempDir
    Path dir;

    // the default split's own warning is MelgenTest's
    private final RecordingLog log = new RecordingLog("MELGEN.SPLIT.METHOD is 'ordered'");

    /**
     * One set as the MetaWear app exports it: an accelerometer file at 12.5 Hz and a gyroscope file at 25 Hz
     * over 10 s, written to {@code folder}; returns the two file names.
     */
    private String[] metaWear(Path folder, String set, int seed) throws IOException {
        Files.createDirectories(folder);
        String acc = set + STAMP + "Accelerometer_12.500Hz_1.4.4.csv";
        String gyro = set + STAMP + "Gyroscope_25.000Hz_1.4.4.csv";
        Files.writeString(folder.resolve(acc), sensor("(g)", 125, 80, seed, 1.0));
        Files.writeString(folder.resolve(gyro), sensor("(deg/s)", 250, 40, seed + 100, 90.0));
        return new String[] {acc, gyro};
    }

    private static String sensor(String unit, int rows, int periodMs, int seed, double scale) {
        StringBuilder s = new StringBuilder("epoch (ms),time (01:00),elapsed (s),x-axis " + unit + ",y-axis " + unit + ",z-axis " + unit + "\n");
        for (int i = 0; i < rows; i++) {
            double t = i * periodMs / 1000.0;
            s.append(START_MS + (long) i * periodMs).append(",2019-01-11T16.10.08.270,").append(t);
            for (int axis = 0; axis < 3; axis++) {
                s.append(',').append(scale * Math.sin(2 * Math.PI * t * (0.3 + 0.1 * axis) + seed));
            }
            s.append('\n');
        }
        return s.toString();
    }

    /** The published layout: every set's two files in one flat folder, and a file that is no recording. */
    private Path flatBarbellFolder() throws IOException {
        Path data = dir.resolve("barbell");
        metaWear(data, "A-bench-heavy2-rpe8", 1);
        metaWear(data, "B-bench-light1-rpe6", 2);
        metaWear(data, "A-squat-heavy1-rpe9", 3);
        metaWear(data, "B-squat-medium3-rpe7", 4);
        metaWear(data, "C-row-medium1-rpe7", 5);
        Files.writeString(data.resolve("calibration.csv"), "epoch (ms),x\n1,2\n");
        return data;
    }

    /** The example experiment file, on a folder of this test. */
    private ExperimentConfig barbellExample(String... overrides) {
        List<String> all = new ArrayList<>(List.of("MELGEN.DATA_ROOT", dir.resolve("barbell").toString(),
                "DATASET.ROOT", dir.resolve("out/ds").toString(), "MELGEN.IMAGE_SIZE", "[26, 16]"));
        all.addAll(List.of(overrides));
        return ConfigLoader.load(Path.of("../examples/barbell-data.yaml").toAbsolutePath(), all);
    }

    @Test
    void classesComeFromTheFileNamesOfAFlatFolderAndSetsArePairedIntoSixViews() throws IOException {
        Path data = flatBarbellFolder();
        Melgen.Result result = Melgen.run(barbellExample(), dir, false, log);
        // a 10 s set on the 12.5 Hz grid: 124 or 125 points, windows of 50 every 10 -> 8 per set
        assertEquals(5 * 8, result.samples());
        assertEquals(6 * 5 * 8, result.images());
        assertEquals(List.of("split,class,samples", "train,bench,12", "train,row,6", "train,squat,12",
                "val,bench,4", "val,row,2", "val,squat,4"), Files.readAllLines(dir.resolve("out/ds/counts.csv")));
        MelgenTest.readNpy(dir.resolve("out/ds/train/bench/mel/0.npy"), "(6, 8, 26)");
        String set = "A-bench-heavy2-rpe8" + STAMP;
        assertTrue(Files.readString(dir.resolve("out/ds/manifest.csv")).contains(",bench,train,0," + set
                + "Accelerometer_12.500Hz_1.4.4.csv+" + set + "Gyroscope_25.000Hz_1.4.4.csv,0,0.000"));
        assertEquals(List.of("1 *.csv file(s) below " + data + " do not match MELGEN.CLASS and are skipped, the first: calibration.csv"),
                log.infos.subList(0, 1));
        assertEquals(List.of(), log.warnings);
    }

    @Test
    void listedClassesAreChosenOrderedAndGivenTheirOwnRecipe() throws IOException {
        flatBarbellFolder();
        Melgen.run(barbellExample("MELGEN.CLASSES", "[{NAME: squat}, {NAME: bench, STRIDE: 20}]"), dir, false, log);
        // bench windows every 20 samples: 4 per set
        assertEquals(List.of("split,class,samples", "train,squat,12", "train,bench,6", "val,squat,4", "val,bench,2"),
                Files.readAllLines(dir.resolve("out/ds/counts.csv")));
        assertTrue(log.infos.contains("classes found by MELGEN.CLASS but not listed in MELGEN.CLASSES are skipped: row (2 files)"),
                log.infos.toString());

        ConfigException missing = assertThrows(ConfigException.class,
                () -> Melgen.run(barbellExample("MELGEN.CLASSES", "[{NAME: bench}, {NAME: dead}]"), dir, true, log));
        assertTrue(missing.getMessage().endsWith("class 'dead' (MELGEN.CLASSES[1].NAME): no file below " + dir.resolve("barbell")
                + " has this class by MELGEN.CLASS; found: bench, row, squat"), missing.getMessage());
        ConfigException folder = assertThrows(ConfigException.class,
                () -> Melgen.run(barbellExample("MELGEN.CLASSES", "[{NAME: bench, DIR: bench}]"), dir, true, log));
        assertTrue(folder.getMessage().endsWith("MELGEN.CLASSES[0].DIR does not apply with MELGEN.CLASS: the class of each file "
                + "comes from its path (list NAME and recipe keys only)"), folder.getMessage());
    }

    @Test
    void classNamesFromPathsAreCheckedAsFolderNames() throws IOException {
        flatBarbellFolder();
        ConfigException empty = assertThrows(ConfigException.class, () -> Melgen.run(barbellExample("MELGEN.CLASS", "'(^)'"), dir, false, log));
        assertTrue(empty.getMessage().endsWith(": MELGEN.CLASS: the class name of A-bench-heavy2-rpe8" + STAMP
                + "Accelerometer_12.500Hz_1.4.4.csv (capture group 1) is not set: every class needs a name (it becomes the class's "
                + "dataset folder)"), empty.getMessage());
        ConfigException dotted = assertThrows(ConfigException.class,
                () -> Melgen.run(barbellExample("MELGEN.CLASS", "'(\\.)csv$'"), dir, false, log));
        assertTrue(dotted.getMessage().contains("(capture group 1) is '.': a class name becomes a dataset folder; '.', '..' and other "
                + "names starting with '.' are not"), dotted.getMessage());
        ConfigException syntax = assertThrows(ConfigException.class, () -> Melgen.run(barbellExample("MELGEN.CLASS", "'([a-z'"), dir, false, log));
        assertTrue(syntax.getMessage().contains("MELGEN.CLASS is not a valid regular expression: Unclosed character class"),
                syntax.getMessage());
        ConfigException group = assertThrows(ConfigException.class, () -> Melgen.run(barbellExample("MELGEN.PAIR", "'^.*_'"), dir, false, log));
        assertTrue(group.getMessage().endsWith("MELGEN.PAIR '^.*_' has no capture group: group 1, (...), must catch the part of the "
                + "path its files share"), group.getMessage());
        ConfigException none = assertThrows(ConfigException.class, () -> Melgen.run(barbellExample("MELGEN.CLASS", "'^Z-([a-z]+)'"), dir, false, log));
        assertTrue(none.getMessage().endsWith("no *.csv file below " + dir.resolve("barbell") + " matches MELGEN.CLASS '^Z-([a-z]+)'"),
                none.getMessage());
    }

    @Test
    void incompleteSetsInClassFoldersAreSkippedWithAWarning() throws IOException {
        Path data = dir.resolve("barbell");
        metaWear(data.resolve("bench"), "A-bench-heavy2-rpe8", 1);
        String[] lost = metaWear(data.resolve("bench"), "B-bench-light1-rpe6", 2);
        Files.delete(data.resolve("bench").resolve(lost[1])); // its gyroscope file is missing
        Files.writeString(data.resolve("bench/notes.csv"), "epoch (ms),x\n1,2\n");
        metaWear(data.resolve("squat"), "A-squat-heavy1-rpe9", 3);
        Melgen.Result result = Melgen.run(barbellExample("MELGEN.CLASS", "''", "MELGEN.CLASSES", "[{NAME: bench}, {NAME: squat}]"),
                dir, false, log);
        assertEquals(2 * 8, result.samples());
        assertEquals(List.of("class 'bench': 1 file(s) do not match MELGEN.PAIR and are skipped, the first: bench/notes.csv",
                "class 'bench': recording 'bench/B-bench-light1-rpe6" + STAMP.substring(0, STAMP.length() - 1) + "' (MELGEN.PAIR) has 1 "
                        + "file(s) where most have 2, skipped: bench/" + lost[0]), log.warnings);
        // the recording's names stay the files' paths below DATA_ROOT
        String set = "bench/A-bench-heavy2-rpe8" + STAMP;
        assertTrue(Files.readString(dir.resolve("out/ds/manifest.csv")).contains(",bench,train,0," + set
                + "Accelerometer_12.500Hz_1.4.4.csv+" + set + "Gyroscope_25.000Hz_1.4.4.csv,0,0.000"));
    }

    @Test
    void aClassWithoutOneCompleteSetIsAnError() throws IOException {
        Path data = dir.resolve("barbell");
        metaWear(data, "A-bench-heavy2-rpe8", 1);
        String[] lost = metaWear(data, "A-squat-heavy1-rpe9", 3);
        Files.delete(data.resolve(lost[0]));
        InputException e = assertThrows(InputException.class, () -> Melgen.run(barbellExample(), dir, false, log));
        assertEquals("class 'squat': no complete recording by MELGEN.PAIR (see the warnings above)", e.getMessage());
        assertEquals(List.of("class 'squat': recording 'A-squat-heavy1-rpe9" + STAMP.substring(0, STAMP.length() - 1) + "' (MELGEN.PAIR) "
                + "has 1 file(s) where most have 2, skipped: " + lost[1]), log.warnings);
    }

    @Test
    void classesMayComeFromFolderNamesAtAnyDepth() throws IOException {
        Path data = dir.resolve("sessions");
        for (String day : List.of("day1", "day2")) {
            for (String cls : List.of("curl", "raise")) {
                Files.createDirectories(data.resolve(day).resolve(cls));
                Files.writeString(data.resolve(day).resolve(cls).resolve("1.txt"),
                        MelgenTestData.agStream(60, cls.length(), day.hashCode() + cls.hashCode()));
            }
        }
        Path yaml = dir.resolve("exp.yaml");
        Files.writeString(yaml, """
                DATASET: {DATASET: 'multidim_imagenet', ROOT: 'out/ag', NUM_DIMS: 6}
                MELGEN:
                  DATA_ROOT: 'sessions'
                  CLASS: '([a-z]+)/[^/]+$'
                  WINDOW: 20
                  IMAGE_SIZE: [20, 10]
                """);
        Melgen.run(ConfigLoader.load(yaml, List.of()), dir, false, log);
        List<String> manifest = Files.readAllLines(dir.resolve("out/ag/manifest.csv"));
        assertEquals(List.of("day1/curl/1.txt", "day2/curl/1.txt", "day1/raise/1.txt", "day2/raise/1.txt"),
                manifest.stream().skip(1).map(r -> r.split(",")[4]).distinct().toList());
    }

    @Test
    void aRecordingCopiedUnderAnotherNameIsReported() throws IOException {
        Path data = flatBarbellFolder();
        String set = "A-bench-heavy2-rpe8" + STAMP;
        String copy = "D-bench-heavy2-rpe8" + STAMP;
        for (String sensor : List.of("Accelerometer_12.500Hz_1.4.4.csv", "Gyroscope_25.000Hz_1.4.4.csv")) {
            Files.copy(data.resolve(set + sensor), data.resolve(copy + sensor));
        }
        Melgen.run(barbellExample(), dir, false, log);
        assertEquals(List.of(copy + "Accelerometer_12.500Hz_1.4.4.csv+" + copy + "Gyroscope_25.000Hz_1.4.4.csv has the same values as "
                + set + "Accelerometer_12.500Hz_1.4.4.csv+" + set + "Gyroscope_25.000Hz_1.4.4.csv: probably one recording copied "
                + "under two names; remove one, or their windows on both sides of the split inflate the test scores"), log.warnings);
    }
}
