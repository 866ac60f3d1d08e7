package dev.cvt.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnginesTest {
    /** Run in a fresh JVM: loads the engine as the runtime does and prints its version. */
    public static void main(String[] args) {
        Engine engine = Engines.pytorch(1);
        System.out.println(engine.getEngineName() + " " + engine.getVersion() + " " + System.getProperty("ai.djl.offline"));
    }

    @Test
    void theEngineLoadsOfflineFromTheClassPathAlone(@TempDir Path cache) throws Exception {
        // an empty engine cache: the natives must come out of the jar on the class path, since
        // offline mode turns any download attempt into an immediate failure
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EnginesTest.class.getName());
        builder.environment().put("ENGINE_CACHE_DIR", cache.toString());
        builder.environment().put("DJL_CACHE_DIR", cache.toString());
        Process child = builder.redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), output);
        assertTrue(output.contains("PyTorch 2.5.1 true"), output);
        try (Stream<Path> files = Files.walk(cache)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("libtorch")), "natives extracted into the empty cache");
        }
    }

    @Test
    void deviceChoice() {
        Engine engine = Engines.pytorch(0);
        assertEquals(Device.cpu(), Engines.device(engine, ConfigLoader.defaults(List.of("DEVICE", "cpu"))));
        if (engine.getGpuCount() == 0) {
            assertEquals(Device.cpu(), Engines.device(engine, ConfigLoader.defaults(List.of())));
            assertTrue(assertThrows(CvtException.class, () -> Engines.device(engine, ConfigLoader.defaults(List.of("DEVICE", "gpu"))))
                    .getMessage().contains("no GPU"));
        } else {
            assertEquals(Device.gpu(), Engines.device(engine, ConfigLoader.defaults(List.of())));
        }
        assertTrue(assertThrows(ConfigException.class, () -> Engines.device(engine, ConfigLoader.defaults(List.of("DEVICE", "tpu"))))
                .getMessage().contains("DEVICE is 'tpu'; allowed: auto, cpu, gpu"));
    }
}
