package dev.cvt.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.cvt.runtime.config.ConfigLoader;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.model.Engines;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every pipeline on a stack of views: output size, identical treatment of identical views, normalisation. */
class ViewTransformsTest {
    private static final float[] MEAN = {0.5f, 0.5f, 0.5f};
    private static final float[] STD = {0.25f, 0.25f, 0.25f};

    /** A 40 x 30 image: red rising left to right, green top to bottom, blue constant. */
    private static RgbImage gradient() {
        byte[] p = new byte[40 * 30 * 3];
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                p[3 * (y * 40 + x)] = (byte) (x * 6);
                p[3 * (y * 40 + x) + 1] = (byte) (y * 8);
                p[3 * (y * 40 + x) + 2] = (byte) 128;
            }
        }
        return new RgbImage(40, 30, p);
    }

    private static float[] run(ViewTransforms t, long seed) {
        Engines.pytorch(1);
        try (NDManager m = NDManager.newBaseManager()) {
            return t.apply(m, List.of(gradient(), gradient()), new Random(seed));
        }
    }

    private static void sameForBothViews(float[] out, int h, int w) {
        int perView = 3 * h * w;
        assertEquals(2 * perView, out.length);
        assertArrayEquals(Arrays.copyOfRange(out, 0, perView), Arrays.copyOfRange(out, perView, 2 * perView));
    }

    @Test
    void originalTrainingPipelineCropsFlipsAndJittersBothViewsAlike() {
        ExperimentConfig c = ConfigLoader.defaults(List.of("TRAIN.IMAGE_SIZE", "[16, 16]", "AUG.COLOR_JITTER", "[0.4, 0.4, 0.4, 0.0, 1.0]"));
        ViewTransforms t = ViewTransforms.train(c, MEAN, STD);
        assertEquals(16, t.width());
        assertEquals(16, t.height());
        boolean flippedSomeTime = false;
        for (long seed = 0; seed < 8; seed++) {
            float[] out = run(t, seed);
            sameForBothViews(out, 16, 16);
            // blue is constant: only the jitter moves it away from (128/255 - 0.5) / 0.25
            float red0 = out[0];
            float red15 = out[15];
            flippedSomeTime |= red15 < red0;
        }
        assertTrue(flippedSomeTime, "a horizontal flip reverses the red ramp in some of 8 draws");
        assertArrayEquals(run(t, 3), run(t, 3), "the same seed, the same sample");
    }

    @Test
    void centreCropResizesTheShorterSideThenCrops() {
        ExperimentConfig c = ConfigLoader.defaults(List.of("TEST.IMAGE_SIZE", "[14, 14]", "TEST.CENTER_CROP", "true"));
        ViewTransforms t = ViewTransforms.test(c, MEAN, STD);
        float[] out = run(t, 0);
        sameForBothViews(out, 14, 14);
        // shorter side 30 -> int(14 / 0.875) = 16, width 40 -> 21; the centre 14 x 14 keeps the middle of the ramps
        float blue = out[2 * 14 * 14];
        assertEquals((128 / 255f - 0.5f) / 0.25f, blue, 1e-4);
        // bilinear 40 -> 21 then columns 3..16: source x 6.43 .. 30.9, red 6 per column
        assertEquals((6.43f * 6 / 255 - 0.5f) / 0.25f, out[0], 0.1);
        assertEquals((30.93f * 6 / 255 - 0.5f) / 0.25f, out[13], 0.1);
    }

    @Test
    void spectrogramPipelineResizesAndMasksWithoutFlipping() {
        ExperimentConfig c = ConfigLoader.defaults(List.of("TRAIN.IMAGE_SIZE", "[20, 12]", "AUG.SPEC_AUGMENT", "true",
                "AUG.TIME_MASK", "0.5", "AUG.FREQ_MASK", "0.0"));
        ViewTransforms t = ViewTransforms.train(c, MEAN, STD);
        assertEquals(20, t.width());
        assertEquals(12, t.height());
        for (long seed = 0; seed < 8; seed++) {
            float[] out = run(t, seed);
            sameForBothViews(out, 12, 20);
            // the red ramp never decreases along a row: no flip; masked columns are exactly 0 (the mean)
            float previous = -10;
            for (int x = 0; x < 20; x++) {
                float v = out[x];
                if (v != 0f) {
                    assertTrue(v >= previous, "seed " + seed + " column " + x);
                    previous = v;
                }
            }
        }
    }
}
