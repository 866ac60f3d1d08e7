package dev.cvt.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.cvt.runtime.config.ConfigLoader;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.model.Engines;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check the GPU kit runs against gpu(0), here with the CPU, passed explicitly, on both sides. */
class DeviceCheckTest {
    @TempDir
    Path dir;

    @Test
    void theSameWeightsOnTheSameDeviceGiveTheSameLogitsAndLosses() throws IOException {
        ExperimentConfig config = ConfigLoader.load(TinyExperiment.write(dir), List.of("TRAIN.BATCH_SIZE_PER_GPU", "4",
                "AMP.ENABLED", "true"));
        DeviceCheck.Outcome outcome = DeviceCheck.compare(config, Device.cpu(), Device.cpu(), 3, Engines.pytorch(1));
        assertEquals(0.0, outcome.logitsDifference());
        assertEquals(3, outcome.cpuLosses().length);
        assertArrayEquals(outcome.cpuLosses(), outcome.deviceLosses(), "the whole step ran on the CPU both times, in float32");
        assertTrue(DeviceCheck.table(outcome, Engines.pytorch(1)).contains("training loss, step 3"));
    }
}
