package dev.cvt.runtime.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import java.util.List;

/**
 * The PyTorch engine, loaded from the natives on the class path only: DJL's offline mode makes any
 * download attempt fail at once instead of reaching for the network.
 */
public final class Engines {
    private Engines() {
    }

    /**
     * @param threads intra-op threads; 0 = all cores
     */
    public static Engine pytorch(int threads) {
        System.setProperty("ai.djl.offline", "true");
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(n));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        try {
            return Engine.getEngine("PyTorch");
        } catch (RuntimeException e) {
            throw new CvtException("cannot load the PyTorch engine from the class path (" + e.getMessage() + ")", e);
        }
    }

    /** {@code DEVICE}: {@code auto}, the first GPU when there is one, else the CPU; {@code cpu} or {@code gpu} forced. */
    public static Device device(Engine engine, ExperimentConfig config) {
        String choice = config.string("DEVICE");
        if (!List.of("auto", "cpu", "gpu").contains(choice)) {
            throw new ConfigException(config.origin("DEVICE") + ": DEVICE is '" + choice + "'; allowed: auto, cpu, gpu");
        }
        return switch (choice) {
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (engine.getGpuCount() == 0) {
                    throw new CvtException("DEVICE is gpu but no GPU is usable (no CUDA driver, or the CUDA native "
                            + "is missing: build with -Pcuda)");
                }
                yield Device.gpu();
            }
            default -> engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        };
    }
}
