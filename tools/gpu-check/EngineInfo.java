import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.pytorch.jni.LibUtils;
import java.util.Locale;
import java.util.Random;

/**
 * The GPU check's first question: which libtorch DJL loaded, whether it sees a GPU, and whether a
 * small conv → LayerNorm → GELU → matmul → softmax chain gives the same numbers on CPU and GPU
 * (max relative difference). A stand-in for the runtime's device-check until that exists.
 *
 * <pre>java -cp classes:jars/* EngineInfo [cpu|gpu]</pre>
 *
 * Prints "key: value" lines; exit code 0, or 3 when asked for gpu and none is seen.
 */
public final class EngineInfo {
    private EngineInfo() {
    }

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        String want = args.length > 0 ? args[0] : "gpu";
        Engine engine = Engine.getEngine("PyTorch");
        int gpus = engine.getGpuCount();
        System.out.println("djl: " + Engine.getDjlVersion());
        System.out.println("pytorch: " + engine.getVersion());
        System.out.println("libtorch: " + LibUtils.getLibtorchPath());
        System.out.println("gpus: " + gpus);
        System.out.println("default device: " + engine.defaultDevice());
        Device device = want.equals("gpu") ? Device.gpu() : Device.cpu();
        if (want.equals("gpu") && gpus == 0) {
            System.out.println("check: no GPU");
            System.exit(3);
        }
        float[] x = random(2 * 3 * 32 * 32, 1);
        float[] w = random(16 * 3 * 3 * 3, 2);
        float[] m = random(16 * 10, 3);
        float[] onCpu = chain(Device.cpu(), x, w, m);
        long start = System.nanoTime();
        float[] onDevice = chain(device, x, w, m);
        double ms = (System.nanoTime() - start) / 1e6;
        double maxRel = 0;
        for (int i = 0; i < onCpu.length; i++) {
            double rel = Math.abs(onCpu[i] - onDevice[i]) / Math.max(Math.abs(onCpu[i]), 1e-6);
            maxRel = Math.max(maxRel, rel);
        }
        System.out.println(String.format(Locale.ROOT, "check: %s vs cpu, %d outputs, max rel diff %.3g (%.0f ms)",
                device, onCpu.length, maxRel, ms));
    }

    private static float[] chain(Device device, float[] x, float[] w, float[] m) {
        try (NDManager manager = NDManager.newBaseManager(device)) {
            NDArray input = manager.create(x, new Shape(2, 3, 32, 32));
            NDArray weight = manager.create(w, new Shape(16, 3, 3, 3));
            NDArray conv = Conv2d.conv2d(input, weight, null, new Shape(2, 2), new Shape(1, 1), new Shape(1, 1), 1).head();
            NDArray tokens = conv.reshape(2, 16, -1).transpose(0, 2, 1); // (2, 256, 16)
            NDArray normed = LayerNorm.layerNorm(tokens, new Shape(16), manager.ones(new Shape(16)),
                    manager.zeros(new Shape(16)), 1e-5f).head();
            NDArray out = Activation.gelu(normed).matMul(manager.create(m, new Shape(16, 10))).softmax(-1);
            return out.toFloatArray();
        }
    }

    private static float[] random(int n, long seed) {
        Random random = new Random(seed);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
