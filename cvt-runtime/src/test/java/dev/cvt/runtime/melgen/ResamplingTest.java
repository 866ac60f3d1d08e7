package dev.cvt.runtime.melgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResamplingTest {
    /** {@code amplitude * sin(2 pi f t) + offset} at {@code rate} Hz for {@code n} samples. */
    private static double[] tone(double f, double rate, int n, double amplitude, double offset) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = offset + amplitude * Math.sin(2 * Math.PI * f * i / rate);
        }
        return x;
    }

    private static double peak(double[] y, int from, int to) {
        double peak = 0;
        for (int i = from; i < to; i++) {
            peak = Math.max(peak, Math.abs(y[i]));
        }
        return peak;
    }

    @Test
    void keepsATonBelowTheNewNyquistFrequencyInPlace() {
        // 1 Hz on a 25 Hz stream, to 12.5 Hz: same tone, same phase (no delay), ceil(n * factor) samples
        double[] x = tone(1, 25, 501, 1, 0);
        double[] y = Resampling.resample(x, 0.5);
        assertEquals(251, y.length);
        double worst = 0;
        for (int k = 0; k < y.length; k++) {
            worst = Math.max(worst, Math.abs(y[k] - Math.sin(2 * Math.PI * k / 12.5)));
        }
        assertTrue(worst < 2e-3, "largest difference " + worst);
    }

    @Test
    void attenuatesAToneAboveTheNewNyquistFrequency() {
        // 10 Hz on a 25 Hz stream is above 6.25 Hz, the Nyquist frequency of 12.5 Hz; plain
        // interpolation would fold it back to 2.5 Hz at full amplitude
        double[] y = Resampling.resample(tone(10, 25, 2000, 1, 0), 0.5);
        assertTrue(peak(y, 20, y.length - 20) < 1e-3, "aliased tone left at " + peak(y, 20, y.length - 20));
    }

    @Test
    void anOffsetDoesNotRingAtTheEnds() {
        // a sensor at rest under gravity (16384 counts) with a small motion: the ends stay near the signal
        double[] x = tone(0.5, 25, 400, 100, 16384);
        double[] y = Resampling.resample(x, 0.5);
        for (int k = 0; k < y.length; k++) {
            double expected = 16384 + 100 * Math.sin(2 * Math.PI * 0.5 * k / 12.5);
            assertEquals(expected, y[k], 2.0, "sample " + k);
        }
    }

    @Test
    void upsamplingInterpolatesTheBandLimitedSignal() {
        double[] y = Resampling.resample(tone(2, 50, 300, 1, 3), 2.0);
        assertEquals(600, y.length);
        for (int k = 40; k < y.length - 40; k++) {
            assertEquals(3 + Math.sin(2 * Math.PI * 2 * k / 100.0), y[k], 1e-3, "sample " + k);
        }
    }

    @Test
    void factorOneAndShortStreams() {
        double[] x = {1, 2, 3};
        assertArrayEquals(x, Resampling.resample(x, 1.0));
        assertArrayEquals(new double[] {7, 7}, Resampling.resample(new double[] {7}, 2.0));
        assertThrows(IllegalArgumentException.class, () -> Resampling.resample(x, 1000));
    }
}
