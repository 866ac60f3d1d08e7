package dev.cvt.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        assertFalse(output.contains("SLF4J"), "a logging backend is on the class path: " + output);
        assertFalse(output.contains(" INFO "), "DJL's info messages stay out of the log: " + output);
        try (Stream<Path> files = Files.walk(cache)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("libtorch")), "natives extracted into the empty cache");
        }
    }

    @Test
    void deviceChoice() {
        Engine engine = Engines.pytorch(0);
        assertEquals(Device.cpu(), Engines.device(engine, ConfigLoader.defaults(List.of("DEVICE", "cpu"))));
        assertTrue(assertThrows(ConfigException.class, () -> Engines.device(engine, ConfigLoader.defaults(List.of("DEVICE", "tpu"))))
                .getMessage().contains("DEVICE is 'tpu'; allowed: auto, cpu, gpu"));
    }

    @Test
    void theCpuNativeIsOnTheTestClassPath() {
        assertTrue(Engines.nativeJars().contains(new Engines.NativeJar("cpu", "linux-x86_64")), Engines.nativeJars().toString());
    }

    private static final List<Engines.NativeJar> CPU_ONLY = List.of(new Engines.NativeJar("cpu", "win-x86_64"));
    private static final List<Engines.NativeJar> WITH_CUDA = List.of(new Engines.NativeJar("cpu", "linux-x86_64"),
            new Engines.NativeJar("cu124", "linux-x86_64"));

    private static Device device(int gpuCount, List<Engines.NativeJar> natives, String... overrides) {
        return Engines.device(ConfigLoader.defaults(List.of(overrides)), gpuCount, natives, "2.5.1", null);
    }

    @Test
    void autoTakesTheGpuOfGpusWhenThereIsOne() {
        assertEquals(Device.cpu(), device(0, CPU_ONLY));
        assertEquals(Device.gpu(0), device(2, WITH_CUDA));
        assertEquals(Device.gpu(1), device(2, WITH_CUDA, "GPUS", "[1]"));
        assertEquals(Device.gpu(1), device(2, WITH_CUDA, "DEVICE", "gpu", "GPUS", "[1, 0]"));
        assertEquals(Device.cpu(), device(2, WITH_CUDA, "DEVICE", "cpu", "GPUS", "[1]"));
    }

    @Test
    void aCardBeyondTheGpusPyTorchSeesIsAConfigError() {
        assertTrue(assertThrows(ConfigException.class, () -> device(1, WITH_CUDA, "GPUS", "[1]")).getMessage()
                .contains("GPUS selects card 1 but PyTorch sees 1 GPU(s)"));
        assertTrue(assertThrows(ConfigException.class, () -> device(1, WITH_CUDA, "GPUS", "[-1]")).getMessage()
                .contains("GPUS must list card numbers"));
    }

    @Test
    void gpuWithOnlyTheCpuNativeNamesTheDependencyToAdd() {
        String message = assertThrows(CvtException.class, () -> device(0, CPU_ONLY, "DEVICE", "gpu")).getMessage();
        assertTrue(message.contains("only the CPU native of PyTorch is on the class path"), message);
        assertTrue(message.contains("ai.djl.pytorch:pytorch-native-cu124:2.5.1 with <classifier>win-x86_64</classifier>"), message);
    }

    @Test
    void gpuWithTheCudaNativeButNoGpuPointsAtTheDriverAndRuntime() {
        String message = assertThrows(CvtException.class, () -> device(0, WITH_CUDA, "DEVICE", "gpu")).getMessage();
        assertTrue(message.contains("PyTorch reports 0 GPUs: no NVIDIA driver"), message);
        assertTrue(message.contains("libcudart"), message);
    }

    @Test
    void gpuWithALocalLibtorchNamesItsFolderAndWhatDjlNeeds() {
        String message = assertThrows(CvtException.class, () -> Engines.device(ConfigLoader.defaults(List.of("DEVICE", "gpu")), 0,
                List.of(), "2.11.0", "/opt/torch/lib")).getMessage();
        assertTrue(message.contains("PyTorch 2.11.0 is loaded from PYTORCH_LIBRARY_PATH=/opt/torch/lib and reports 0 GPUs"), message);
        assertTrue(message.contains("PYTORCH_FLAVOR without 'cu'") && message.contains("libcudart.so on LD_LIBRARY_PATH"), message);
    }
}
