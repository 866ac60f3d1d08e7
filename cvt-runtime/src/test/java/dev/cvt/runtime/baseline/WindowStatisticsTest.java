package dev.cvt.runtime.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class WindowStatisticsTest {
    @Test
    void fiveStatisticsPerChannelInOrder() {
        // channel 0: 1, 3, 2, 6 -> mean 3, variance (4 + 0 + 1 + 9) / 4 = 3.5, min 1, max 6, steps 2 + 1 + 4 = 7 over 3
        // channel 1: constant -2 -> no spread, no motion
        float[] window = {1, 3, 2, 6, -2, -2, -2, -2};
        assertArrayEquals(new double[] {3, Math.sqrt(3.5), 1, 6, 7.0 / 3, -2, 0, -2, -2, 0}, WindowStatistics.of(window, 2, 4), 1e-12);
        assertEquals(List.of("c0.mean", "c0.std", "c0.min", "c0.max", "c0.mean_abs_diff",
                "c1.mean", "c1.std", "c1.min", "c1.max", "c1.mean_abs_diff"), WindowStatistics.names(2));
    }

    @Test
    void aSingleSampleHasNoMotion() {
        assertArrayEquals(new double[] {4, 0, 4, 4, 0}, WindowStatistics.of(new float[] {4}, 1, 1));
    }

    @Test
    void theShapeMustMatchTheValues() {
        assertThrows(IllegalArgumentException.class, () -> WindowStatistics.of(new float[5], 2, 3));
    }
}
