package dev.cvt.runtime.melgen;

/** Linear interpolation as {@code numpy.interp} computes it. */
final class Interpolation {
    private Interpolation() {
    }

    /**
     * {@code numpy.interp(grid, x[from:to], y[from:to])} for increasing {@code grid} inside the
     * increasing {@code x[from:to]} (at least two points).
     */
    static double[] onGrid(double[] x, double[] y, int from, int to, double[] grid) {
        double[] out = new double[grid.length];
        int j = from;
        for (int i = 0; i < grid.length; i++) {
            double g = grid[i];
            while (j < to - 2 && x[j + 1] <= g) {
                j++;
            }
            out[i] = between(x[j], y[j], x[j + 1], y[j + 1], g);
        }
        return out;
    }

    private static double between(double x0, double y0, double x1, double y1, double x) {
        if (x == x1) {
            return y1;
        }
        if (x1 == x0) {
            return y0;
        }
        double slope = (y1 - y0) / (x1 - x0);
        return slope * (x - x0) + y0;
    }
}
