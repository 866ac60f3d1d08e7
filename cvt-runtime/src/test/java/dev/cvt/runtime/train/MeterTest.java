package dev.cvt.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MeterTest {
    @Test
    void theProgressLineCountsEpochsAndEstimatesTheTimeLeft() {
        Meter meter = new Meter();
        // two batches of two samples, 2 s and 4 s: 3 s a batch
        meter.add(2.0, 0.1);
        meter.add(4.0, 0.1);
        // 4 samples, loss 0.5 each, 3 right; the last batch of 2 had loss 0.25 and 1 right
        DeviceTally.Totals totals = new DeviceTally.Totals(2.0, 3, 4, 4, 0.25, 1, 2, 2);
        String line = meter.line(totals, 3, 12, 1, 10);
        assertTrue(line.startsWith("=> Epoch[3/12][1/10]: Time 4.000s (3.000s)\tSpeed 0.5 samples/s\tData 0.100s (0.100s)\t"
                + "Loss 0.25000 (0.50000)\tAccuracy@1 50.000 (75.000)\tAccuracy@5 100.000 (100.000)"), line);
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
