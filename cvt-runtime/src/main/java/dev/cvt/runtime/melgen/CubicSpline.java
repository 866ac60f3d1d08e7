package dev.cvt.runtime.melgen;

/**
 * The interpolating cubic spline with not-a-knot end conditions over the sample index
 * {@code x = 0..n-1}: what scipy's {@code interp1d(x, y, kind='cubic')} evaluates (it builds
 * {@code make_interp_spline(x, y, k=3)}, whose default end conditions are not-a-knot). The spline
 * through given points with these conditions is unique, so solving for it directly in double gives
 * scipy's values to rounding.
 */
final class CubicSpline {
    private final double[] y;
    /** Second derivatives at the knots. */
    private final double[] m;

    CubicSpline(double[] y) {
        if (y.length < 4) {
            throw new IllegalArgumentException("a cubic spline needs at least 4 points, got " + y.length);
        }
        this.y = y;
        this.m = secondDerivatives(y);
    }

    /**
     * Unit spacing: {@code m[i-1] + 4 m[i] + m[i+1] = 6 (y[i+1] - 2 y[i] + y[i-1])} inside, and
     * not-a-knot ({@code m[0] - 2 m[1] + m[2] = 0}, the same at the end) makes the third derivative
     * continuous at the second and second-to-last knots. Substituting the end conditions into the
     * first and last equations gives {@code m[1]} and {@code m[n-2]} directly; the rest is a
     * tridiagonal system solved by the Thomas algorithm.
     */
    private static double[] secondDerivatives(double[] y) {
        int n = y.length;
        double[] r = new double[n];
        for (int i = 1; i < n - 1; i++) {
            r[i] = 6 * (y[i + 1] - 2 * y[i] + y[i - 1]);
        }
        double[] m = new double[n];
        m[1] = r[1] / 6;
        m[n - 2] = r[n - 2] / 6;
        int unknowns = n - 4; // m[2] .. m[n-3]
        if (unknowns > 0) {
            double[] c = new double[unknowns];
            double[] d = new double[unknowns];
            for (int j = 0; j < unknowns; j++) {
                int i = j + 2;
                double rhs = r[i] - (j == 0 ? m[1] : 0) - (j == unknowns - 1 ? m[n - 2] : 0);
                double denominator = 4 - (j == 0 ? 0 : c[j - 1]);
                c[j] = 1 / denominator;
                d[j] = (rhs - (j == 0 ? 0 : d[j - 1])) / denominator;
            }
            for (int j = unknowns - 1; j >= 0; j--) {
                m[j + 2] = d[j] - (j == unknowns - 1 ? 0 : c[j] * m[j + 3]);
            }
        }
        m[0] = 2 * m[1] - m[2];
        m[n - 1] = 2 * m[n - 2] - m[n - 3];
        return m;
    }

    /** The spline's value at {@code x} in {@code [0, n-1]}. */
    double at(double x) {
        int j = Math.min(Math.max((int) Math.floor(x), 0), y.length - 2);
        double t = x - j;
        double u = 1 - t;
        return u * y[j] + t * y[j + 1] + ((u * u * u - u) * m[j] + (t * t * t - t) * m[j + 1]) / 6;
    }

    /** {@code count} values at {@code numpy.linspace(0, n-1, count)}. */
    double[] resample(int count) {
        double[] x = linspace(0, y.length - 1, count);
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = at(x[i]);
        }
        return out;
    }

    /** numpy.linspace(start, stop, count): {@code start + i * step}, the last point exactly {@code stop}. */
    static double[] linspace(double start, double stop, int count) {
        double[] x = new double[count];
        double step = count > 1 ? (stop - start) / (count - 1) : 0;
        for (int i = 0; i < count; i++) {
            x[i] = i * step + start;
        }
        if (count > 1) {
            x[count - 1] = stop;
        }
        return x;
    }
}
