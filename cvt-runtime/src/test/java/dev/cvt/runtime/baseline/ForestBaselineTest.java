package dev.cvt.runtime.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.melgen.NpyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForestBaselineTest {
    private static final List<String> CLASSES = List.of("flat", "level", "wave");

    @TempDir
    Path root;

    private void dataset(double noise) throws IOException {
        for (int c = 0; c < CLASSES.size(); c++) {
            ToyWindows.write(root, "train", CLASSES.get(c), 20, noise, c);
            ToyWindows.write(root, "val", CLASSES.get(c), 10, noise, 100 + c);
        }
    }

    @Test
    void learnsSeparableClasses() throws IOException {
        dataset(0.3);
        BaselineResult result = ForestBaseline.evaluate(root, "train", "val", CLASSES, 7);

        assertEquals("random_forest(100 trees, window statistics)", result.method());
        assertEquals(60, result.trainSamples());
        assertEquals(30, result.predictions().size());
        for (BaselineResult.Prediction p : result.predictions()) {
            assertEquals(p.truth(), p.predicted(), p.sample());
            assertEquals(1.0, p.probabilities()[0] + p.probabilities()[1] + p.probabilities()[2], 1e-5, "vote shares");
        }
        assertEquals("wave/9.npy", result.predictions().get(29).sample());
    }

    @Test
    void theSeedMakesItReproducible() throws IOException {
        dataset(3.0); // the classes overlap: the trees disagree, so the vote shares show which trees were grown
        List<BaselineResult.Prediction> first = ForestBaseline.evaluate(root, "train", "val", CLASSES, 7).predictions();
        List<BaselineResult.Prediction> again = ForestBaseline.evaluate(root, "train", "val", CLASSES, 7).predictions();
        List<BaselineResult.Prediction> otherSeed = ForestBaseline.evaluate(root, "train", "val", CLASSES, 8).predictions();
        boolean seedMatters = false;
        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i).predicted(), again.get(i).predicted());
            assertArrayEquals(first.get(i).probabilities(), again.get(i).probabilities());
            seedMatters |= !Arrays.equals(first.get(i).probabilities(), otherSeed.get(i).probabilities());
        }
        assertTrue(seedMatters, "another seed grows other trees");
    }

    @Test
    void aClassWithoutTrainingWindowsIsNeverPredicted() throws IOException {
        dataset(0.3);
        ToyWindows.write(root, "val", "unseen", 4, 0.3, 9);
        List<String> classes = List.of("flat", "level", "unseen", "wave");
        BaselineResult result = ForestBaseline.evaluate(root, "train", "val", classes, 7);

        assertEquals(34, result.predictions().size());
        for (BaselineResult.Prediction p : result.predictions()) {
            assertEquals(0f, p.probabilities()[2], p.sample());
            assertFalse(p.predicted() == 2, p.sample());
        }
        assertEquals(2, result.predictions().stream().filter(p -> p.sample().startsWith("unseen/")).findFirst().orElseThrow().truth());
    }

    @Test
    void unavailableWithoutRawWindows() throws IOException {
        dataset(0.3);
        Files.createDirectories(root.resolve("val/other/dim1"));
        List<String> classes = List.of("flat", "level", "other", "wave");

        assertEquals(root.resolve("val/other") + " has no raw/ folder (a dataset from before melgen wrote raw windows, "
                + "or not made by melgen; run melgen again with force (-Dcvt.melgen.force, --force) to add them)",
                ForestBaseline.unavailable(root, "train", "val", classes).orElseThrow());
        assertEquals(root.resolve("test") + ": no such split folder", ForestBaseline.unavailable(root, "train", "test", CLASSES).orElseThrow());
        assertEquals(root.resolve("train") + ": no raw windows in the folders of the classes [a, b]",
                ForestBaseline.unavailable(root, "train", "val", List.of("a", "b")).orElseThrow());
        assertTrue(ForestBaseline.unavailable(root, "train", "val", CLASSES).isEmpty());
        CvtException e = assertThrows(CvtException.class, () -> ForestBaseline.evaluate(root, "train", "val", classes, 7));
        assertTrue(e.getMessage().startsWith("the random-forest baseline cannot run: " + root.resolve("val/other")), e.getMessage());
    }

    @Test
    void unusableWindowsAreNamed() throws IOException {
        dataset(0.3);
        Path odd = root.resolve("val/wave/raw/3.npy");
        NpyFiles.write(odd, new float[3 * 50], 3, 50);
        CvtException e = assertThrows(CvtException.class, () -> ForestBaseline.evaluate(root, "train", "val", CLASSES, 7));
        assertEquals(odd + ": has 3 channels, the first training window 2: the baseline needs one channel count", e.getMessage());
        NpyFiles.write(odd, new float[50], 50);
        e = assertThrows(CvtException.class, () -> ForestBaseline.evaluate(root, "train", "val", CLASSES, 7));
        assertEquals(odd + ": a raw window must be [channels, samples], this one is [50]", e.getMessage());
        float[] values = new float[2 * 50];
        values[70] = Float.NaN;
        NpyFiles.write(odd, values, 2, 50);
        e = assertThrows(CvtException.class, () -> ForestBaseline.evaluate(root, "train", "val", CLASSES, 7));
        assertEquals(odd + ": holds a value that is not finite (NaN)", e.getMessage());
    }
}
