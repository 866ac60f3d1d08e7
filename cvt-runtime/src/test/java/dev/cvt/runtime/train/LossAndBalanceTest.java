package dev.cvt.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.cvt.runtime.model.Engines;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LossAndBalanceTest {
    @Test
    void softTargetLossIsTheCrossEntropyOfTheTargets() {
        Engines.pytorch(1);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] logits = {2f, 0f, -1f, 0.5f, 0.5f, 3f};
            // smoothing 0.1 over 3 classes: 0.0333 off, 0.9333 on
            float[][] t = Mixup.targets(new int[] {0, 2}, 3, 1.0, 0.1);
            NDArray targets = m.create(new float[] {t[0][0], t[0][1], t[0][2], t[1][0], t[1][1], t[1][2]}, new Shape(2, 3));
            double expected = 0;
            double[] perSample = new double[2];
            for (int i = 0; i < 2; i++) {
                double max = Math.max(logits[3 * i], Math.max(logits[3 * i + 1], logits[3 * i + 2]));
                double z = 0;
                for (int c = 0; c < 3; c++) {
                    z += Math.exp(logits[3 * i + c] - max);
                }
                for (int c = 0; c < 3; c++) {
                    perSample[i] -= t[i][c] * (logits[3 * i + c] - max - Math.log(z));
                }
                expected += perSample[i] / 2;
            }
            NDArray x = m.create(logits, new Shape(2, 3));
            assertEquals(expected, SoftTargetLoss.of(x, targets, null).getFloat(), 1e-6);
            // class weights 1, 1, 3: sample 1's weight is Σ t·w = 0.0333 + 0.0333 + 3·0.9333
            float[] w = {1f, 1f, 3f};
            double w0 = t[0][0] * w[0] + t[0][1] * w[1] + t[0][2] * w[2];
            double w1 = t[1][0] * w[0] + t[1][1] * w[1] + t[1][2] * w[2];
            double weighted = (perSample[0] * w0 + perSample[1] * w1) / (w0 + w1);
            assertEquals(weighted, SoftTargetLoss.of(x, targets, m.create(w)).getFloat(), 1e-6);
        }
    }

    @Test
    void balancedWeightsAndSampling() {
        int[] labels = new int[100];
        for (int i = 95; i < 100; i++) {
            labels[i] = 1; // 95 % class 0, as the original data
        }
        assertArrayEquals(new float[] {100f / (2 * 95), 100f / (2 * 5)}, ClassBalance.weights(labels, 2), 1e-6f);
        int minority = 0;
        for (int epoch = 0; epoch < 20; epoch++) {
            for (int i : ClassBalance.balancedOrder(labels, 2, new Random(epoch))) {
                minority += labels[i];
            }
        }
        // 2000 draws at p = 0.5: 1000 ± 22 (one standard deviation)
        assertTrue(Math.abs(minority - 1000) < 110, "minority draws " + minority);
        int[] order = ClassBalance.shuffled(50, new Random(3));
        assertEquals(50, java.util.Arrays.stream(order).distinct().count());
    }
}
