package dev.cvt.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MeterTest {
    @Test
    void theProgressLineCountsEpochsAndEstimatesTheTimeLeft() {
        Meter meter = new Meter();
        // two batches of two samples, 2 s and 4 s: 3 s a batch
        meter.add(0.5f, new int[] {0, 1}, new float[] {1, 0, 0, 1}, 2, 2.0, 0.1);
        meter.add(0.5f, new int[] {0, 1}, new float[] {1, 0, 0, 1}, 2, 4.0, 0.1);
        String line = meter.line(3, 12, 1, 10);
        assertTrue(line.startsWith("=> Epoch[3/12][1/10]: Time 4.000s (3.000s)"), line);
        // 8 batches left in this epoch (24 s), then 8 epochs of 10 batches (240 s)
        assertTrue(line.endsWith("\tETA epoch 0:00:24, run 0:04:24"), line);
    }

    @Test
    void durationsReadAsHoursMinutesSeconds() {
        assertEquals("0:00:00", Meter.duration(0.4));
        assertEquals("1:01:01", Meter.duration(3661));
        assertEquals("27:46:40", Meter.duration(100_000));
    }
}
