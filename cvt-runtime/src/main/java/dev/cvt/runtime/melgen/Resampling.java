package dev.cvt.runtime.melgen;

import be.tarsos.dsp.resample.Resampler;
import java.util.Arrays;

/**
 * A uniformly sampled stream at another rate, band-limited: TarsosDSP's port of libresample
 * (a Kaiser-windowed sinc filter that, when the rate goes down, also low-passes below the new
 * Nyquist frequency, so a tone above it does not fold back as a false low tone).
 *
 * <p>Output sample {@code k} lies at input position {@code k / factor} (no delay), and a stream of
 * {@code n} samples gives {@code ceil(n * factor)}, as librosa's {@code resample} counts. The filter
 * reaches past both ends of the stream, where the resampler reads zeros: a step wherever a sensor
 * has an offset (gravity), which would ring for the filter's length. So the straight line through
 * the first and last sample is taken out before and added back after (a line passes the filter
 * unchanged), and the stream, now zero at both ends, is continued past them by its point reflection
 * (as scipy's {@code filtfilt} pads), which keeps its slope too. The reflection before the start
 * is only added when its length times the factor is a whole number of output samples, so that
 * the output grid stays on the stream's own (rates in simple ratios: 48 kHz to 16 kHz, 25 Hz to
 * 12.5 Hz); otherwise the stream starts at zero with a bend in its slope.
 */
final class Resampling {
    /** libresample's range of rate factors. */
    static final double MIN_FACTOR = 1.0 / 256;
    static final double MAX_FACTOR = 256;

    private Resampling() {
    }

    /** {@code x} at {@code factor} times its rate (0.5: half the samples). */
    static double[] resample(double[] x, double factor) {
        if (!(factor >= MIN_FACTOR && factor <= MAX_FACTOR)) {
            throw new IllegalArgumentException("rate factor " + factor + " outside [1/256, 256]");
        }
        int outLength = (int) Math.ceil(x.length * factor);
        if (factor == 1.0) {
            return x.clone();
        }
        if (x.length < 2) {
            double[] constant = new double[outLength];
            Arrays.fill(constant, x.length == 1 ? x[0] : 0.0);
            return constant;
        }
        double slope = (x[x.length - 1] - x[0]) / (x.length - 1);
        Resampler resampler = new Resampler(true, factor, factor);
        int reach = resampler.getFilterWidth() + 1;
        int before = alignedPadding(factor, reach);
        int after = reach;
        float[] in = new float[before + x.length + after];
        for (int i = 0; i < x.length; i++) {
            in[before + i] = (float) (x[i] - (x[0] + slope * i));
        }
        for (int i = 1; i <= Math.min(before, x.length - 1); i++) {
            in[before - i] = -in[before + i];
        }
        int end = before + x.length - 1;
        for (int i = 1; i <= Math.min(after, x.length - 1); i++) {
            in[end + i] = -in[end - i];
        }
        int skip = (int) Math.round(before * factor);
        float[] out = new float[(int) Math.ceil(in.length * factor) + 2];
        Resampler.Result result = resampler.process(factor, in, 0, in.length, true, out, 0, out.length);
        if (result.outputSamplesGenerated < skip + outLength) {
            throw new IllegalStateException("resampler gave " + result.outputSamplesGenerated + " of " + (skip + outLength) + " samples");
        }
        double[] y = new double[outLength];
        for (int k = 0; k < outLength; k++) {
            y[k] = out[skip + k] + x[0] + slope * (k / factor);
        }
        return y;
    }

    /** The least padding of at least {@code reach} input samples that is a whole number of output samples; 0 if none is near. */
    private static int alignedPadding(double factor, int reach) {
        for (int p = reach; p < reach + 100_000; p++) {
            double outputs = p * factor;
            if (Math.abs(outputs - Math.rint(outputs)) < 1e-9 * Math.max(1, outputs)) {
                return p;
            }
        }
        return 0;
    }
}
