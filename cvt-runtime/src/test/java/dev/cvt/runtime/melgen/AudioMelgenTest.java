package dev.cvt.runtime.melgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.RecordingLog;
import dev.cvt.runtime.config.ConfigLoader;
import dev.cvt.runtime.config.ExperimentConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** READER audio end to end: files → resampled, mixed channels → windows in seconds → mel arrays. */
class AudioMelgenTest {
    @TempDir
    Path dir;

    private final RecordingLog log = new RecordingLog();

    /** Stereo recordings at 16 kHz: class 'low' a 300 Hz tone, class 'high' a 2 kHz tone, one second each. */
    private void recordings(double rate) throws IOException {
        for (String c : List.of("low", "high")) {
            Files.createDirectories(dir.resolve("data").resolve(c));
            for (int r = 1; r <= 3; r++) {
                double hz = ("low".equals(c) ? 300 : 2000) + 20 * r;
                AudioTestFiles.pcm16(dir.resolve("data").resolve(c).resolve("take" + r + ".wav"), rate,
                        new double[][] {AudioTestFiles.tone(hz, rate, 1.0, 0.4), AudioTestFiles.tone(hz, rate, 1.0, 0.2)});
            }
        }
    }

    private ExperimentConfig experiment(String melgen, String... overrides) throws IOException {
        Path yaml = dir.resolve("exp.yaml");
        Files.writeString(yaml, """
                DATASET:
                  ROOT: 'out/ds'
                  NUM_DIMS: 1
                MELGEN:
                  DATA_ROOT: 'data'
                  READER: 'audio'
                  IMAGE_SIZE: [32, 32]
                  SPLIT: {METHOD: 'recording', TRAIN_FRACTION: 0.6}
                  CLASSES: [{NAME: 'low'}, {NAME: 'high'}]
                """ + melgen);
        return ConfigLoader.load(yaml, List.of(overrides));
    }

    private static float[] npy(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int header = 10 + (bytes[8] & 0xff) + ((bytes[9] & 0xff) << 8);
        ByteBuffer data = ByteBuffer.wrap(bytes, header, bytes.length - header).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[(bytes.length - header) / 4];
        data.asFloatBuffer().get(values);
        return values;
    }

    /** The mel band with the most energy summed over the frames of sample {@code i} of a class in a split. */
    private int loudestBand(Path root, String split, String c, int mels) throws IOException {
        float[] db = npy(root.resolve(split).resolve(c).resolve("mel").resolve("0.npy"));
        int frames = db.length / mels;
        int best = 0;
        double bestSum = Double.NEGATIVE_INFINITY;
        for (int m = 0; m < mels; m++) {
            double sum = 0;
            for (int t = 0; t < frames; t++) {
                sum += db[m * frames + t];
            }
            if (sum > bestSum) {
                bestSum = sum;
                best = m;
            }
        }
        return best;
    }

    @Test
    void audioBecomesWindowsInSecondsOfMixedResampledChannels() throws IOException {
        recordings(16000);
        ExperimentConfig config = experiment("""
                  SAMPLE_RATE: 8000
                  CHANNELS: 'mix'
                  WINDOW_SECONDS: 0.5
                  STRIDE_SECONDS: 0.25
                  N_FFT: 256
                  HOP_LENGTH: 64
                  N_MELS: 32
                """);
        assertEquals(8000.0, config.number("MELGEN.SR"), "SR follows SAMPLE_RATE with READER audio");
        Melgen.Result result = Melgen.run(config, dir, false, log);
        // 1 s at 8 kHz = 8000 samples: windows of 4000 every 2000 -> 3 per recording, 6 recordings
        assertEquals(18, result.samples());
        Path root = dir.resolve("out/ds");
        assertEquals(4000 * 4, Files.size(root.resolve("train/low/raw/0.npy")) - 128, "one mixed view of 4000 float32 samples");
        int low = loudestBand(root, "train", "low", 32);
        int high = loudestBand(root, "train", "high", 32);
        assertTrue(low < high, "300 Hz in band " + low + ", 2 kHz in band " + high);
        assertTrue(log.warnings.isEmpty(), log.warnings.toString());
        String manifest = Files.readString(root.resolve("manifest.csv"));
        assertTrue(manifest.contains(",high/take1.wav,1,0.250"), manifest);
    }

    @Test
    void librosasAudioDefaultsUnlessSet() throws IOException {
        ExperimentConfig defaults = experiment("");
        assertEquals(22050.0, defaults.number("MELGEN.SAMPLE_RATE"));
        assertEquals(22050.0, defaults.number("MELGEN.SR"));
        assertEquals(2048, defaults.integer("MELGEN.N_FFT"));
        assertEquals(512, defaults.integer("MELGEN.HOP_LENGTH"));
        assertEquals(128, defaults.integer("MELGEN.N_MELS"));
        assertEquals(1.0, defaults.number("MELGEN.WINDOW_SECONDS"));
        ExperimentConfig set = experiment("  N_FFT: 1024\n  WINDOW: 4000\n", "MELGEN.SAMPLE_RATE", "16000");
        assertEquals(1024, set.integer("MELGEN.N_FFT"));
        assertEquals(16000.0, set.number("MELGEN.SR"));
        assertEquals(0.0, set.number("MELGEN.WINDOW_SECONDS"), "WINDOW in samples is kept");
        // the effective config a dataset keeps loads back to the same values
        Path written = Files.writeString(dir.resolve("effective.yaml"), set.toYaml());
        ExperimentConfig reloaded = ConfigLoader.load(written, List.of());
        for (String key : List.of("SAMPLE_RATE", "SR", "N_FFT", "HOP_LENGTH", "N_MELS", "WINDOW", "WINDOW_SECONDS")) {
            assertEquals(set.get("MELGEN." + key), reloaded.get("MELGEN." + key), key);
        }
        ExperimentConfig sensors = ConfigLoader.defaults(List.of());
        assertEquals(32, sensors.integer("MELGEN.N_FFT"), "other readers keep the original's defaults");
    }

    @Test
    void checksBeforeWritingAnything() throws IOException {
        recordings(8000);
        // stereo as views needs two dims
        CvtException views = assertThrows(CvtException.class, () -> Melgen.run(experiment("  SAMPLE_RATE: 8000\n"), dir, false, log));
        assertTrue(views.getMessage().contains("DATASET.NUM_DIMS is 1 but the MELGEN readers produce 2 views"), views.getMessage());
        // 8 kHz files hold nothing above 4 kHz: mel bands up to 8 kHz would be empty
        CvtException fmax = assertThrows(CvtException.class,
                () -> Melgen.run(experiment("  SAMPLE_RATE: 16000\n  CHANNELS: 'mix'\n"), dir, false, log));
        assertEquals("low/take1.wav: recorded at 8000 Hz, it holds nothing above 4000 Hz, but the mel bands reach MELGEN.FMAX "
                + "8000 Hz (0 = SR/2): set FMAX to at most 4000, or leave this file out", fmax.getMessage());
        CvtException sr = assertThrows(CvtException.class,
                () -> Melgen.run(experiment("  SAMPLE_RATE: 8000\n  SR: 4000\n  CHANNELS: 'mix'\n"), dir, false, log));
        assertTrue(sr.getMessage().contains("MELGEN.SR is 4000.0 Hz, but audio recording low/take1.wav is resampled to SAMPLE_RATE "
                + "8000.0 Hz"), sr.getMessage());
        // READER audio for one class only: the section's sensor defaults stay, and the message says where the audio ones come from
        CvtException perClass = assertThrows(CvtException.class, () -> Melgen.run(experiment("  CHANNELS: 'mix'\n",
                "MELGEN.READER", "ag", "MELGEN.CLASSES", "[{NAME: low, READER: audio}, {NAME: high, READER: audio}]"), dir, false, log));
        assertTrue(perClass.getMessage().endsWith("(READER audio in the MELGEN section itself also sets librosa's audio defaults "
                + "for both)"), perClass.getMessage());
        assertTrue(Files.notExists(dir.resolve("out/ds")));
    }

    @Test
    void secondsNeedAStreamAtSampleRate() throws IOException {
        recordings(8000);
        CvtException e = assertThrows(CvtException.class,
                () -> Melgen.run(experiment("  WINDOW_SECONDS: 2.0\n", "MELGEN.READER", "iq"), dir, false, log));
        assertTrue(e.getMessage().contains("WINDOW_SECONDS is 2.0: seconds (> 0) count in SAMPLE_RATE samples"), e.getMessage());
    }

    @Test
    void aBrokenRecordingLeavesTheEarlierDatasetInPlace() throws IOException {
        recordings(8000);
        ExperimentConfig config = experiment("  SAMPLE_RATE: 8000\n  CHANNELS: 'mix'\n  WINDOW_SECONDS: 0.5\n  N_FFT: 256\n"
                + "  HOP_LENGTH: 128\n  N_MELS: 16\n");
        Melgen.run(config, dir, false, log);
        Path sample = dir.resolve("out/ds/train/low/mel/0.npy");
        byte[] before = Files.readAllBytes(sample);
        byte[] wav = Files.readAllBytes(dir.resolve("data/high/take2.wav"));
        Files.write(dir.resolve("data/high/take2.wav"), java.util.Arrays.copyOf(wav, wav.length / 2));
        CvtException e = assertThrows(CvtException.class, () -> Melgen.run(config, dir, true, log));
        assertTrue(e.getMessage().startsWith("high/take2.wav: truncated"), e.getMessage());
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(Files.readAllBytes(sample)));
    }

    @Test
    void theDatasetMayNotReplaceOrLieInsideTheRecordings() throws IOException {
        recordings(8000);
        for (String root : List.of("data", ".", "data/ds")) {
            CvtException e = assertThrows(CvtException.class,
                    () -> Melgen.run(experiment("  CHANNELS: 'mix'\n", "DATASET.ROOT", root), dir, false, log));
            assertTrue(e.getMessage().contains("(MELGEN.DATA_ROOT): put them apart"), e.getMessage());
        }
        assertTrue(Files.isRegularFile(dir.resolve("data/low/take1.wav")));
    }

    @Test
    void padFillsAShortClipUpToOneWindow() throws IOException {
        Files.createDirectories(dir.resolve("data/low"));
        Files.createDirectories(dir.resolve("data/high"));
        AudioTestFiles.pcm16(dir.resolve("data/low/a.wav"), 8000, new double[][] {AudioTestFiles.tone(300, 8000, 0.6, 0.3)});
        AudioTestFiles.pcm16(dir.resolve("data/high/a.wav"), 8000, new double[][] {AudioTestFiles.tone(2000, 8000, 1.0, 0.3)});
        AudioTestFiles.pcm16(dir.resolve("data/low/b.wav"), 8000, new double[][] {AudioTestFiles.tone(320, 8000, 1.2, 0.3)});
        AudioTestFiles.pcm16(dir.resolve("data/high/b.wav"), 8000, new double[][] {AudioTestFiles.tone(2100, 8000, 0.9, 0.3)});
        String melgen = "  SAMPLE_RATE: 8000\n  N_FFT: 256\n  HOP_LENGTH: 128\n  N_MELS: 16\n";
        CvtException shortClip = assertThrows(CvtException.class, () -> Melgen.run(experiment(melgen), dir, false, log));
        assertTrue(shortClip.getMessage().matches("(low/a.wav: 4800|high/b.wav: 7200) samples after preprocessing, fewer than one "
                + "window of 8000 \\(PAD: true fills a short recording up to one window with zeros\\)"), shortClip.getMessage());
        Melgen.Result result = Melgen.run(experiment(melgen + "  PAD: true\n"), dir, false, log);
        assertEquals(4, result.samples(), "one window per clip; the 1.2 s clip's last 0.2 s are dropped as ever");
        String row = Files.readAllLines(dir.resolve("out/ds/manifest.csv")).stream().filter(l -> l.contains(",low/a.wav,"))
                .findFirst().orElseThrow();
        String[] fields = row.split(","); // id, class, split, index, source, window, start_s
        float[] raw = npy(dir.resolve("out/ds").resolve(fields[2]).resolve("low/raw").resolve(fields[3] + ".npy"));
        assertEquals(8000, raw.length);
        assertEquals(0f, raw[7999]);
        assertTrue(Math.abs(raw[100]) > 0);
    }

    @Test
    void aFlatFolderOfAudioWithTheClassInTheNameAsEsc50Publishes() throws IOException {
        // ESC-50 names its clips <fold>-<source id>-<take>-<class>.wav in one folder
        Files.createDirectories(dir.resolve("audio"));
        int id = 100;
        for (int fold = 1; fold <= 3; fold++) {
            AudioTestFiles.pcm16(dir.resolve("audio/" + fold + "-" + id++ + "-A-0.wav"), 8000,
                    new double[][] {AudioTestFiles.tone(300, 8000, 0.5, 0.3)});
            AudioTestFiles.pcm16(dir.resolve("audio/" + fold + "-" + id++ + (fold == 2 ? "-A-1.WAV" : "-A-1.wav")), 8000,
                    new double[][] {AudioTestFiles.tone(2000, 8000, 0.5, 0.3)});
        }
        Files.writeString(dir.resolve("audio/readme.txt"), "not a recording");
        Files.writeString(dir.resolve("esc.yaml"), """
                DATASET:
                  ROOT: 'out/esc'
                  NUM_DIMS: 1
                  VAL_SET: ''
                MELGEN:
                  DATA_ROOT: 'audio'
                  READER: 'audio'
                  CLASS: '(?i)-([0-9]+)\\.wav$'
                  SAMPLE_RATE: 8000
                  WINDOW_SECONDS: 0.5
                  N_FFT: 256
                  HOP_LENGTH: 128
                  N_MELS: 16
                  IMAGE_SIZE: [32, 32]
                  SPLIT: {METHOD: 'group', GROUP: '^([0-9]+)-', TEST_GROUPS: ['3']}
                """);
        Melgen.Result result = Melgen.run(ConfigLoader.load(dir.resolve("esc.yaml"), List.of()), dir, false, log);
        assertEquals(6, result.samples(), "every clip, *.WAV too; readme.txt is not audio");
        String manifest = Files.readString(dir.resolve("out/esc/manifest.csv"));
        assertTrue(manifest.contains(",0,val,0,3-104-A-0.wav,0,0.000") && manifest.contains(",1,train,1,2-103-A-1.WAV,0,0.000"),
                manifest);
    }
}
