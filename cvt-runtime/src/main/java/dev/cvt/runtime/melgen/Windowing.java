package dev.cvt.runtime.melgen;

import java.util.ArrayList;
import java.util.List;

/** Recipe steps after reading: trim, resample, then cut windows. */
final class Windowing {
    private Windowing() {
    }

    /** A window of a recording: its views and where it starts in the recording. */
    record Window(double[][] views, int index, double startSeconds) {
    }

    /**
     * The windows of one recording. Resampling may split the signal into chunks (linear_segments:
     * one chunk per time segment); windows never cross a chunk boundary.
     */
    static List<Window> windows(Signal signal, Recipe recipe, String source) {
        if (recipe.trim() >= signal.length()) {
            throw new InputException(source + ": TRIM " + recipe.trim() + " drops all " + signal.length() + " samples");
        }
        Signal trimmed = signal.slice(recipe.trim(), signal.length());
        List<Signal> chunks = switch (recipe.resample()) {
            case "none" -> List.of(trimmed);
            case "cubic" -> List.of(cubic(trimmed, recipe.resampleFactor(), source));
            case "linear_segments" -> LinearSegments.resample(trimmed, recipe.segmentSeconds(), recipe.segmentPoints());
            default -> throw new IllegalStateException(recipe.resample());
        };
        int stride = recipe.stride() > 0 ? recipe.stride() : recipe.window();
        List<Window> windows = new ArrayList<>();
        for (Signal chunk : chunks) {
            for (int start = 0; start + recipe.window() <= chunk.length(); start += stride) {
                double[][] views = new double[chunk.views()][];
                for (int v = 0; v < views.length; v++) {
                    views[v] = java.util.Arrays.copyOfRange(chunk.channels()[v], start, start + recipe.windowLength());
                }
                windows.add(new Window(views, windows.size(), chunk.time()[start]));
            }
        }
        if (windows.isEmpty()) {
            int longest = chunks.stream().mapToInt(Signal::length).max().orElse(0);
            throw new InputException(source + ": " + longest + " samples after preprocessing, fewer than one window of "
                    + recipe.window());
        }
        return windows;
    }

    /** floor(len * factor) points of the not-a-knot cubic spline through the samples, over the same span. */
    private static Signal cubic(Signal signal, double factor, String source) {
        if (signal.length() < 4) {
            throw new InputException(source + ": cubic resampling needs at least 4 samples, the recording has "
                    + signal.length());
        }
        int count = (int) Math.floor(signal.length() * factor);
        double[][] channels = new double[signal.views()][];
        for (int c = 0; c < channels.length; c++) {
            channels[c] = new CubicSpline(signal.channels()[c]).resample(count);
        }
        // the time axis is (nearly) uniform for these streams, so it is mapped linearly
        double[] time = CubicSpline.linspace(signal.time()[0], signal.time()[signal.length() - 1], count);
        return new Signal(time, channels);
    }
}
