package dev.cvt.runtime.melgen;

import java.util.Arrays;

/**
 * A multi-channel recording on a common time axis: sample {@code i} at {@code time.at(i)} seconds from
 * the recording's first sample, {@code channels[view][i]} the values. One channel becomes one view of a sample.
 */
public record Signal(TimeAxis time, double[][] channels) {
    /** A signal with a time stamp per sample. */
    public Signal(double[] time, double[][] channels) {
        this(new TimeAxis.Stamped(time), channels);
    }

    public int length() {
        return time.length();
    }

    public int views() {
        return channels.length;
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive) of every channel; the whole signal is itself (no copy). */
    public Signal slice(int from, int to) {
        if (from == 0 && to == length()) {
            return this;
        }
        double[][] out = new double[channels.length][];
        for (int c = 0; c < channels.length; c++) {
            out[c] = Arrays.copyOfRange(channels[c], from, to);
        }
        return new Signal(time.slice(from, to), out);
    }
}
