package dev.cvt.runtime.melgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FILTER's TarsosDSP filters on whole recordings. */
class SignalFilterTest {
    private static final double RATE = 50;

    /** {@code offset + sum of amplitude * sin(2 pi f t)} over (f, amplitude) pairs, 20 s at 50 Hz. */
    private static Signal signal(double offset, double... tones) {
        int n = 1000;
        double[] t = new double[n];
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i / RATE;
            x[i] = offset;
            for (int k = 0; k < tones.length; k += 2) {
                x[i] += tones[k + 1] * Math.sin(2 * Math.PI * tones[k] * t[i]);
            }
        }
        return new Signal(t, new double[][] {x});
    }

    private static SignalFilter filter(String type, Double... cutoffs) {
        return new SignalFilter(type, List.of(cutoffs), "MELGEN.FILTER.CUTOFF (exp.yaml:7)");
    }

    /** Mean and largest distance from it after the first 2 s (the filter's start). */
    private static double[] meanAndAmplitude(Signal s) {
        double[] x = Arrays.copyOfRange(s.channels()[0], 100, s.length());
        double mean = Arrays.stream(x).average().orElseThrow();
        return new double[] {mean, Arrays.stream(x).map(v -> Math.abs(v - mean)).max().orElseThrow()};
    }

    @Test
    void highPassRemovesGravityAndKeepsTheMotion() {
        // 9.81 m/s2 of gravity under a 2 Hz movement of 0.5 m/s2
        double[] out = meanAndAmplitude(filter("highpass", 0.3).apply(signal(9.81, 2, 0.5), "r"));
        assertEquals(0, out[0], 0.01, "offset left");
        assertEquals(0.5, out[1], 0.02, "motion's amplitude");
    }

    @Test
    void lowPassAttenuatesAToneFarAboveItsCutoffAndKeepsTheLevel() {
        double[] out = meanAndAmplitude(filter("lowpass", 0.5).apply(signal(3, 10, 1), "r"));
        assertEquals(3, out[0], 0.01);
        assertTrue(out[1] < 0.08, "10 Hz left at " + out[1]); // single pole: about 0.5/10 of it
    }

    @Test
    void bandPassPassesItsCentreAndStopsWhatIsOutside() {
        SignalFilter band = filter("bandpass", 1.5, 2.5);
        double[] centre = meanAndAmplitude(band.apply(signal(9.81, 2, 1), "r"));
        assertEquals(0, centre[0], 0.01);
        assertEquals(1, centre[1], 0.1, "2 Hz");
        assertTrue(meanAndAmplitude(band.apply(signal(0, 12, 1), "r"))[1] < 0.15, "12 Hz passes");
    }

    @Test
    void windowsAreSlicesOfTheRecordingFilteredWhole() {
        Signal recording = signal(9.81, 2, 0.5, 0.2, 3);
        SignalFilter highPass = filter("highpass", 0.3);
        Recipe recipe = new Recipe("ag", false, RATE, 0, "none", 1, 2, 40, 100, 0, 0,
                new Recipe.CsvLayout(List.of(), "", "epoch_ms", 0, ','), true, highPass, false, false);
        double[] second = WindowingTest.view(Windowing.windows(recording, recipe, "r").get(1), 0);
        assertArrayEquals(Arrays.copyOfRange(highPass.apply(recording, "r").channels()[0], 100, 200), second);
        // a filter started afresh on the window alone differs: its state did not come from the first window
        double[] alone = highPass.apply(recording.slice(100, 200), "r").channels()[0];
        assertTrue(Math.abs(alone[10] - second[10]) > 0.01, alone[10] + " vs " + second[10]);
    }

    @Test
    void noFilterLeavesTheValuesAsRead() {
        Signal recording = signal(16384.123456789, 2, 1000.1);
        assertSame(recording, SignalFilter.NONE.apply(recording, "r"));
        Recipe recipe = new Recipe("ag", false, RATE, 3, "none", 1, 2, 40, 100, 0, 0,
                new Recipe.CsvLayout(List.of(), "", "epoch_ms", 0, ','), false);
        assertArrayEquals(Arrays.copyOfRange(recording.channels()[0], 103, 203),
                WindowingTest.view(Windowing.windows(recording, recipe, "r").get(1), 0));
    }

    @Test
    void cutoffsMustBeBelowHalfTheRecordingsRate() {
        InputException above = assertThrows(InputException.class, () -> filter("lowpass", 25.0).apply(signal(0), "c/1.csv"));
        assertEquals("c/1.csv: MELGEN.FILTER.CUTOFF (exp.yaml:7) is [25.0] Hz, not below 25 Hz, half the recording's rate of "
                + "50 Hz: a filter cannot reach past it", above.getMessage());
        InputException wide = assertThrows(InputException.class, () -> filter("bandpass", 1.0, 20.0).apply(signal(0), "c/1.csv"));
        assertEquals("c/1.csv: MELGEN.FILTER.CUTOFF (exp.yaml:7) is [1.0, 20.0] Hz, a band 19 Hz wide; TarsosDSP's band-pass "
                + "needs a band narrower than a third of the recording's rate (16.6667 Hz)", wide.getMessage());
    }
}
