package dev.cvt.runtime.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.util.Utils;
import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

/**
 * The PyTorch engine, loaded from the natives on the class path, or from a local libtorch named by
 * {@code PYTORCH_LIBRARY_PATH} (DJL's own override, used by the GPU check kit in tools/gpu-check): DJL's
 * offline mode makes any download attempt fail at once instead of reaching for the network.
 */
public final class Engines {
    /** The CUDA build of the pinned PyTorch that Maven Central has: the parent pom's {@code pytorch.cuda.flavor}. */
    static final String CUDA_FLAVOR = "cu124";
    /** DJL's variable (or system property) naming a folder with a local libtorch, instead of a native jar. */
    static final String LIBRARY_PATH = "PYTORCH_LIBRARY_PATH";
    /** What every DJL PyTorch native jar carries: its flavor (cpu, cu124...), version and platform classifier. */
    private static final String NATIVE_PROPERTIES = "native/lib/pytorch.properties";

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
            String local = Utils.getEnvOrSystemProperty(LIBRARY_PATH);
            throw new CvtException(local == null
                    ? "cannot load the PyTorch engine from the class path (" + e.getMessage() + ")"
                    : "cannot load the PyTorch engine from " + LIBRARY_PATH + "=" + local + " (" + e.getMessage() + "); a local "
                    + "libtorch also needs PYTORCH_VERSION and PYTORCH_FLAVOR, and DJL's JNI built for it in that folder or in "
                    + "ENGINE_CACHE_DIR (tools/gpu-check/README.md)", e);
        }
    }

    /**
     * {@code DEVICE}: {@code auto}, a GPU when there is one, else the CPU; {@code cpu} or {@code gpu} forced.
     * The GPU is card {@code GPUS[0]}: one device, as long as training is not data-parallel.
     */
    public static Device device(Engine engine, ExperimentConfig config) {
        return device(config, engine.getGpuCount(), nativeJars(), engine.getVersion(), Utils.getEnvOrSystemProperty(LIBRARY_PATH));
    }

    /**
     * {@link #device(Engine, ExperimentConfig)} for a given GPU count and native jars on the class path.
     *
     * @param localLibtorch {@value #LIBRARY_PATH}, or null when the natives come from the class path
     */
    static Device device(ExperimentConfig config, int gpuCount, List<NativeJar> natives, String pytorchVersion, String localLibtorch) {
        String choice = config.string("DEVICE");
        if (!List.of("auto", "cpu", "gpu").contains(choice)) {
            throw new ConfigException(config.origin("DEVICE") + ": DEVICE is '" + choice + "'; allowed: auto, cpu, gpu");
        }
        if (choice.equals("cpu") || choice.equals("auto") && gpuCount == 0) {
            return Device.cpu();
        }
        if (gpuCount == 0) {
            throw new CvtException("DEVICE is gpu but no GPU is usable: " + whyNoGpu(natives, pytorchVersion, localLibtorch));
        }
        int card = firstGpu(config);
        if (card >= gpuCount) {
            throw new ConfigException(config.origin("GPUS") + ": GPUS selects card " + card + " but PyTorch sees " + gpuCount
                    + " GPU(s), numbered from 0 (CUDA_VISIBLE_DEVICES renumbers them)");
        }
        return Device.gpu(card);
    }

    private static int firstGpu(ExperimentConfig config) {
        List<Object> gpus = config.list("GPUS");
        if (gpus.isEmpty()) {
            return 0;
        }
        Object first = gpus.get(0);
        if (first instanceof Integer card && card >= 0) {
            return card;
        }
        throw new ConfigException(config.origin("GPUS") + ": GPUS must list card numbers (0, 1, ...), not " + gpus);
    }

    private static String whyNoGpu(List<NativeJar> natives, String pytorchVersion, String localLibtorch) {
        if (localLibtorch != null) {
            return "PyTorch " + pytorchVersion + " is loaded from " + LIBRARY_PATH + "=" + localLibtorch + " and reports 0 GPUs: a "
                    + "libtorch built without CUDA, a PYTORCH_FLAVOR without 'cu' (DJL then loads no CUDA library), or no "
                    + "libcudart.so on LD_LIBRARY_PATH (DJL counts GPUs through it; tools/gpu-check/README.md)";
        }
        if (natives.stream().noneMatch(NativeJar::cuda)) {
            String classifier = natives.stream().map(NativeJar::classifier).findFirst().orElse("linux-x86_64");
            return "only the CPU native of PyTorch is on the class path. Add the CUDA one as a dependency of "
                    + "cvt-maven-plugin (or of the runtime's class path): ai.djl.pytorch:pytorch-native-" + CUDA_FLAVOR + ":"
                    + pytorchVersion + " with <classifier>" + classifier + "</classifier> (in this repository: build with -Pcuda)";
        }
        return "the CUDA native is on the class path but PyTorch reports 0 GPUs: no NVIDIA driver, a driver too old for "
                + "CUDA 12.4, or no CUDA runtime library (libcudart; a container with only the driver falls back to the CPU). "
                + "DJL's warning above, if any, gives the reason; nvidia-smi shows the driver";
    }

    /** One native jar's {@value #NATIVE_PROPERTIES}. */
    record NativeJar(String flavor, String classifier) {
        boolean cuda() {
            return flavor.startsWith("cu");
        }
    }

    /** The PyTorch native jars on the class path. */
    static List<NativeJar> nativeJars() {
        List<NativeJar> found = new ArrayList<>();
        try {
            for (URL url : Collections.list(Engines.class.getClassLoader().getResources(NATIVE_PROPERTIES))) {
                Properties properties = new Properties();
                try (InputStream in = url.openStream()) {
                    properties.load(in);
                }
                found.add(new NativeJar(properties.getProperty("flavor", ""), properties.getProperty("classifier", "")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + NATIVE_PROPERTIES + " on the class path", e);
        }
        return found;
    }
}
