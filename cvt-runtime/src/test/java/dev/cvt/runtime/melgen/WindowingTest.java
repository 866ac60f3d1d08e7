package dev.cvt.runtime.melgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowingTest {
    private static Signal ramp(int n, double rate) {
        double[] t = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i / rate;
            v[i] = i;
        }
        return new Signal(t, new double[][] {v});
    }

    /** A window's samples of one view, copied out of its recording. */
    static double[] view(Windowing.Window window, int view) {
        return Arrays.copyOfRange(window.channels()[view], window.from(), window.from() + window.length());
    }

    private static Recipe recipe(int trim, String resample, double factor, int window, int stride, int keep) {
        return new Recipe("ag", false, 1, trim, resample, factor, 2.0, 5, window, stride, keep,
                new Recipe.CsvLayout(List.of(), "", "epoch_ms", 0, ','), false);
    }

    @Test
    void nonOverlappingWindowsDropTheRemainder() {
        List<Windowing.Window> w = Windowing.windows(ramp(10, 1), recipe(0, "none", 1, 4, 0, 0), "r");
        assertEquals(2, w.size());
        assertArrayEquals(new double[] {4, 5, 6, 7}, view(w.get(1), 0));
        assertEquals(4.0, w.get(1).startSeconds());
    }

    @Test
    void stridedWindowsAndKeepFirst() {
        List<Windowing.Window> w = Windowing.windows(ramp(10, 1), recipe(1, "none", 1, 4, 2, 3), "r");
        // after trimming 1: 1..9 (9 samples); starts 0, 2, 4 -> values 1, 3, 5; 3 kept of 4
        assertEquals(3, w.size());
        assertArrayEquals(new double[] {3, 4, 5}, view(w.get(1), 0));
    }

    @Test
    void cubicResamplingToAFactorOfTheLength() {
        List<Windowing.Window> w = Windowing.windows(ramp(10, 2), recipe(0, "cubic", 2.5, 5, 0, 0), "r");
        assertEquals(5, w.size()); // 25 points
        assertEquals(5 * 9.0 / 24, view(w.get(1), 0)[0], 1e-9); // a ramp stays a ramp: linspace(0, 9, 25)[5]
    }

    @Test
    void tooShortRecordingsAreErrors() {
        InputException e = assertThrows(InputException.class, () -> Windowing.windows(ramp(3, 1), recipe(0, "none", 1, 4, 0, 0), "c/r.txt"));
        assertEquals("c/r.txt: 3 samples after preprocessing, fewer than one window of 4 (PAD: true fills a short recording up to one window with zeros)", e.getMessage());
        assertTrue(assertThrows(InputException.class, () -> Windowing.windows(ramp(3, 1), recipe(0, "cubic", 2, 2, 0, 0), "c/r.txt"))
                .getMessage().contains("at least 4 samples"));
        assertTrue(assertThrows(InputException.class, () -> Windowing.windows(ramp(3, 1), recipe(3, "none", 1, 1, 0, 0), "c/r.txt"))
                .getMessage().contains("TRIM 3 drops all 3 samples"));
    }

    @Test
    void linearSegmentsInterpolateEachSegmentBetweenItsEnds() {
        // irregular times; segments of 2 s from the first sample; the lone sample of segment 3 is skipped
        double[] t = {0, 0.5, 1.9, 2.0, 3.0, 3.5, 6.1};
        double[] v = {0, 1, 3.8, 10, 12, 13, 99};
        List<Signal> segments = LinearSegments.resample(new Signal(t, new double[][] {v}), 2.0, 5);
        assertEquals(2, segments.size());
        assertArrayEquals(new double[] {0, 0.475, 0.95, 1.425, 1.9}, segments.get(0).time().seconds(), 1e-12);
        assertArrayEquals(new double[] {0, 0.95, 1.9, 2.85, 3.8}, segments.get(0).channels()[0], 1e-12);
        assertArrayEquals(new double[] {10, 10.75, 11.5, 12.25, 13}, segments.get(1).channels()[0], 1e-12);
    }
}
