package dev.cvt.runtime.melgen;

import java.util.Arrays;

/**
 * The times of a signal's samples, in seconds. Sensor streams carry a stamp per sample; audio runs at
 * a fixed rate, where an array of its times would take as much memory as its samples (an hour at
 * 22,050 Hz: 635 MB) only to say {@code i / rate}.
 */
public sealed interface TimeAxis {
    int length();

    /** The time of sample {@code i}. */
    double at(int i);

    /** Samples {@code from} (inclusive) to {@code to} (exclusive). */
    TimeAxis slice(int from, int to);

    /** The axis run on to {@code length} samples (a recording padded to one window). */
    TimeAxis extended(int length);

    /** Every sample's time; the array a stamped axis holds (not to be changed), a new one for an even axis. */
    double[] seconds();

    /** A time per sample, as recorded or as a grid made them. */
    record Stamped(double[] seconds) implements TimeAxis {
        @Override
        public int length() {
            return seconds.length;
        }

        @Override
        public double at(int i) {
            return seconds[i];
        }

        @Override
        public TimeAxis slice(int from, int to) {
            return new Stamped(Arrays.copyOfRange(seconds, from, to));
        }

        /** On at the samples' mean step. */
        @Override
        public TimeAxis extended(int length) {
            double step = seconds.length > 1 ? (seconds[seconds.length - 1] - seconds[0]) / (seconds.length - 1) : 0;
            double[] time = Arrays.copyOf(seconds, length);
            for (int i = seconds.length; i < length; i++) {
                time[i] = seconds[0] + i * step;
            }
            return new Stamped(time);
        }
    }

    /** Sample {@code i} at {@code (first + i) / rate}: a recording at a fixed rate from its sample {@code first} on. */
    record Even(double rate, int first, int length) implements TimeAxis {
        @Override
        public double at(int i) {
            return (first + i) / rate;
        }

        @Override
        public TimeAxis slice(int from, int to) {
            return new Even(rate, first + from, to - from);
        }

        @Override
        public TimeAxis extended(int length) {
            return new Even(rate, first, length);
        }

        @Override
        public double[] seconds() {
            double[] time = new double[length];
            for (int i = 0; i < length; i++) {
                time[i] = at(i);
            }
            return time;
        }
    }
}
