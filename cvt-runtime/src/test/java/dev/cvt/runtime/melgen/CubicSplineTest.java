package dev.cvt.runtime.melgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CubicSplineTest {
    @Test
    void reproducesCubicPolynomialsExactly() {
        // a not-a-knot spline through samples of a cubic is that cubic
        for (int n : new int[] {4, 5, 6, 11, 50}) {
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = cubic(i);
            }
            CubicSpline spline = new CubicSpline(y);
            for (double x = 0; x <= n - 1; x += 0.137) {
                assertEquals(cubic(x), spline.at(x), 1e-9 * Math.max(1, Math.abs(cubic(x))), "n=" + n + " x=" + x);
            }
        }
    }

    private static double cubic(double x) {
        return 0.5 * x * x * x - 3 * x * x + 2 * x - 7;
    }

    @Test
    void passesThroughTheSamples() {
        double[] y = {3, 1, 4, 1, 5, 9, 2, 6};
        CubicSpline spline = new CubicSpline(y);
        for (int i = 0; i < y.length; i++) {
            assertEquals(y[i], spline.at(i), 1e-12);
        }
    }

    @Test
    void matchesScipyInterp1dCubic() {
        // scipy.interpolate.interp1d(np.arange(8), y, kind='cubic')(np.linspace(0, 7, 20)), scipy 1.10.1
        double[] y = {3, 1, 4, 1, 5, 9, 2, 6};
        double[] expected = ScipyReference.CUBIC_3141592_AT_20;
        assertArrayEquals(expected, new CubicSpline(y).resample(20), 1e-9);
    }

    @Test
    void needsFourPoints() {
        assertThrows(IllegalArgumentException.class, () -> new CubicSpline(new double[] {1, 2, 3}));
    }

    @Test
    void linspaceLikeNumpy() {
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, CubicSpline.linspace(0, 1, 5), 0);
        assertEquals(7.0, CubicSpline.linspace(0, 7, 13)[12], 0);
    }
}
