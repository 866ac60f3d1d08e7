package dev.cvt.runtime.melgen;

/** Linear interpolation as numpy.interp computes it between two known points. */
final class Interpolation {
    private Interpolation() {
    }

    static double linear(double x0, double y0, double x1, double y1, double x) {
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
