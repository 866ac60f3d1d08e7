package dev.cvt.runtime.melgen;

import be.tarsos.dsp.AudioEvent;
import be.tarsos.dsp.filters.BandPass;
import be.tarsos.dsp.filters.HighPass;
import be.tarsos.dsp.filters.IIRFilter;
import be.tarsos.dsp.filters.LowPassSP;
import be.tarsos.dsp.io.TarsosDSPAudioFormat;
import java.util.List;
import java.util.Locale;

/**
 * The recipe's {@code FILTER}: one of TarsosDSP's IIR filters run over each channel of a whole recording
 * in one pass, so its state carries from one window into the next as it would on a live stream.
 * {@code highpass} and {@code lowpass} are single-pole filters (6 dB per octave) at {@code cutoffs[0]};
 * {@code bandpass} is TarsosDSP's two-pole resonator at the band's centre with the band's width.
 *
 * @param type    one of {@link #TYPES}
 * @param cutoffs Hz: one for highpass and lowpass, {@code [low, high]} for bandpass, none for none
 * @param key     the {@code FILTER.CUTOFF} key path and where it was set, for the checks that need the
 *                recording's rate (known once it is read)
 */
public record SignalFilter(String type, List<Double> cutoffs, String key) {
    public static final List<String> TYPES = List.of("none", "highpass", "lowpass", "bandpass");
    public static final SignalFilter NONE = new SignalFilter("none", List.of(), "FILTER");

    /**
     * The recording filtered at its mean rate (samples taken as evenly spaced, as a filter sees a stream):
     * SAMPLE_RATE for streams without timestamps, the grid's rate for fused files.
     */
    Signal apply(Signal signal, String source) {
        if ("none".equals(type)) {
            return signal;
        }
        TimeAxis time = signal.time();
        double rate = (time.length() - 1) / (time.at(time.length() - 1) - time.at(0));
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw new InputException(source + ": FILTER needs the recording's rate, but its " + time.length()
                    + " sample(s) span no time");
        }
        double nyquist = rate / 2;
        double high = cutoffs.get(cutoffs.size() - 1);
        if (high >= nyquist) {
            throw new InputException(String.format(Locale.ROOT, "%s: %s is %s Hz, not below %s Hz, half the recording's rate "
                    + "of %s Hz: a filter cannot reach past it", source, key, cutoffs, Hz.format(nyquist), Hz.format(rate)));
        }
        if ("bandpass".equals(type) && cutoffs.get(1) - cutoffs.get(0) >= rate / 3) {
            // TarsosDSP's resonator puts its poles at radius 1 - 3 * width / rate: a wider band leaves no filter
            throw new InputException(String.format(Locale.ROOT, "%s: %s is %s Hz, a band %s Hz wide; TarsosDSP's band-pass "
                    + "needs a band narrower than a third of the recording's rate (%s Hz)", source, key, cutoffs,
                    Hz.format(cutoffs.get(1) - cutoffs.get(0)), Hz.format(rate / 3)));
        }
        double[][] out = new double[signal.views()][];
        for (int c = 0; c < out.length; c++) {
            out[c] = filter(signal.channels()[c], rate);
        }
        return new Signal(time, out);
    }

    /**
     * One channel through a fresh filter. The filter starts at rest (zeros), so the first sample is taken
     * out first and the channel starts at 0: as if the recording had stood at its first value forever,
     * without the step from nothing to, say, gravity, which would ring through the first seconds. The
     * first value goes back in times the filter's gain at 0 Hz (1 for low-pass, 0 for high- and band-pass).
     * TarsosDSP filters float samples; taking out the offset also keeps the small motion on a large
     * offset in float's precision.
     */
    private double[] filter(double[] x, double rate) {
        IIRFilter filter = switch (type) {
            case "highpass" -> new HighPass(cutoffs.get(0).floatValue(), (float) rate);
            case "lowpass" -> new LowPassSP(cutoffs.get(0).floatValue(), (float) rate);
            case "bandpass" -> new BandPass((float) ((cutoffs.get(0) + cutoffs.get(1)) / 2),
                    (float) (cutoffs.get(1) - cutoffs.get(0)), (float) rate);
            default -> throw new IllegalStateException(type);
        };
        double first = x[0];
        float[] buffer = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            buffer[i] = (float) (x[i] - first);
        }
        AudioEvent event = new AudioEvent(new TarsosDSPAudioFormat((float) rate, 16, 1, true, false));
        event.setFloatBuffer(buffer);
        filter.process(event);
        double dc = "lowpass".equals(type) ? first : 0;
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = buffer[i] + dc;
        }
        return y;
    }
}
