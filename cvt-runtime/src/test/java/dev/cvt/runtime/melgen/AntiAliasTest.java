package dev.cvt.runtime.melgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ANTI_ALIAS: a 10 Hz tone on a 25 Hz stream must not reach a 12.5 Hz grid as a false 2.5 Hz tone. */
class AntiAliasTest {
    @TempDir
    Path dir;

    private static Recipe recipe(String resample, double factor, int window, double gridRate, boolean antiAlias) {
        return new Recipe("csv", false, 1, 0, resample, factor, 2, 40, window, 0, 0,
                new Recipe.CsvLayout(List.of("high", "low", "slow"), "t", "seconds", gridRate, ','), antiAlias, SignalFilter.NONE, false, false);
    }

    /**
     * fast.csv: 25 Hz for 40 s, a 10 Hz tone ('high') and a 1 Hz tone ('low'), times shifted by up to
     * {@code jitter} seconds; slow.csv: 12.5 Hz ('slow').
     */
    private Signal fused(double gridRate, boolean antiAlias, double jitter) throws IOException {
        Random random = new Random(1);
        StringBuilder fast = new StringBuilder("t,high,low\n");
        for (int i = 0; i < 1000; i++) {
            double t = i / 25.0 + (i == 0 ? 0 : jitter * (2 * random.nextDouble() - 1));
            fast.append(t).append(',').append(Math.sin(2 * Math.PI * 10 * t)).append(',').append(Math.sin(2 * Math.PI * t)).append('\n');
        }
        StringBuilder slow = new StringBuilder("t,slow\n");
        for (int i = 0; i < 500; i++) {
            slow.append(i / 12.5).append(',').append(i % 7).append('\n');
        }
        Files.writeString(dir.resolve("fast.csv"), fast);
        Files.writeString(dir.resolve("slow.csv"), slow);
        Recipe recipe = recipe("none", 1, 4, gridRate, antiAlias);
        return CsvRecordingReader.read(List.of(dir.resolve("fast.csv"), dir.resolve("slow.csv")), List.of("fast.csv", "slow.csv"),
                recipe, List.of(new LineDiagnostics("fast.csv", false), new LineDiagnostics("slow.csv", false)));
    }

    /** The largest magnitude away from both ends (where a filter has less than its full length of signal). */
    private static double peak(double[] x) {
        double peak = 0;
        for (int i = 20; i < x.length - 20; i++) {
            peak = Math.max(peak, Math.abs(x[i]));
        }
        return peak;
    }

    /** The largest difference from a 1 Hz sine at the given times, away from both ends. */
    private static double offOneHertz(double[] time, double[] x) {
        double worst = 0;
        for (int i = 20; i < x.length - 20; i++) {
            worst = Math.max(worst, Math.abs(x[i] - Math.sin(2 * Math.PI * time[i])));
        }
        return worst;
    }

    @Test
    void aFileFasterThanTheGridIsLowPassedBeforeItIsFused() throws IOException {
        Signal plain = fused(12.5, false, 0);
        Signal limited = fused(12.5, true, 0);
        assertEquals(plain.length(), limited.length());
        assertArrayEquals(plain.time().seconds(), limited.time().seconds());
        // without the low-pass, every other sample of the 10 Hz tone: a 2.5 Hz tone at full amplitude
        assertTrue(peak(plain.channels()[0]) > 0.9, "aliased tone at " + peak(plain.channels()[0]));
        assertTrue(peak(limited.channels()[0]) < peak(plain.channels()[0]) / 100, "left at " + peak(limited.channels()[0]));
        assertTrue(offOneHertz(limited.time().seconds(), limited.channels()[1]) < 5e-3, "1 Hz off by " + offOneHertz(limited.time().seconds(), limited.channels()[1]));
        // the file at the grid's rate is interpolated as before
        assertArrayEquals(plain.channels()[2], limited.channels()[2]);
    }

    @Test
    void unevenTimestampsAreEvenedOutBeforeTheLowPass() throws IOException {
        Signal limited = fused(12.5, true, 0.004);
        assertTrue(offOneHertz(limited.time().seconds(), limited.channels()[1]) < 0.01, "1 Hz off by " + offOneHertz(limited.time().seconds(), limited.channels()[1]));
    }

    @Test
    void nothingChangesWhenNoFileIsFasterThanTheGrid() throws IOException {
        // the grid at the fastest file's rate: the 12.5 Hz file is only interpolated up
        Signal plain = fused(0, false, 0);
        Signal limited = fused(0, true, 0);
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(plain.channels()[c], limited.channels()[c]);
        }
    }

    @Test
    void cubicResamplingBelowFactorOneIsLowPassedOnTheSplinesPoints() {
        int n = 1000;
        double[] time = new double[n];
        double[] high = new double[n];
        double[] low = new double[n];
        for (int i = 0; i < n; i++) {
            time[i] = i / 25.0;
            high[i] = Math.sin(2 * Math.PI * 10 * time[i]);
            low[i] = Math.sin(2 * Math.PI * time[i]);
        }
        Signal signal = new Signal(time, new double[][] {high, low});
        Windowing.Window plain = Windowing.windows(signal, recipe("cubic", 0.5, 500, 0, false), "r").get(0);
        Windowing.Window limited = Windowing.windows(signal, recipe("cubic", 0.5, 500, 0, true), "r").get(0);
        double[] plainHigh = WindowingTest.view(plain, 0);
        double[] limitedHigh = WindowingTest.view(limited, 0);
        assertTrue(peak(plainHigh) > 0.5, "the spline's aliased tone at " + peak(plainHigh));
        assertTrue(peak(limitedHigh) < peak(plainHigh) / 100, "left at " + peak(limitedHigh));
        // same points as the spline's: floor(1000 * 0.5) over the same span
        double[] points = CubicSpline.linspace(0, time[n - 1], 500);
        double[] limitedLow = WindowingTest.view(limited, 1);
        assertTrue(offOneHertz(points, limitedLow) < 5e-3, "1 Hz off by " + offOneHertz(points, limitedLow));
        assertTrue(offOneHertz(points, WindowingTest.view(plain, 1)) < 5e-3);
    }

    @Test
    void cubicResamplingUpIsTheSplineWithOrWithoutAntiAlias() {
        Signal signal = new Signal(new double[] {0, 1, 2, 3, 4}, new double[][] {{1, 5, 2, 8, 3}});
        assertArrayEquals(WindowingTest.view(Windowing.windows(signal, recipe("cubic", 2, 10, 0, false), "r").get(0), 0),
                WindowingTest.view(Windowing.windows(signal, recipe("cubic", 2, 10, 0, true), "r").get(0), 0));
    }
}
