package dev.cvt.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.cvt.runtime.model.Engines;
import org.junit.jupiter.api.Test;

class DeviceTallyTest {
    @Test
    void sumsLossAndHitsOnTheDeviceAndReadsThemOnce() {
        try (NDManager manager = Engines.pytorch(1).newBaseManager(); DeviceTally tally = new DeviceTally(manager)) {
            HostReads reads = new HostReads();
            // 6 classes: sample 0 right; sample 1's class ranks 5th (top-5 hit only); sample 2 ties with class 0,
            // which comes first, so it ranks 2nd
            tally.add(manager.create(0.5f), manager.create(new float[] {
                    9, 1, 1, 1, 1, 1,
                    6, 5, 4, 3, 2, 1,
                    7, 1, 7, 1, 1, 1}, new Shape(3, 6)), manager.create(new long[] {0, 4, 2}));
            // second batch: one sample, wrong (ranks 6th)
            tally.add(manager.create(2f), manager.create(new float[] {6, 5, 4, 3, 2, 1}, new Shape(1, 6)),
                    manager.create(new long[] {5}));
            assertEquals(0, reads.count(), "adding reads nothing back");
            DeviceTally.Totals totals = tally.read(reads);
            assertEquals(1, reads.count());
            assertEquals(new DeviceTally.Totals(0.5 * 3 + 2, 1, 3, 4, 2, 0, 0, 1), totals);
            assertEquals(3.5 / 4, totals.loss(), 1e-9);
            assertEquals(25.0, totals.top1(), 1e-9);
            assertEquals(75.0, totals.top5(), 1e-9);
        }
    }
}
