package dev.cvt.runtime.melgen;

import java.util.ArrayList;
import java.util.List;

/**
 * The original I/Q recipe: cut the recording into segments of fixed duration from its first sample,
 * and linearly interpolate each segment to a fixed number of points between its first and last
 * sample ({@code numpy.interp} over {@code numpy.linspace(t_first, t_last, points)}). Segments with
 * fewer than two samples carry no shape and are skipped.
 */
final class LinearSegments {
    private LinearSegments() {
    }

    static List<Signal> resample(Signal signal, double segmentSeconds, int points) {
        double[] t = signal.time().seconds();
        double origin = t[0];
        List<Signal> segments = new ArrayList<>();
        int start = 0;
        while (start < t.length) {
            long segment = (long) Math.floor((t[start] - origin) / segmentSeconds);
            double end = origin + (segment + 1) * segmentSeconds;
            int stop = start;
            while (stop < t.length && t[stop] < end) {
                stop++;
            }
            if (stop - start >= 2) {
                segments.add(interpolate(signal, t, start, stop, points));
            }
            start = stop;
        }
        return segments;
    }

    /** Samples {@code from} to {@code to} of the signal (at times {@code t}) on {@code points} even steps. */
    private static Signal interpolate(Signal signal, double[] t, int from, int to, int points) {
        double[] grid = CubicSpline.linspace(t[from], t[to - 1], points);
        double[][] channels = new double[signal.views()][];
        for (int c = 0; c < channels.length; c++) {
            channels[c] = Interpolation.onGrid(t, signal.channels()[c], from, to, grid);
        }
        return new Signal(grid, channels);
    }
}
