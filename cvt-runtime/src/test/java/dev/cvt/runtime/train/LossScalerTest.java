package dev.cvt.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LossScalerTest {
    @Test
    void startsAtTwoToTheSixteenthAsGradScaler() {
        assertEquals(65536f, new LossScaler().scale());
    }

    @Test
    void anOverflowSkipsTheStepHalvesTheScaleAndRestartsTheCount() {
        LossScaler scaler = new LossScaler();
        for (int i = 0; i < 1999; i++) {
            assertTrue(scaler.update(true));
        }
        assertFalse(scaler.update(false), "the step with inf/NaN gradients is skipped");
        assertEquals(32768f, scaler.scale());
        assertEquals(1, scaler.skipped());
        // the 1999 finite steps before the overflow no longer count towards growth
        for (int i = 0; i < 1999; i++) {
            scaler.update(true);
        }
        assertEquals(32768f, scaler.scale());
        scaler.update(true);
        assertEquals(65536f, scaler.scale(), "doubled after 2000 finite steps in a row");
        assertEquals(new LossScaler.State(65536f, 0), scaler.state());
    }

    @Test
    void repeatedOverflowsKeepHalving() {
        LossScaler scaler = new LossScaler(new LossScaler.State(4f, 7));
        scaler.update(false);
        scaler.update(false);
        assertEquals(1f, scaler.scale());
        assertEquals(2, scaler.skipped());
    }

    @Test
    void aRestoredStateContinuesTheCount() {
        LossScaler scaler = new LossScaler(new LossScaler.State(1024f, 1998));
        scaler.update(true);
        assertEquals(1024f, scaler.scale());
        scaler.update(true);
        assertEquals(2048f, scaler.scale());
    }
}
