package dev.cvt.runtime.melgen;

/**
 * A multi-channel recording on a common time axis: {@code time[i]} in seconds from the recording's
 * first sample, {@code channels[view][i]} the values. One channel becomes one view of a sample.
 */
public record Signal(double[] time, double[][] channels) {
    public int length() {
        return time.length;
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
            out[c] = java.util.Arrays.copyOfRange(channels[c], from, to);
        }
        return new Signal(java.util.Arrays.copyOfRange(time, from, to), out);
    }
}
