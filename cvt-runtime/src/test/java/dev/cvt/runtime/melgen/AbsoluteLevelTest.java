package dev.cvt.runtime.melgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt.runtime.JsonFiles;
import dev.cvt.runtime.Log;
import dev.cvt.runtime.RecordingLog;
import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ConfigLoader;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.data.DatasetListing;
import dev.cvt.runtime.data.MultiViewFolder;
import dev.cvt.runtime.data.RgbImage;
import dev.cvt.runtime.data.SampleDecoder;
import dev.cvt.runtime.data.Workers;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MELGEN.REF, MELGEN.SCALE and MELGEN.TIME_VIEWS: features that keep the signal's absolute level. */
class AbsoluteLevelTest {
    private static final Log QUIET = new RecordingLog();

    @TempDir
    Path dir;

    /** A window of 40 samples: a gravity-like offset and a motion-like sine, times {@code gain}. */
    private static double[] window(double gain) {
        double[] y = new double[40];
        for (int i = 0; i < y.length; i++) {
            y[i] = gain * (900 + 300 * Math.sin(2 * Math.PI * i / 7));
        }
        return y;
    }

    private static MelSpectrogram mel(OptionalDouble ref) {
        return new MelSpectrogram(20, 32, 1, 12, 0, 10, ref, 80);
    }

    @Test
    void aFixedRefKeepsTheLevelThatRefMaxRemoves() {
        double[][] quiet = mel(OptionalDouble.empty()).decibels(window(1));
        double[][] loud = mel(OptionalDouble.empty()).decibels(window(3));
        double[][] quietFixed = mel(OptionalDouble.of(1.0)).decibels(window(1));
        double[][] loudFixed = mel(OptionalDouble.of(1.0)).decibels(window(3));
        double[][] power = mel(OptionalDouble.of(1.0)).melPower(window(1));
        double[][] quietRef4 = mel(OptionalDouble.of(4.0)).decibels(window(1));
        for (int m = 0; m < 12; m++) {
            for (int t = 0; t < 41; t++) {
                assertEquals(quiet[m][t], loud[m][t], 1e-9, "ref max: the same image whatever the level");
                assertEquals(20 * Math.log10(3), loudFixed[m][t] - quietFixed[m][t], 1e-9, "a fixed ref: 3x the amplitude is +9.5 dB");
                assertEquals(quietFixed[m][t] - 10 * Math.log10(4), quietRef4[m][t], 1e-9);
            }
        }
        // librosa.power_to_db(S, ref=1.0, top_db=80): 10 log10(S), clipped 80 dB under the window's maximum
        double top = Arrays.stream(power).flatMapToDouble(Arrays::stream).map(Math::log10).max().orElseThrow() * 10;
        assertEquals(top, Arrays.stream(quietFixed[0]).max().orElseThrow(), 1e-9, "the gravity offset is loudest, in the lowest band");
        for (int m = 0; m < 12; m++) {
            for (int t = 0; t < 41; t++) {
                assertEquals(Math.max(10 * Math.log10(power[m][t]), top - 80), quietFixed[m][t], 1e-9);
            }
        }
    }

    /** The windows as melgen keeps them: float32. */
    private static List<float[][]> floats(List<double[][]> windows) {
        return windows.stream().map(w -> Arrays.stream(w).map(view -> {
            float[] out = new float[view.length];
            for (int i = 0; i < view.length; i++) {
                out[i] = (float) view[i];
            }
            return out;
        }).toArray(float[][]::new)).toList();
    }

    private static List<double[][][]> decibels(MelSpectrogram mel, List<double[][]> windows) {
        return windows.stream().map(w -> Arrays.stream(w).map(mel::decibels).toArray(double[][][]::new)).toList();
    }

    @Test
    void underDatasetScaleImagesShowTheLevelUnderImageScaleTheyDoNot() {
        MelSpectrogram mel = mel(OptionalDouble.of(1.0));
        List<double[][]> training = List.of(new double[][] {window(1)}, new double[][] {window(3)});
        SpectrogramImage renderer = new SpectrogramImage(41, 24, 12, 41);
        SpectrogramImage strip = new SpectrogramImage(41, 24, 1, 40);

        ColourScale perImage = ColourScale.fit("image", false, floats(training), decibels(mel, training));
        assertEquals(ColourScale.PER_IMAGE, perImage);
        assertArrayEquals(pixels(perImage.drawMel(renderer, 0, mel.decibels(window(1)), renderer.blank())),
                pixels(perImage.drawMel(renderer, 0, mel.decibels(window(3)), renderer.blank())),
                "each image spans its own range: level gone");

        ColourScale dataset = ColourScale.fit("dataset", true, floats(training), decibels(mel, training));
        assertFalse(Arrays.equals(pixels(dataset.drawMel(renderer, 0, mel.decibels(window(1)), renderer.blank())),
                pixels(dataset.drawMel(renderer, 0, mel.decibels(window(3)), renderer.blank()))),
                "one range for all: the louder window is brighter");
        assertFalse(Arrays.equals(pixels(dataset.drawTime(strip, 0, window(1), strip.blank())),
                pixels(dataset.drawTime(strip, 0, window(3), strip.blank()))));
        // the strip: each column the colour of its sample, the same in every row
        BufferedImage image = dataset.drawTime(strip, 0, window(1), strip.blank());
        for (int x = 0; x < 41; x++) {
            for (int y = 1; y < 24; y++) {
                assertEquals(image.getRGB(x, 0), image.getRGB(x, y));
            }
        }
    }

    @Test
    void rangesArePercentilesOfTheTrainingValuesLikeNumpy() {
        float[] sorted = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(0.1, ColourScale.percentile(sorted, 1), 1e-12); // numpy.percentile(arange(11), 1)
        assertEquals(9.9, ColourScale.percentile(sorted, 99), 1e-12);
        assertEquals(5.0, ColourScale.percentile(sorted, 50), 1e-12);
        double[] values = window(1);
        float[] floats = floats(List.<double[][]>of(new double[][] {values})).get(0)[0];
        ColourScale scale = ColourScale.fit("image", true, List.<float[][]>of(new float[][] {floats.clone()}), List.of());
        Arrays.sort(floats);
        double index = 0.01 * 39;
        assertEquals(floats[0] + index * (floats[1] - floats[0]), scale.timeValues().get(0).low(), 1e-3);
        assertEquals(null, scale.melDb(), "SCALE image with time views: only the time views get fixed ranges");
    }

    private void recordings() throws IOException {
        Files.createDirectories(dir.resolve("data/curl"));
        Files.createDirectories(dir.resolve("data/raise"));
        for (int r = 1; r <= 3; r++) {
            Files.writeString(dir.resolve("data/curl/" + r + ".txt"), MelgenTestData.agStream(60 + 10 * r, 6, r));
            Files.writeString(dir.resolve("data/raise/" + r + ".txt"), MelgenTestData.agStream(50 + 10 * r, 9, 10 + r));
        }
    }

    private ExperimentConfig experiment(String extra, String... overrides) throws IOException {
        Path yaml = dir.resolve("exp.yaml");
        Files.writeString(yaml, """
                DATASET:
                  ROOT: 'out/ds'
                  DATASET: 'multidim_imagenet'
                  NUM_DIMS: 12
                MELGEN:
                  DATA_ROOT: 'data'
                  RESAMPLE: cubic
                  RESAMPLE_FACTOR: 2.0
                  WINDOW: 40
                  IMAGE_SIZE: [62, 24]
                  IMAGE_FORMAT: png
                  REF: 1.0
                  SCALE: dataset
                  TIME_VIEWS: true
                  SPLIT: {METHOD: explicit, VAL_RECORDINGS: ['Curl/3.txt', 'Raise/3.txt']}
                  CLASSES:
                    - {NAME: 'Curl', DIR: 'curl'}
                    - {NAME: 'Raise', DIR: 'raise'}
                """ + extra);
        return ConfigLoader.load(yaml, List.of(overrides));
    }

    @Test
    void theScaleIsFittedOnTheTrainingSplitOnlyAndRecordedInTheDataset() throws IOException {
        recordings();
        Melgen.run(experiment(""), dir, false, QUIET);
        Path root = dir.resolve("out/ds");
        ColourScale before = JsonFiles.read(root.resolve(ColourScale.FILE), ColourScale.class);
        assertEquals("dataset", before.scale());
        assertEquals(List.of(1.0, 99.0), before.percentiles());
        assertEquals(6, before.melDb().size());
        assertEquals(6, before.timeValues().size());
        // view 3's range: the 1st and 99th percentile of every training array's view-3 cells
        List<Float> cells = new ArrayList<>();
        for (Path npy : files(root.resolve("train"), "/mel/")) {
            float[] values = NpyFiles.readFloat32(npy).values();
            for (int i = 3 * 12 * 41; i < 4 * 12 * 41; i++) {
                cells.add(values[i]);
            }
        }
        float[] sorted = new float[cells.size()];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = cells.get(i);
        }
        Arrays.sort(sorted);
        assertEquals(ColourScale.percentile(sorted, 1), before.melDb().get(3).low());
        assertEquals(ColourScale.percentile(sorted, 99), before.melDb().get(3).high());
        assertTrue(before.melDb().get(2).high() > 100, "REF 1.0: the gravity axis is far above 0 dB");

        // a held-out recording 1000 times louder changes its own arrays, not the range
        float[] quietTest = NpyFiles.readFloat32(root.resolve("val/Curl/mel/0.npy")).values();
        String loud = Pattern.compile("-?\\d+").matcher(Files.readString(dir.resolve("data/curl/3.txt")))
                .replaceAll(m -> String.valueOf(Long.parseLong(m.group()) * 1000));
        Files.writeString(dir.resolve("data/curl/3.txt"), loud);
        Melgen.run(experiment(""), dir, false, QUIET);
        assertNotEquals(quietTest[0], NpyFiles.readFloat32(root.resolve("val/Curl/mel/0.npy")).values()[0]);
        assertEquals(before, JsonFiles.read(root.resolve(ColourScale.FILE), ColourScale.class));
    }

    @Test
    void timeViewsFollowTheSpectrogramsAndTrainingOnArraysDrawsMelgensImages() throws IOException {
        recordings();
        Melgen.Result result = Melgen.run(experiment(""), dir, false, QUIET);
        Path root = dir.resolve("out/ds");
        assertEquals(result.samples() * 12, result.images());
        NpyFiles.Array time = NpyFiles.readFloat32(root.resolve("train/Curl/raw/1.npy"));
        assertArrayEquals(new int[] {6, 40}, time.shape());
        assertArrayEquals(new int[] {6, 12, 41}, NpyFiles.readFloat32(root.resolve("train/Curl/mel/1.npy")).shape());
        MultiViewFolder.Listing images = MultiViewFolder.scan(root, "train", 12, false, QUIET);
        assertEquals(12, images.samples().get(0).views().size());

        ExperimentConfig arrays = experiment("", "DATASET.DATA_FORMAT", "npy", "DATASET.DATASET", "multidim_imagenet");
        MultiViewFolder.Listing listing = DatasetListing.list(arrays, "train", dir, QUIET);
        SampleDecoder decoder = Workers.decoder(arrays, root);
        for (MultiViewFolder.Sample sample : listing.samples()) {
            List<RgbImage> drawn = decoder.decode(sample);
            assertEquals(12, drawn.size());
            String name = sample.id().replaceFirst("\\.npy$", ".png");
            String className = name.substring(0, name.indexOf('/'));
            for (int d = 1; d <= 12; d++) {
                BufferedImage written = ImageIO.read(root.resolve("train").resolve(className).resolve("dim" + d)
                        .resolve(name.substring(name.indexOf('/') + 1)).toFile());
                assertArrayEquals(rgb(written), drawn.get(d - 1).pixels(), sample.id() + " dim" + d);
            }
        }
    }

    @Test
    void theDefaultsWriteNeitherAScaleFileNorTimeViews() throws IOException {
        recordings();
        Melgen.run(experiment("", "DATASET.NUM_DIMS", "6", "MELGEN.REF", "max", "MELGEN.SCALE", "image",
                "MELGEN.TIME_VIEWS", "false"), dir, false, QUIET);
        Path root = dir.resolve("out/ds");
        assertFalse(Files.exists(root.resolve(ColourScale.FILE)));
        assertFalse(Files.exists(root.resolve("train/Curl/dim7")));
        assertEquals(ColourScale.PER_IMAGE, ColourScale.read(root));
    }

    @Test
    void badValuesNameTheKey() throws IOException {
        recordings();
        // a number on the command line is a number, kept as its text
        for (String[] ref : new String[][] {{"loudest", "loudest"}, {"-1", "-1.0"}, {"0", "0.0"}}) {
            ConfigException e = assertThrows(ConfigException.class, () -> Melgen.run(experiment("", "MELGEN.REF", ref[0]), dir, false, QUIET));
            assertTrue(e.getMessage().endsWith("MELGEN.REF is '" + ref[1] + "'; allowed: max, or a positive number (the power of 0 dB)"),
                    e.getMessage());
        }
        ConfigException scale = assertThrows(ConfigException.class,
                () -> Melgen.run(experiment("", "MELGEN.SCALE", "global"), dir, false, QUIET));
        assertTrue(scale.getMessage().endsWith("MELGEN.SCALE is 'global'; allowed: image, dataset"), scale.getMessage());
        ConfigException dims = assertThrows(ConfigException.class,
                () -> Melgen.run(experiment("", "DATASET.NUM_DIMS", "6"), dir, false, QUIET));
        assertTrue(dims.getMessage().endsWith("DATASET.NUM_DIMS is 6 but the MELGEN readers produce 6 views per sample and "
                + "MELGEN.TIME_VIEWS adds one time view per channel: set it to 12"), dims.getMessage());
        assertEquals("1.0", experiment("").string("MELGEN.REF"), "a YAML number is read as the reference power");
        assertEquals("2.0", experiment("", "MELGEN.REF", "2.0").string("MELGEN.REF"));
    }

    private static List<Path> files(Path under, String containing) throws IOException {
        try (Stream<Path> walk = Files.walk(under)) {
            return walk.filter(p -> p.toString().contains(containing) && Files.isRegularFile(p)).sorted().toList();
        }
    }

    private static byte[] pixels(BufferedImage image) {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    }

    /** A decoded PNG's pixels as interleaved R, G, B bytes, the layout of {@link RgbImage}. */
    private static byte[] rgb(BufferedImage image) {
        byte[] out = new byte[3 * image.getWidth() * image.getHeight()];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int argb = image.getRGB(x, y);
                int i = 3 * (y * image.getWidth() + x);
                out[i] = (byte) (argb >> 16);
                out[i + 1] = (byte) (argb >> 8);
                out[i + 2] = (byte) argb;
            }
        }
        return out;
    }
}
