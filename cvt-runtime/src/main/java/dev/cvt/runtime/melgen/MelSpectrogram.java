package dev.cvt.runtime.melgen;

import be.tarsos.dsp.util.fft.FloatFFT;
import java.util.OptionalDouble;

/**
 * A mel spectrogram in dB, computed exactly as librosa 0.11's
 * {@code power_to_db(feature.melspectrogram(y, sr, n_fft, hop_length, n_mels, fmin, fmax), ref=np.max)}
 * with its defaults: periodic Hann window, {@code center=True} with zero padding, power 2, Slaney mel
 * scale and Slaney area normalisation, amin 1e-10, {@code top_db}; or with a fixed power as
 * {@code ref} ({@code MELGEN.REF}), which keeps the absolute level that {@code ref=np.max} removes.
 *
 * <p>Short frames (the sensor recipes' n_fft 32) are transformed in double with a direct DFT over
 * precomputed twiddles. TarsosDSP's float32 FFT came within 0.0087 dB of this on the reference
 * recordings, 87 % of the 0.01 dB budget, because float32 loses the small bins next to the large DC
 * term of sensor signals (gravity, radio offsets); at that size a direct transform costs nothing.
 * Frames longer than {@value #DIRECT_MAX} samples (audio: n_fft 2048) go through TarsosDSP's FFT
 * ({@code FloatFFT}, JTransforms' real transform) in float32, as librosa transforms float32 audio;
 * audio has no such DC term, and a direct DFT would cost n_fft² per frame.
 * Immutable and thread-safe: one instance serves all workers.
 */
public final class MelSpectrogram {
    private static final double AMIN = 1e-10;
    /** The longest frame transformed directly in double. */
    static final int DIRECT_MAX = 64;

    private final int nFft;
    private final int hop;
    private final OptionalDouble ref;
    private final double topDb;
    private final double[] window;
    private final double[][] cos;
    private final double[][] sin;
    private final double[][] melWeights;
    /** Per mel band, the first and past-the-last FFT bin of non-zero weight: the sums skip the zeros. */
    private final int[] melFrom;
    private final int[] melTo;
    /** One FFT per worker thread: its plan is made once, its work arrays are its own. */
    private final ThreadLocal<FloatFFT> fft;

    /** The original's spectrogram: dB relative to each window's maximum ({@code ref=np.max}). */
    public MelSpectrogram(double sampleRate, int nFft, int hop, int nMels, double fmin, double fmax, double topDb) {
        this(sampleRate, nFft, hop, nMels, fmin, fmax, OptionalDouble.empty(), topDb);
    }

    /** @param ref the reference power of 0 dB; empty: each window's maximum */
    public MelSpectrogram(double sampleRate, int nFft, int hop, int nMels, double fmin, double fmax, OptionalDouble ref,
                          double topDb) {
        if (nFft < 2 || hop < 1 || nMels < 1 || sampleRate <= 0 || fmax <= fmin || fmin < 0) {
            throw new IllegalArgumentException("invalid mel parameters");
        }
        this.nFft = nFft;
        this.hop = hop;
        this.ref = ref;
        this.topDb = topDb;
        this.window = periodicHann(nFft);
        int bins = nFft / 2 + 1;
        boolean direct = nFft <= DIRECT_MAX || nFft % 2 != 0;
        cos = direct ? new double[bins][nFft] : null;
        sin = direct ? new double[bins][nFft] : null;
        fft = direct ? null : ThreadLocal.withInitial(() -> new FloatFFT(nFft));
        for (int k = 0; direct && k < bins; k++) {
            for (int n = 0; n < nFft; n++) {
                // reduce k*n mod nFft first so the angle stays small and exact
                double angle = 2 * Math.PI * ((long) k * n % nFft) / nFft;
                cos[k][n] = Math.cos(angle) * window[n];
                sin[k][n] = Math.sin(angle) * window[n];
            }
        }
        melWeights = slaneyMelFilters(sampleRate, nFft, nMels, fmin, fmax);
        melFrom = new int[nMels];
        melTo = new int[nMels];
        for (int m = 0; m < nMels; m++) {
            int from = 0;
            int to = bins;
            while (from < bins && melWeights[m][from] == 0) {
                from++;
            }
            while (to > from && melWeights[m][to - 1] == 0) {
                to--;
            }
            melFrom[m] = from;
            melTo[m] = to;
        }
    }

    /** Frames produced for a signal of {@code length} samples: {@code 1 + length / hop} (center=True). */
    public int frames(int length) {
        return 1 + length / hop;
    }

    public int mels() {
        return melWeights.length;
    }

    /** The dB spectrogram {@code [mel][frame]}, mel 0 the lowest band. */
    public double[][] decibels(double[] y) {
        return decibels(y, 0, y.length);
    }

    /** The dB spectrogram of {@code y[from, from + length)}: a window read in place from its recording. */
    public double[][] decibels(double[] y, int from, int length) {
        return powerToDb(melPower(y, from, length), ref, topDb);
    }

    /** The mel power spectrogram {@code [mel][frame]} before the dB conversion. */
    public double[][] melPower(double[] y) {
        return melPower(y, 0, y.length);
    }

    /** The mel power spectrogram of {@code y[from, from + length)}, zeros outside it (center=True padding). */
    private double[][] melPower(double[] y, int from, int length) {
        int frames = frames(length);
        double[][] mel = new double[melWeights.length][frames];
        double[] spectrum = new double[nFft / 2 + 1];
        float[] buffer = fft == null ? null : new float[nFft];
        for (int t = 0; t < frames; t++) {
            // centred frames: frame t covers y[t * hop - nFft / 2, ...), zeros outside the signal
            int start = t * hop - nFft / 2;
            if (buffer == null) {
                directPower(y, from, length, start, spectrum);
            } else {
                fftPower(y, from, length, start, buffer, spectrum);
            }
            for (int m = 0; m < melWeights.length; m++) {
                double[] w = melWeights[m];
                double sum = 0;
                for (int k = melFrom[m]; k < melTo[m]; k++) {
                    sum += w[k] * spectrum[k];
                }
                mel[m][t] = sum;
            }
        }
        return mel;
    }

    /** |DFT|² of the windowed frame at {@code start} of the signal {@code y[offset, offset + length)}, in double. */
    private void directPower(double[] y, int offset, int length, int start, double[] spectrum) {
        int from = Math.max(0, -start);
        int to = Math.min(nFft, length - start);
        for (int k = 0; k < spectrum.length; k++) {
            double re = 0;
            double im = 0;
            double[] c = cos[k];
            double[] s = sin[k];
            for (int n = from; n < to; n++) {
                double v = y[offset + start + n];
                re += v * c[n];
                im -= v * s[n];
            }
            spectrum[k] = re * re + im * im;
        }
    }

    /**
     * |FFT|² of the windowed frame at {@code start} of the signal {@code y[offset, offset + length)}, in float32
     * as librosa on float32 audio (even nFft).
     */
    private void fftPower(double[] y, int offset, int length, int start, float[] buffer, double[] spectrum) {
        for (int n = 0; n < nFft; n++) {
            int i = start + n;
            buffer[n] = i >= 0 && i < length ? (float) (y[offset + i] * window[n]) : 0f;
        }
        // realForward packs Re(0), Re(n/2), then Re(k), Im(k) for k = 1 .. n/2 - 1
        fft.get().realForward(buffer);
        int half = nFft / 2;
        spectrum[0] = (double) buffer[0] * buffer[0];
        spectrum[half] = (double) buffer[1] * buffer[1];
        for (int k = 1; k < half; k++) {
            double re = buffer[2 * k];
            double im = buffer[2 * k + 1];
            spectrum[k] = re * re + im * im;
        }
    }

    /**
     * librosa.power_to_db(S, ref, amin=1e-10, top_db), {@code ref} np.max when empty, else the fixed power:
     * in place, returns {@code s}. top_db clips at the window's maximum dB either way, as librosa does.
     */
    static double[][] powerToDb(double[][] s, OptionalDouble ref, double topDb) {
        double refDb = 10 * Math.log10(Math.max(AMIN, ref.isPresent() ? ref.getAsDouble() : max(s)));
        double top = Double.NEGATIVE_INFINITY;
        for (double[] row : s) {
            for (int i = 0; i < row.length; i++) {
                row[i] = 10 * Math.log10(Math.max(AMIN, row[i])) - refDb;
                top = Math.max(top, row[i]);
            }
        }
        double floor = top - topDb;
        for (double[] row : s) {
            for (int i = 0; i < row.length; i++) {
                row[i] = Math.max(row[i], floor);
            }
        }
        return s;
    }

    private static double max(double[][] s) {
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : s) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        return max;
    }

    /** scipy.signal.get_window('hann', n, fftbins=True): the periodic Hann window librosa uses. */
    static double[] periodicHann(int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
        }
        return w;
    }

    /** librosa.filters.mel(htk=False, norm='slaney'): triangles on the Slaney mel scale, area-normalised. */
    static double[][] slaneyMelFilters(double sampleRate, int nFft, int nMels, double fmin, double fmax) {
        int bins = nFft / 2 + 1;
        double[] fftFreqs = new double[bins];
        for (int k = 0; k < bins; k++) {
            fftFreqs[k] = k * (1.0 / (nFft * (1.0 / sampleRate))); // numpy.fft.rfftfreq
        }
        double[] melF = new double[nMels + 2];
        double lo = hzToMel(fmin);
        double hi = hzToMel(fmax);
        double step = (hi - lo) / (nMels + 1); // numpy.linspace(lo, hi, nMels + 2)
        for (int i = 0; i < melF.length; i++) {
            melF[i] = melToHz(i == melF.length - 1 ? hi : i * step + lo);
        }
        double[][] weights = new double[nMels][bins];
        for (int m = 0; m < nMels; m++) {
            double lowerWidth = melF[m + 1] - melF[m];
            double upperWidth = melF[m + 2] - melF[m + 1];
            double norm = 2.0 / (melF[m + 2] - melF[m]);
            for (int k = 0; k < bins; k++) {
                double lower = (fftFreqs[k] - melF[m]) / lowerWidth;
                double upper = (melF[m + 2] - fftFreqs[k]) / upperWidth;
                // librosa builds the filter bank in a float32 array (filters.mel dtype default) and
                // normalises it in place, so both steps round to float32
                float triangle = (float) Math.max(0, Math.min(lower, upper));
                weights[m][k] = (float) (triangle * norm);
            }
        }
        return weights;
    }

    private static final double F_SP = 200.0 / 3;
    private static final double MIN_LOG_HZ = 1000.0;
    private static final double MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
    private static final double LOG_STEP = Math.log(6.4) / 27.0;

    /** Slaney's Auditory Toolbox mel scale: linear below 1 kHz, logarithmic above. */
    static double hzToMel(double hz) {
        return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP : hz / F_SP;
    }

    static double melToHz(double mel) {
        return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
    }
}
