package dev.cvt.runtime.melgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt.runtime.Log;
import dev.cvt.runtime.SharedData;
import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ConfigLoader;
import dev.cvt.runtime.config.ExperimentConfig;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MelgenTest {
    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();
    private final List<String> infos = new ArrayList<>();
    private final Log log = new Log() {
        @Override
        public void info(String message) {
            infos.add(message);
        }

        @Override
        public void warn(String message) {
            warnings.add(message);
        }
    };

    private void recordings() throws IOException {
        Files.createDirectories(dir.resolve("data/curl"));
        Files.createDirectories(dir.resolve("data/raise"));
        for (int r = 1; r <= 3; r++) {
            Files.writeString(dir.resolve("data/curl/" + r + ".txt"), MelgenTestData.agStream(60 + 10 * r, 6, r));
            Files.writeString(dir.resolve("data/raise/" + r + ".txt"), MelgenTestData.agStream(50 + 10 * r, 9, 10 + r));
        }
    }

    private ExperimentConfig experiment(String extra, String... overrides) throws IOException {
        recordings();
        Path yaml = dir.resolve("exp.yaml");
        Files.writeString(yaml, """
                DATASET:
                  ROOT: 'out/ds'
                  DATASET: 'multidim_imagenet'
                  NUM_DIMS: 6
                MELGEN:
                  DATA_ROOT: 'data'
                  RESAMPLE: cubic
                  RESAMPLE_FACTOR: 2.0
                  WINDOW: 40
                  IMAGE_SIZE: [62, 24]
                  CLASSES:
                    - {NAME: 'Curl', DIR: 'curl'}
                    - {NAME: 'Raise', DIR: 'raise'}
                """ + extra);
        return ConfigLoader.load(yaml, List.of(overrides));
    }

    @Test
    void writesTheMultiViewDataset() throws IOException {
        Melgen.Result result = Melgen.run(experiment(""), dir, false, log);
        Path root = dir.resolve("out/ds");
        assertEquals(root, result.root());
        // curl: 140,160,180 points -> 3+4+4 = 11 windows; raise: 120,140,160 -> 3+3+4 = 10
        assertEquals(21, result.samples());
        assertEquals(126, result.images());
        assertEquals(List.of("split,class,samples", "train,Curl,8", "train,Raise,8", "val,Curl,3", "val,Raise,2"),
                Files.readAllLines(root.resolve("counts.csv")));
        List<String> manifest = Files.readAllLines(root.resolve("manifest.csv"));
        assertEquals("id,class,split,index,source,window,start_s", manifest.get(0));
        assertEquals(22, manifest.size());
        assertEquals("3,Curl,train,3,curl/2.txt,0,0.000", manifest.get(4));
        BufferedImage image = ImageIO.read(root.resolve("train/Curl/dim6/7.jpg").toFile());
        assertEquals(62, image.getWidth());
        assertEquals(24, image.getHeight());
        assertTrue(Files.exists(root.resolve("val/Raise/dim1/1.jpg")));
        assertFalse(Files.exists(root.resolve("val/Raise/dim1/2.jpg")));
        float[] array = readNpy(root.resolve("train/Curl/mel/0.npy"), "(6, 12, 41)");
        assertEquals(6 * 12 * 41, array.length);
        float max = Float.NEGATIVE_INFINITY;
        for (float v : array) {
            max = Math.max(max, v);
        }
        assertEquals(0f, max); // ref = max: the loudest cell of each view is 0 dB
        assertTrue(Files.readString(root.resolve("config.yaml")).contains("DATA_ROOT: data"));
        assertTrue(result.summary().contains("train  Curl"), result.summary());
        // the layout the training data reader expects
        var listing = dev.cvt.runtime.data.MultiViewFolder.scan(root, "train", 6, false, log);
        assertEquals(List.of("Curl", "Raise"), listing.classes());
        assertEquals(16, listing.samples().size());
    }

    /** The float32 payload of an .npy file, after checking its header names the shape. */
    static float[] readNpy(Path file, String shape) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertEquals((byte) 0x93, bytes[0]);
        assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.US_ASCII));
        int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        assertEquals(0, (10 + headerLength) % 64);
        assertTrue(header.contains("'descr': '<f4'") && header.contains("'shape': " + shape), header);
        float[] values = new float[(bytes.length - 10 - headerLength) / 4];
        ByteBuffer.wrap(bytes, 10 + headerLength, values.length * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    @Test
    void arraysHoldTheSpectrogramOfTheWindow() throws IOException {
        ExperimentConfig config = experiment("");
        Melgen.run(config, dir, false, log);
        // recompute the first training window of Curl from the recording
        Signal signal = AgStreamReader.read(dir.resolve("data/curl/1.txt"), "curl/1.txt", 2, new LineDiagnostics("x", false));
        double[] x = new CubicSpline(signal.channels()[3]).resample(140);
        double[][] db = new MelSpectrogram(20, 32, 1, 12, 0, 10, 80).decibels(java.util.Arrays.copyOfRange(x, 40, 80));
        float[] array = readNpy(dir.resolve("out/ds/train/Curl/mel/1.npy"), "(6, 12, 41)");
        for (int m = 0; m < 12; m++) {
            for (int t = 0; t < 41; t++) {
                assertEquals((float) db[m][t], array[(3 * 12 + m) * 41 + t]);
            }
        }
    }

    @Test
    void anIntegerSrIsTheSameNumberAndGivesTheSameDataset() throws IOException {
        ExperimentConfig integer = experiment("  SR: 20\n");
        assertEquals(20.0, integer.get("MELGEN.SR"), "typed as its default, a real number");
        Melgen.run(integer, dir, false, log);
        byte[] array = Files.readAllBytes(dir.resolve("out/ds/train/Curl/mel/1.npy"));
        assertTrue(Melgen.run(experiment("  SR: 20.0\n"), dir, false, log).upToDate(), "20 and 20.0 are one fingerprint");
        Melgen.run(experiment("  SR: 20.0\n"), dir, true, log);
        assertArrayEquals(array, Files.readAllBytes(dir.resolve("out/ds/train/Curl/mel/1.npy")));
        assertFalse(Melgen.run(experiment("", "MELGEN.SR", "12.5"), dir, false, log).upToDate(), "another rate, another dataset");
        for (String bad : new String[] {"0", "-12.5", ".nan"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> Melgen.run(experiment("", "MELGEN.SR", bad), dir, true, log));
            assertTrue(e.getMessage().contains("MELGEN spectrogram keys out of range: need SR > 0"), bad + ": " + e.getMessage());
        }
    }

    @Test
    void unchangedInputsSkipAndChangesRedo() throws IOException {
        ExperimentConfig config = experiment("");
        Melgen.run(config, dir, false, log);
        Path image = dir.resolve("out/ds/train/Curl/dim1/0.jpg");
        long written = Files.getLastModifiedTime(image).toMillis();
        assertTrue(Melgen.run(config, dir, false, log).upToDate());
        assertTrue(infos.get(infos.size() - 1).endsWith("is up to date (inputs and config unchanged); to redo it: --force "
                + "(command line) or -Dcvt.melgen.force (Maven)"), infos.toString());
        assertEquals(written, Files.getLastModifiedTime(image).toMillis());
        assertFalse(Melgen.run(config, dir, true, log).upToDate(), "force redoes the work");
        Files.writeString(dir.resolve("data/curl/1.txt"), MelgenTestData.agStream(90, 5, 99));
        assertFalse(Melgen.run(config, dir, false, log).upToDate(), "a changed recording redoes the work");
        assertFalse(Melgen.run(experiment("", "MELGEN.N_MELS", "10"), dir, false, log).upToDate(), "a changed config too");
    }

    @Test
    void theDatasetIsReadableByOthersAndOneMelgenWritesItAtATime() throws IOException {
        Melgen.run(experiment(""), dir, false, log);
        String usual = java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(Files.createDirectory(dir.resolve("plain"))));
        assertEquals(usual, java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("out/ds"))),
                "the staging folder renamed into place keeps the usual mode, not rwx------");
        try (dev.cvt.runtime.FolderLock other = dev.cvt.runtime.FolderLock.acquire(dir.resolve("out/ds"), "melgen")) {
            dev.cvt.runtime.CvtException e = assertThrows(dev.cvt.runtime.CvtException.class,
                    () -> Melgen.run(experiment(""), dir, true, log));
            assertTrue(e.getMessage().startsWith(dir.resolve("out/ds") + ": in use by another run"), e.getMessage());
        }
    }

    @Test
    void keysMelgenDoesNotReadLeaveTheDatasetUpToDate() throws IOException {
        Melgen.run(experiment(""), dir, false, log);
        for (String[] change : new String[][] {{"TRAIN.LR", "0.5"}, {"MODEL.SPEC.DROP_RATE", "[0.1, 0.1, 0.1]"},
                {"MELGEN.THREADS", "1"}, {"WORKERS", "1"}}) {
            assertTrue(Melgen.run(experiment("", change), dir, false, log).upToDate(), change[0]);
        }
        assertFalse(Melgen.run(experiment("", "DATASET.TEST_SET", "test"), dir, false, log).upToDate(), "the split names are in the output");
    }

    @Test
    void aFailedRunLeavesThePreviousDatasetIntact() throws IOException {
        ExperimentConfig config = experiment("");
        Melgen.run(config, dir, false, log);
        List<String> before = listing(dir.resolve("out/ds"));
        Files.writeString(dir.resolve("data/raise/2.txt"), "mcu:,1,2,3,4,5,6\nmcu:,1,2,3,4,5,x\n");
        InputException e = assertThrows(InputException.class, () -> Melgen.run(config, dir, true, log));
        assertEquals("raise/2.txt:2: column 7 (gz): not a number: 'x' (set MELGEN.MALFORMED: warn to skip such lines)", e.getMessage());
        assertEquals(before, listing(dir.resolve("out/ds")));
        try (Stream<Path> siblings = Files.list(dir.resolve("out"))) {
            assertEquals(List.of(".ds.lock", "ds"), siblings.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no staging folder left behind (the lock file stays, see FolderLock)");
        }
    }

    /** Every path below root, files with a hash of their bytes: equal listings mean an unchanged dataset. */
    private static List<String> listing(Path root) throws IOException {
        List<String> entries = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted().toList()) {
                entries.add(root.relativize(p) + (Files.isRegularFile(p) ? ":" + Arrays.hashCode(Files.readAllBytes(p)) : "/"));
            }
        }
        return entries;
    }

    @Test
    void hugeValuesFailTheRunInsteadOfWritingNanArrays() throws IOException {
        // without resampling, the huge value stays in one window; its square overflows a double, the dB array would be NaN
        ExperimentConfig config = experiment("", "MELGEN.RESAMPLE", "none");
        Melgen.run(config, dir, false, log);
        List<String> before = listing(dir.resolve("out/ds"));
        String[] lines = MelgenTestData.agStream(100, 9, 12).split("\n");
        lines[50] = "mcu:,1,2,3,4,1e308,6";
        Files.writeString(dir.resolve("data/raise/2.txt"), String.join("\n", lines));
        InputException e = assertThrows(InputException.class, () -> Melgen.run(config, dir, true, log));
        assertEquals("raise/2.txt: window 1 (from 20.000 s), view dim5: the spectrogram is not finite: the recording's values "
                + "are too large (their squares overflow a double)", e.getMessage());
        assertEquals(before, listing(dir.resolve("out/ds")));
        // 1e39 squares to a finite double but is no float32: the raw window could not hold it
        lines[50] = "mcu:,1,2,3,4,1e39,6";
        Files.writeString(dir.resolve("data/raise/2.txt"), String.join("\n", lines));
        e = assertThrows(InputException.class, () -> Melgen.run(config, dir, true, log));
        assertEquals("raise/2.txt: window 1 (from 20.000 s), view dim5: a value beyond float32's range (1.00000e+39)", e.getMessage());
    }

    @Test
    void rawArraysHoldTheWindowsValues() throws IOException {
        Melgen.run(experiment(""), dir, false, log);
        // the second training window of Curl, resampled as melgen does, every channel
        Signal signal = AgStreamReader.read(dir.resolve("data/curl/1.txt"), "curl/1.txt", 2, new LineDiagnostics("x", false));
        float[] raw = readNpy(dir.resolve("out/ds/train/Curl/raw/1.npy"), "(6, 40)");
        for (int c = 0; c < 6; c++) {
            double[] x = new CubicSpline(signal.channels()[c]).resample(140);
            for (int t = 0; t < 40; t++) {
                assertEquals((float) x[40 + t], raw[c * 40 + t]);
            }
        }
        readNpy(dir.resolve("out/ds/val/Raise/raw/1.npy"), "(6, 40)");
    }

    @Test
    void classNamesAreDistinctFolderNames() throws IOException {
        ConfigException twice = assertThrows(ConfigException.class, () -> Melgen.run(experiment("""
                    - {NAME: 'Curl', DIR: 'raise'}
                """), dir, false, log));
        Path yaml = dir.resolve("exp.yaml");
        assertEquals(yaml + ":14: MELGEN.CLASSES[2].NAME 'Curl' is also MELGEN.CLASSES[0].NAME (" + yaml + ":12): "
                + "list each class once (two entries would write over each other's samples in <split>/Curl)", twice.getMessage());
        for (String[] bad : new String[][] {
                {"'a/b'", "is 'a/b': a class name becomes one dataset folder; it may not contain '/' or '\\'"},
                {"'a\\b'", "is 'a\\b': a class name becomes one dataset folder; it may not contain '/' or '\\'"},
                {"'..'", "is '..': a class name becomes a dataset folder; '.', '..' and other names starting with '.' are not"},
                {"'  '", "is not set: every class needs a name"},
                {"\"Curl\\tFast\"", "contains the control character U+0009: a class name becomes a dataset folder"}}) {
            ConfigException e = assertThrows(ConfigException.class, () -> Melgen.run(experiment(
                    "    - {NAME: " + bad[0] + ", DIR: 'raise'}\n"), dir, false, log), bad[0]);
            assertTrue(e.getMessage().startsWith(yaml + ":14: MELGEN.CLASSES[2].NAME " + bad[1]), e.getMessage());
        }
    }

    @Test
    void recordingSplitKeepsEachRecordingOnOneSide() throws IOException {
        Melgen.run(experiment("", "MELGEN.SPLIT.METHOD", "recording", "MELGEN.SPLIT.TRAIN_FRACTION", "0.67"), dir, false, log);
        List<String> rows = Files.readAllLines(dir.resolve("out/ds/manifest.csv")).subList(1, 22);
        for (String source : rows.stream().map(r -> r.split(",")[4]).distinct().toList()) {
            assertEquals(1, rows.stream().filter(r -> r.split(",")[4].equals(source)).map(r -> r.split(",")[2]).distinct().count(), source);
        }
        // one of three recordings of each class held out
        assertEquals(2, rows.stream().filter(r -> r.split(",")[2].equals("val")).map(r -> r.split(",")[4]).distinct().count());
    }

    @Test
    void explicitSplitHoldsOutTheNamedRecordings() throws IOException {
        Melgen.run(experiment("""
                  SPLIT:
                    METHOD: explicit
                    VAL_RECORDINGS: ['Curl/3.txt', 'Raise/1.txt']
                """), dir, false, log);
        assertEquals(List.of("split,class,samples", "train,Curl,7", "train,Raise,7", "val,Curl,4", "val,Raise,3"),
                Files.readAllLines(dir.resolve("out/ds/counts.csv")));
        ConfigException e = assertThrows(ConfigException.class, () -> Melgen.run(experiment("""
                  SPLIT:
                    METHOD: explicit
                    VAL_RECORDINGS: ['Curl/9.txt']
                """), dir, true, log));
        assertTrue(e.getMessage().contains("[Curl/9.txt]"), e.getMessage());
    }

    @Test
    void warnsWhenAClassIsUnderTenPercentOfASplit() throws IOException {
        // curl: 11 + 13 + 15 strided windows; raise: 3 -> train 19 + 1, val 20 + 2
        Melgen.run(experiment("", "MELGEN.SPLIT.TRAIN_FRACTION", "0.5", "MELGEN.CLASSES",
                "[{NAME: Curl, DIR: curl, STRIDE: 10}, {NAME: Raise, DIR: raise, RECORDINGS: ['1.txt']}]"), dir, false, log);
        assertEquals(List.of("class 'Raise' is 5.0 % of split 'train' (1 of 20 samples): a model can score high by ignoring it",
                "class 'Raise' is 9.1 % of split 'val' (2 of 22 samples): a model can score high by ignoring it"), warnings.subList(1, 3));
        assertTrue(warnings.get(0).startsWith("MELGEN.SPLIT.METHOD is 'ordered' (the original's split): windows of one recording land"),
                "the optimistic default split is named: " + warnings.get(0));
    }

    @Test
    void configErrorsNameTheKey() throws IOException {
        assertTrue(assertThrows(ConfigException.class, () -> Melgen.run(experiment("", "DATASET.NUM_DIMS", "2"), dir, false, log))
                .getMessage().contains("DATASET.NUM_DIMS is 2 but the MELGEN readers produce 6 views"));
        ConfigException typo = assertThrows(ConfigException.class, () -> Melgen.run(experiment("""
                    - {NAME: 'Other', DIR: 'raise', WINDOWS: 4}
                """), dir, false, log));
        assertTrue(typo.getMessage().contains("exp.yaml:14: unknown key MELGEN.CLASSES[2].WINDOWS (did you mean MELGEN.CLASSES[2].WINDOW?)"),
                typo.getMessage());
        ConfigException missingDir = assertThrows(ConfigException.class, () -> Melgen.run(experiment("""
                    - {NAME: 'Squat'}
                """), dir, false, log));
        assertTrue(missingDir.getMessage().contains("class 'Squat': recordings folder"), missingDir.getMessage());
        ConfigException missingFile = assertThrows(ConfigException.class, () -> Melgen.run(experiment("""
                    - {NAME: 'More', DIR: 'raise', RECORDINGS: ['1.txt', '8.txt']}
                """), dir, false, log));
        assertTrue(missingFile.getMessage().contains("recording " + dir.resolve("data/raise/8.txt") + " does not exist"), missingFile.getMessage());
        ConfigException reader = assertThrows(ConfigException.class, () -> Melgen.run(experiment("", "MELGEN.READER", "wav"), dir, false, log));
        assertTrue(reader.getMessage().contains("MELGEN.CLASSES[0].READER is 'wav'; allowed: ag, iq, csv"), reader.getMessage());
        ConfigException quote = assertThrows(ConfigException.class,
                () -> Melgen.run(experiment("", "MELGEN.CSV.DELIMITER", "'\"'"), dir, false, log));
        assertTrue(quote.getMessage().contains("MELGEN.CLASSES[0].CSV.DELIMITER must be one character other than '\"'"), quote.getMessage());
    }

    @Test
    void whatTrainingWillReadIsCheckedBeforeTheDatasetIsWritten() throws IOException {
        ConfigException oneView = assertThrows(ConfigException.class,
                () -> Melgen.run(experiment("", "DATASET.DATASET", "imagenet"), dir, false, log));
        assertTrue(oneView.getMessage().contains("DATASET.DATASET imagenet has one view; DATASET.NUM_DIMS is 6"), oneView.getMessage());
        ConfigException head = assertThrows(ConfigException.class,
                () -> Melgen.run(experiment("", "MODEL.NUM_CLASSES", "1"), dir, false, log));
        assertTrue(head.getMessage().contains("MODEL.NUM_CLASSES is 1 but the training split has 2 classes [Curl, Raise]"), head.getMessage());
        ConfigException spec = assertThrows(ConfigException.class,
                () -> Melgen.run(experiment("", "MODEL.SPEC.INIT", "zeros"), dir, false, log));
        assertTrue(spec.getMessage().contains("MODEL.SPEC.INIT is 'zeros'"), spec.getMessage());
        assertFalse(Files.exists(dir.resolve("out/ds")), "nothing written");
    }

    @Test
    void malformedLinesMayBeDowngradedToWarnings() throws IOException {
        ExperimentConfig config = experiment("", "MELGEN.MALFORMED", "warn");
        Files.writeString(dir.resolve("data/raise/2.txt"), MelgenTestData.agStream(30, 9, 3) + "mcu:,1,2\n" + MelgenTestData.agStream(40, 9, 4));
        Melgen.Result result = Melgen.run(config, dir, false, log);
        assertEquals(21, result.samples());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("raise/2.txt:31: expected 6 values")), warnings.toString());
    }

    @Test
    void genericCsvRecordingsFuseSeveralFilesPerRecording() throws IOException {
        // per recording: an accelerometer file at 50 Hz and a gyroscope file at 25 Hz, epoch milliseconds
        for (String cls : new String[] {"walk", "run"}) {
            Files.createDirectories(dir.resolve("csv").resolve(cls));
            for (int r = 1; r <= 2; r++) {
                StringBuilder acc = new StringBuilder("timestamp,ax,ay\n");
                StringBuilder gyr = new StringBuilder("timestamp,gz\n");
                for (int i = 0; i < 500; i++) {
                    long ms = 1_700_000_000_000L + i * 20L;
                    acc.append(ms).append(',').append(Math.sin(i * 0.1 * cls.length())).append(',').append(Math.cos(i * 0.05 * r)).append('\n');
                    if (i % 2 == 0) {
                        gyr.append(ms + 5).append(',').append(Math.sin(i * 0.02 * cls.length())).append('\n');
                    }
                }
                Files.writeString(dir.resolve("csv").resolve(cls).resolve(r + "-acc.csv"), acc);
                Files.writeString(dir.resolve("csv").resolve(cls).resolve(r + "-gyro.csv"), gyr);
            }
        }
        Path yaml = dir.resolve("csv.yaml");
        Files.writeString(yaml, """
                DATASET: {DATASET: 'multidim_imagenet', ROOT: 'out/csv', NUM_DIMS: 3}
                MELGEN:
                  DATA_ROOT: 'csv'
                  READER: 'csv'
                  CSV: {COLUMNS: ['ax', 'ay', 'gz'], TIME_COLUMN: 'timestamp', TIME_UNIT: 'epoch_ms'}
                  WINDOW: 64
                  STRIDE: 32
                  SR: 50
                  N_FFT: 32
                  HOP_LENGTH: 4
                  SPLIT: {METHOD: 'explicit', VAL_RECORDINGS: ['walk/2-acc.csv', 'run/2-acc.csv']}
                  CLASSES:
                    - NAME: 'walk'
                      RECORDINGS: [{FILES: ['1-acc.csv', '1-gyro.csv']}, {FILES: ['2-acc.csv', '2-gyro.csv']}]
                    - NAME: 'run'
                      RECORDINGS: [{FILES: ['1-acc.csv', '1-gyro.csv']}, {FILES: ['2-acc.csv', '2-gyro.csv']}]
                """);
        Melgen.Result result = Melgen.run(ConfigLoader.load(yaml, List.of()), dir, false, log);
        // fused grid: 50 Hz over the common span 5 .. 9980 ms -> 499 points -> windows at 0, 32, ... 416: 14
        assertEquals(4 * 14, result.samples());
        readNpy(dir.resolve("out/csv/val/run/mel/13.npy"), "(3, 12, 17)");
        assertTrue(Files.readString(dir.resolve("out/csv/manifest.csv")).contains(",walk,train,0,walk/1-acc.csv+walk/1-gyro.csv,0,0.000"));
    }

    @Test
    void reproducesTheOriginalAgRecipeOnTheRealRecordings() {
        Path data = SharedData.require("seed-lifting");
        Path yaml = Path.of("../examples/agmel-seed-lifting.yaml").toAbsolutePath();
        ExperimentConfig config = ConfigLoader.load(yaml, List.of("MELGEN.DATA_ROOT", data.toString(),
                "DATASET.ROOT", dir.resolve("agmel").toString(), "MELGEN.IMAGE_SIZE", "[31, 23]"));
        Melgen.Result result = Melgen.run(config, dir, false, log);
        assertEquals(462, result.samples());
        assertEquals(2772, result.images());
        assertEquals(List.of("split,class,samples", "train,Dumbbell Bicep Curl,352", "train,Dumbbell Lateral Raise,16",
                "val,Dumbbell Bicep Curl,89", "val,Dumbbell Lateral Raise,5"), readLines(dir.resolve("agmel/counts.csv")));
        // each recording's first line is the device's header ('MPU init ok'): expected, so no warning; later ones are
        assertTrue(warnings.stream().noneMatch(w -> w.matches(".*non-sample line\\(s\\) skipped, at line\\(s\\) 1\\b.*")), warnings.toString());
        assertTrue(warnings.contains("Dumbbell Bicep Curl/4.txt: 1 non-sample line(s) skipped, at line(s) 2"), warnings.toString());
    }

    @Test
    void runsTheOriginalIqRecipeOnTheRealRecordings() throws IOException {
        Path data = SharedData.require("seed-lifting");
        Path yaml = Path.of("../examples/iqmel-seed-lifting.yaml").toAbsolutePath();
        ExperimentConfig config = ConfigLoader.load(yaml, List.of("MELGEN.DATA_ROOT", data.toString(),
                "DATASET.ROOT", dir.resolve("iqmel").toString(), "MELGEN.IMAGE_SIZE", "[31, 23]"));
        Melgen.Result result = Melgen.run(config, dir, false, log);
        assertEquals(2 * result.samples(), result.images());
        readNpy(dir.resolve("iqmel/train/Dumbbell Bicep Curl/mel/0.npy"), "(2, 12, 41)");
        assertEquals(IqReference.SEGMENTS, result.samples());
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
