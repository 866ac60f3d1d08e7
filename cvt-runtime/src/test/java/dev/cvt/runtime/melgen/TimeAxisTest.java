package dev.cvt.runtime.melgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TimeAxisTest {
    private static final double RATE = 22050;

    @Test
    void anEvenAxisHasTheTimesAStampPerSampleWouldHave() {
        double[] stamps = new double[1000];
        for (int i = 0; i < stamps.length; i++) {
            stamps[i] = i / RATE;
        }
        TimeAxis even = new TimeAxis.Even(RATE, 0, stamps.length);
        assertArrayEquals(stamps, even.seconds(), 0.0);
        // a slice (TRIM, a window's start) keeps each sample's time, bit for bit
        TimeAxis stamped = new TimeAxis.Stamped(stamps).slice(17, 900);
        assertArrayEquals(stamped.seconds(), even.slice(17, 900).seconds(), 0.0);
        assertEquals(883, even.slice(17, 900).length());
        assertEquals(stamps[517], even.slice(17, 900).slice(500, 600).at(0), 0.0);
    }

    @Test
    void extendingRunsTheAxisOnPastItsEnd() {
        TimeAxis even = new TimeAxis.Even(4, 2, 3).extended(5);
        assertArrayEquals(new double[] {0.5, 0.75, 1.0, 1.25, 1.5}, even.seconds(), 0.0);
        // stamps run on at their mean step
        TimeAxis stamped = new TimeAxis.Stamped(new double[] {1.0, 1.1, 1.4}).extended(5);
        assertArrayEquals(new double[] {1.0, 1.1, 1.4, 1.6, 1.8}, stamped.seconds(), 1e-12);
    }
}
