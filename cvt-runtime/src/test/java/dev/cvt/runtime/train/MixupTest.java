package dev.cvt.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.cvt.runtime.model.Engines;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MixupTest {
    @Test
    void targetsAreSmoothedOneHotsMixedWithTheReversedBatch() {
        // timm mixup_target: off = 0.1 / 3, on = 0.9 + off; y = lam * y1 + (1 - lam) * y1.flip(0)
        float[][] t = Mixup.targets(new int[] {0, 2, 1}, 3, 0.7, 0.1);
        double off = 0.1 / 3;
        double on = 0.9 + off;
        assertArrayEquals(new float[] {(float) (0.7 * on + 0.3 * off), (float) (0.7 * off + 0.3 * on), (float) off}, t[0], 1e-7f);
        assertArrayEquals(new float[] {(float) off, (float) off, (float) on}, t[1], 1e-7f, "the middle sample mixes with itself");
        for (float[] row : t) {
            double sum = 0;
            for (float v : row) {
                sum += v;
            }
            assertEquals(1.0, sum, 1e-6);
        }
        assertArrayEquals(new float[] {1, 0}, Mixup.targets(new int[] {0, 1}, 2, 1.0, 0)[0], 0f, "lambda 1, no smoothing: one-hot");
    }

    @Test
    void betaSamplesHaveTheRightMean() {
        Random random = new Random(7);
        double sum = 0;
        double sumSquares = 0;
        int n = 20000;
        for (int i = 0; i < n; i++) {
            double b = Mixup.Beta.sample(random, 0.8);
            assertTrue(b >= 0 && b <= 1);
            sum += b;
            sumSquares += b * b;
        }
        double mean = sum / n;
        assertEquals(0.5, mean, 0.01);
        // Beta(a, a) variance: 1 / (4 (2a + 1)) = 0.0962 for a = 0.8
        assertEquals(1 / (4 * (2 * 0.8 + 1)), sumSquares / n - mean * mean, 0.005);
    }

    @Test
    void cutmixLambdaIsCorrectedToTheBoxArea() {
        Mixup cutmixOnly = new Mixup(0, 1.0, null, 1.0, 0.5, 0, 2, new Random(1));
        for (int i = 0; i < 50; i++) {
            Mixup.Draw d = cutmixOnly.draw(20, 30);
            int[] b = d.box();
            assertTrue(b[0] >= 0 && b[1] <= 20 && b[2] >= 0 && b[3] <= 30 && b[0] <= b[1] && b[2] <= b[3]);
            assertEquals(1 - (double) (b[1] - b[0]) * (b[3] - b[2]) / 600, d.lambda(), 1e-12);
        }
        Mixup minmax = new Mixup(0, 0, new double[] {0.2, 0.5}, 1.0, 0.5, 0, 2, new Random(2));
        for (int i = 0; i < 50; i++) {
            int[] b = minmax.draw(20, 30).box();
            assertTrue(b[1] - b[0] >= 4 && b[1] - b[0] < 10 && b[3] - b[2] >= 6 && b[3] - b[2] < 15);
        }
        Mixup off = new Mixup(0.8, 1.0, null, 0.0, 0.5, 0, 2, new Random(3));
        assertEquals(1.0, off.draw(20, 30).lambda());
        assertNull(off.draw(20, 30).box());
    }

    @Test
    void everyViewOfASampleGetsTheSameBox() {
        try (NDManager manager = Engines.pytorch(0).newBaseManager()) {
            // sample 0 all zeros, sample 1 all ones: the pasted box shows where the other sample went
            NDArray images = manager.zeros(new Shape(2, 3, 3, 8, 8));
            images.set(new ai.djl.ndarray.index.NDIndex("1"), 1f);
            Mixup cutmix = new Mixup(0, 1.0, new double[] {0.25, 0.75}, 1.0, 0.5, 0, 2, new Random(4));
            NDList out = cutmix.apply(images, new int[] {0, 1});
            NDArray mixed = out.get(0);
            NDArray firstView = mixed.get("0,0,0");
            for (int v = 1; v < 3; v++) {
                assertEquals(firstView, mixed.get("0," + v + ",0"));
            }
            float pasted = mixed.get(0).sum().getFloat() / 9; // per view and channel
            float lambda = out.get(1).getFloat(0, 0);
            assertEquals(1 - pasted / 64, lambda, 1e-6);
            assertTrue(pasted > 0);
        }
    }
}
