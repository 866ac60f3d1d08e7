package dev.cvt.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt.runtime.SharedData;
import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ConfigLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

class LrScheduleTest {
    @Test
    void theOriginalAgScheduleEpochByEpoch() {
        // cvt-ag-dim6.yaml: LR 0.00025, 10 epochs, cosine, warmup_epochs 5 from warmup_lr 1e-6, min_lr 1e-5.
        // timm CosineLRScheduler._get_lr(t): warm-up  warmup_lr + t * (lr - warmup_lr) / 5, then
        // min_lr + 0.5 * (lr - min_lr) * (1 + cos(pi * t / 10))
        LrSchedule s = LrSchedule.of(ConfigLoader.load(SharedData.require("seed-configs/cvt-ag-dim6.yaml"), List.of()));
        assertEquals(1e-6, s.lr(0), 1e-15);
        assertEquals(1e-6 + 2 * (0.00025 - 1e-6) / 5, s.lr(2), 1e-15);
        assertEquals(1e-5 + 0.5 * (0.00025 - 1e-5) * (1 + Math.cos(Math.PI * 5 / 10)), s.lr(5), 1e-15);
        assertEquals(0.00013, s.lr(5), 1e-15); // half-way down the cosine
        assertEquals(1e-5 + 0.5 * 0.00024 * (1 + Math.cos(Math.PI * 0.9)), s.lr(9), 1e-15);
        assertEquals(1e-5, s.lr(12), 0, "cool-down epochs past the cycle run at min_lr");
    }

    @Test
    void cosineWithoutWarmupStartsAtTheBaseRate() {
        LrSchedule s = LrSchedule.cosine(0.1, 100, 0, 0, 0.001);
        assertEquals(0.1, s.lr(0), 1e-15);
        assertEquals(0.001 + 0.0495 * (1 + Math.cos(Math.PI / 4)), s.lr(25), 1e-15);
        assertTrue(s.lr(99) > 0.001);
    }

    @Test
    void stepSchedule() {
        LrSchedule s = LrSchedule.of(ConfigLoader.defaults(List.of("TRAIN.LR", "0.1", "TRAIN.LR_SCHEDULER",
                "{METHOD: timm, ARGS: {sched: step, decay_epochs: 3, decay_rate: 0.5}}")));
        assertEquals(0.1, s.lr(2), 1e-15);
        assertEquals(0.05, s.lr(3), 1e-15);
        assertEquals(0.025, s.lr(7), 1e-15);
    }

    @Test
    void unsupportedSchedulesNameTheKey() {
        assertTrue(assertThrows(ConfigException.class, () -> LrSchedule.of(ConfigLoader.defaults(List.of("TRAIN.LR_SCHEDULER",
                "{METHOD: timm, ARGS: {sched: plateau}}")))).getMessage().contains("TRAIN.LR_SCHEDULER.ARGS.sched is 'plateau'"));
        assertTrue(assertThrows(ConfigException.class, () -> LrSchedule.of(ConfigLoader.defaults(List.of("TRAIN.LR_SCHEDULER",
                "{METHOD: MultiStep}")))).getMessage().contains("METHOD is 'MultiStep'; supported: timm"));
        assertTrue(assertThrows(ConfigException.class, () -> LrSchedule.of(ConfigLoader.defaults(List.of("TRAIN.LR_SCHEDULER",
                "{METHOD: timm, ARGS: {warmup_epochs: 2.5}}")))).getMessage().contains("warmup_epochs must be a whole number"));
    }
}
