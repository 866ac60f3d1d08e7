package dev.cvt.runtime.melgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MelSpectrogramTest {
    private final MelSpectrogram original = new MelSpectrogram(20, 32, 1, 12, 0, 10, 80);

    @Test
    void framesFollowCenteredStft() {
        assertEquals(41, original.frames(40));
        assertEquals(12, original.mels());
        assertEquals(1 + 40 / 4, new MelSpectrogram(20, 32, 4, 12, 0, 10, 80).frames(40));
    }

    @Test
    void slaneyScale() {
        assertEquals(15.0, MelSpectrogram.hzToMel(1000), 1e-12);
        assertEquals(3.0, MelSpectrogram.hzToMel(200), 1e-12);
        for (double hz : new double[] {0, 10, 700, 1000, 2500, 8000}) {
            assertEquals(hz, MelSpectrogram.melToHz(MelSpectrogram.hzToMel(hz)), 1e-9);
        }
        // log region: every 27 mels multiply the frequency by 6.4
        assertEquals(6400.0, MelSpectrogram.melToHz(15 + 27), 1e-9);
    }

    @Test
    void periodicHann() {
        double[] w = MelSpectrogram.periodicHann(32);
        assertEquals(0.0, w[0], 0);
        assertEquals(1.0, w[16], 1e-15);
        assertEquals(w[1], w[31], 1e-15); // periodic: symmetric about n/2, so w[n-1] != 0
        assertTrue(w[31] > 0);
    }

    @Test
    void slaneyFiltersHaveUnitArea() {
        // with filters much wider than the bins, sum(weights) * bin width approximates the unit area
        double sr = 22050;
        int nFft = 4096;
        double[][] w = MelSpectrogram.slaneyMelFilters(sr, nFft, 40, 0, sr / 2);
        double binHz = sr / nFft;
        for (int m = 5; m < w.length; m++) {
            double sum = 0;
            for (double v : w[m]) {
                sum += v;
            }
            assertEquals(1.0, sum * binHz, 0.03, "filter " + m);
        }
    }

    @Test
    void filtersAreTrianglesBetweenNeighbourCentres() {
        double[][] w = MelSpectrogram.slaneyMelFilters(20, 32, 12, 0, 10);
        for (double[] filter : w) {
            int peak = 0;
            for (int k = 0; k < filter.length; k++) {
                assertTrue(filter[k] >= 0);
                peak = filter[k] > filter[peak] ? k : peak;
            }
            for (int k = 1; k <= peak; k++) {
                assertTrue(filter[k] >= filter[k - 1]);
            }
            for (int k = peak + 1; k < filter.length; k++) {
                assertTrue(filter[k] <= filter[k - 1]);
            }
        }
    }

    @Test
    void matchesAnIndependentDirectDftInDouble() {
        Random random = new Random(3);
        double[] y = new double[40];
        for (int i = 0; i < y.length; i++) {
            y[i] = 16384 + 3000 * Math.sin(i * 0.7) + random.nextGaussian() * 50; // a large offset like gravity
        }
        double[][] expected = referenceMelPower(y, 20, 32, 1, MelSpectrogram.slaneyMelFilters(20, 32, 12, 0, 10));
        double[][] actual = original.melPower(y);
        for (int m = 0; m < 12; m++) {
            for (int t = 0; t < 41; t++) {
                assertEquals(expected[m][t], actual[m][t], 1e-9 * expected[m][t], "m=" + m + " t=" + t);
            }
        }
    }

    /** Textbook |DFT|^2 of zero-padded, periodic-Hann-windowed frames, with complex exponentials per term. */
    private static double[][] referenceMelPower(double[] y, double sr, int nFft, int hop, double[][] weights) {
        int frames = 1 + y.length / hop;
        double[][] mel = new double[weights.length][frames];
        for (int t = 0; t < frames; t++) {
            for (int k = 0; k <= nFft / 2; k++) {
                double re = 0;
                double im = 0;
                for (int n = 0; n < nFft; n++) {
                    int i = t * hop + n - nFft / 2;
                    double v = i >= 0 && i < y.length ? y[i] : 0;
                    double w = 0.5 * (1 - Math.cos(2 * Math.PI * n / nFft));
                    re += v * w * Math.cos(-2 * Math.PI * k * n / nFft);
                    im += v * w * Math.sin(-2 * Math.PI * k * n / nFft);
                }
                double power = re * re + im * im;
                for (int m = 0; m < weights.length; m++) {
                    mel[m][t] += weights[m][k] * power;
                }
            }
        }
        return mel;
    }

    @Test
    void sineEnergyLandsInTheBandOfItsFrequency() {
        MelSpectrogram mel = new MelSpectrogram(20, 32, 1, 12, 0, 10, 80);
        double[][] w = MelSpectrogram.slaneyMelFilters(20, 32, 12, 0, 10);
        double hz = 5.0; // FFT bin 8
        double[] y = new double[200];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.sin(2 * Math.PI * hz * i / 20);
        }
        double[][] s = mel.melPower(y);
        int expectedBand = 0;
        for (int m = 0; m < 12; m++) {
            expectedBand = w[m][8] > w[expectedBand][8] ? m : expectedBand;
        }
        int t = 100;
        int loudest = 0;
        for (int m = 0; m < 12; m++) {
            loudest = s[m][t] > s[loudest][t] ? m : loudest;
        }
        assertEquals(expectedBand, loudest);
    }

    @Test
    void decibelsAreRelativeToTheMaximumAndClippedAtTopDb() {
        double[][] s = {{1e-20, 1e-3, 1.0}, {4.0, 0, 2.0}};
        double[][] db = MelSpectrogram.powerToDb(s, java.util.OptionalDouble.empty(), 80);
        assertEquals(0.0, db[1][0], 1e-12); // the maximum
        assertEquals(10 * Math.log10(2.0 / 4.0), db[1][2], 1e-12);
        assertEquals(10 * Math.log10(1e-3 / 4.0), db[0][1], 1e-12);
        assertEquals(-80.0, db[0][0], 1e-12); // amin, then top_db
        assertEquals(-80.0, db[1][1], 1e-12);
    }

    @Test
    void matchesLibrosaOnAFixedInput() {
        // librosa 0.11.0: power_to_db(melspectrogram(y=y, sr=20, n_fft=32, hop_length=1, n_mels=12), ref=np.max)
        double[] y = LibrosaReference.INPUT;
        double[][] db = original.decibels(y);
        double[][] expected = LibrosaReference.DB;
        double worst = 0;
        for (int m = 0; m < 12; m++) {
            for (int t = 0; t < 41; t++) {
                worst = Math.max(worst, Math.abs(expected[m][t] - db[m][t]));
            }
        }
        assertTrue(worst < 1e-4, "max |dB difference| " + worst);
    }
    @Test
    void matchesLibrosaAtANonIntegerSampleRate() {
        // 12.5 Hz sensors: librosa 0.11.0 filters.mel(sr=12.5, n_fft=16, n_mels=8) and the dB spectrogram of a 4 s window
        double[][] filters = MelSpectrogram.slaneyMelFilters(12.5, 16, 8, 0, 6.25);
        for (int m = 0; m < 8; m++) {
            for (int k = 0; k < 9; k++) {
                assertEquals(LibrosaReference.FILTERS_12_5_HZ[m][k], filters[m][k], 1e-12, "m=" + m + " k=" + k);
            }
        }
        MelSpectrogram mel = new MelSpectrogram(12.5, 16, 2, 8, 0, 6.25, 80);
        assertEquals(26, mel.frames(50)); // 1 + 50 / 2, centred frames
        double[][] db = mel.decibels(LibrosaReference.INPUT_12_5_HZ);
        double worst = 0;
        for (int m = 0; m < 8; m++) {
            assertEquals(26, LibrosaReference.DB_12_5_HZ[m].length);
            for (int t = 0; t < 26; t++) {
                worst = Math.max(worst, Math.abs(LibrosaReference.DB_12_5_HZ[m][t] - db[m][t]));
            }
        }
        assertTrue(worst < 1e-4, "max |dB difference| " + worst);
    }

    @Test
    void longFramesGoThroughTheFftWithinFloat32OfTheExactSpectrum() {
        // n_fft 512 takes TarsosDSP's float32 FFT; the reference is the DFT in double, written out here
        int nFft = 512;
        int hop = 128;
        double rate = 16000;
        MelSpectrogram mel = new MelSpectrogram(rate, nFft, hop, 40, 0, rate / 2, 80);
        Random random = new Random(7);
        double[] y = new double[4000];
        for (int i = 0; i < y.length; i++) {
            y[i] = 0.3 * Math.sin(2 * Math.PI * 440 * i / rate) + 0.05 * random.nextGaussian();
        }
        double[][] power = mel.melPower(y);
        double[] window = MelSpectrogram.periodicHann(nFft);
        double[][] weights = MelSpectrogram.slaneyMelFilters(rate, nFft, 40, 0, rate / 2);
        double worst = 0;
        for (int t = 0; t < power[0].length; t++) {
            double[] spectrum = new double[nFft / 2 + 1];
            for (int k = 0; k < spectrum.length; k++) {
                double re = 0;
                double im = 0;
                for (int n = 0; n < nFft; n++) {
                    int i = t * hop - nFft / 2 + n;
                    double v = i >= 0 && i < y.length ? y[i] * window[n] : 0;
                    re += v * Math.cos(2 * Math.PI * k * n / nFft);
                    im -= v * Math.sin(2 * Math.PI * k * n / nFft);
                }
                spectrum[k] = re * re + im * im;
            }
            for (int m = 0; m < 40; m++) {
                double exact = 0;
                for (int k = 0; k < spectrum.length; k++) {
                    exact += weights[m][k] * spectrum[k];
                }
                worst = Math.max(worst, Math.abs(10 * Math.log10(power[m][t] / exact)));
            }
        }
        assertTrue(worst < 1e-3, "max |dB difference| " + worst);
    }
}
