package dev.cvt.runtime.melgen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Recipe steps after reading: filter, trim, resample, then cut windows. */
final class Windowing {
    private Windowing() {
    }

    /**
     * A window of a recording: samples {@code [from, from + length)} of each of its channels (one per view),
     * read in place, and where it starts in the recording. A copy per window was as much memory again as
     * the recording, allocated only to be converted once more.
     */
    record Window(double[][] channels, int from, int length, int index, double startSeconds) {
        int views() {
            return channels.length;
        }
    }

    /**
     * The windows of one recording. Resampling may split the signal into chunks (linear_segments:
     * one chunk per time segment); windows never cross a chunk boundary.
     */
    static List<Window> windows(Signal read, Recipe recipe, String source) {
        // the whole recording at once, so the filter's state runs on from one window into the next
        Signal signal = recipe.filter().apply(read, source);
        if (recipe.trim() >= signal.length()) {
            throw new InputException(source + ": TRIM " + recipe.trim() + " drops all " + signal.length() + " samples");
        }
        Signal trimmed = signal.slice(recipe.trim(), signal.length());
        List<Signal> chunks = switch (recipe.resample()) {
            case "none" -> List.of(trimmed);
            case "cubic" -> List.of(cubic(trimmed, recipe.resampleFactor(), recipe.antiAlias(), source));
            case "linear_segments" -> LinearSegments.resample(trimmed, recipe.segmentSeconds(), recipe.segmentPoints());
            default -> throw new IllegalStateException(recipe.resample());
        };
        int stride = recipe.stride() > 0 ? recipe.stride() : recipe.window();
        List<Window> windows = new ArrayList<>();
        for (Signal part : chunks) {
            Signal chunk = recipe.pad() && part.length() < recipe.window() ? padded(part, recipe.window()) : part;
            for (int start = 0; start + recipe.window() <= chunk.length(); start += stride) {
                windows.add(new Window(chunk.channels(), start, recipe.windowLength(), windows.size(), chunk.time().at(start)));
            }
        }
        if (windows.isEmpty()) {
            int longest = chunks.stream().mapToInt(Signal::length).max().orElse(0);
            throw new InputException(source + ": " + longest + " samples after preprocessing, fewer than one window of "
                    + recipe.window() + " (PAD: true fills a short recording up to one window with zeros)");
        }
        return windows;
    }

    /**
     * A short recording (a spoken word) filled up with zeros at its end to one window, as
     * {@code librosa.util.fix_length} does; its time axis runs on past its end ({@link TimeAxis#extended}).
     */
    private static Signal padded(Signal signal, int length) {
        double[][] channels = new double[signal.views()][];
        for (int c = 0; c < channels.length; c++) {
            channels[c] = Arrays.copyOf(signal.channels()[c], length);
        }
        return new Signal(signal.time().extended(length), channels);
    }

    /**
     * floor(len * factor) points of the not-a-knot cubic spline through the samples, over the same span.
     * With {@code antiAlias} and a factor below 1 the points are the same, but their values come from
     * {@link Resampling} instead: a spline only connects the samples, so taking every other point of it
     * keeps tones above the new Nyquist frequency, folded down to false low ones. Resampling at
     * {@code (count - 1) / (len - 1)}, the points' own spacing, puts its {@code count} outputs exactly on
     * the spline's points (output k at {@code k / spacing} samples from the first, the last on the last),
     * low-passed below the rate they stand for.
     */
    private static Signal cubic(Signal signal, double factor, boolean antiAlias, String source) {
        if (signal.length() < 4) {
            throw new InputException(source + ": cubic resampling needs at least 4 samples, the recording has "
                    + signal.length());
        }
        int count = (int) Math.floor(signal.length() * factor);
        boolean lowPass = antiAlias && factor < 1;
        double spacing = (count - 1) / (double) (signal.length() - 1);
        if (lowPass && spacing < Resampling.MIN_FACTOR) {
            throw new InputException(source + ": RESAMPLE_FACTOR " + factor + " leaves " + count + " of " + signal.length()
                    + " samples, fewer than 1/256 of them: beyond the range of ANTI_ALIAS's resampler; resample less, "
                    + "or set ANTI_ALIAS false");
        }
        double[][] channels = new double[signal.views()][];
        for (int c = 0; c < channels.length; c++) {
            channels[c] = lowPass ? Resampling.resample(signal.channels()[c], spacing)
                    : new CubicSpline(signal.channels()[c]).resample(count);
        }
        // the time axis is (nearly) uniform for these streams, so it is mapped linearly
        double[] time = CubicSpline.linspace(signal.time().at(0), signal.time().at(signal.length() - 1), count);
        return new Signal(time, channels);
    }
}
