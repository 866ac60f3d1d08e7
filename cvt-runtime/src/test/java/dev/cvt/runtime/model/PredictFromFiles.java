package dev.cvt.runtime.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;

/** Run in a fresh JVM by {@link ModelFilesTest}: loads a saved model and prints its logits' bits. */
public final class PredictFromFiles {
    private PredictFromFiles() {
    }

    public static void main(String[] args) {
        Engines.pytorch(0);
        try (Model model = ModelFiles.load(Path.of(args[0]), args[1], Device.cpu())) {
            MultiViewClassifier block = (MultiViewClassifier) model.getBlock();
            ModelFiles.Info info = ModelFiles.info(Path.of(args[0]), args[1]);
            try (NDManager manager = model.getNDManager().newSubManager()) {
                for (float v : predict(block, manager, info.height(), info.width())) {
                    System.out.println(Integer.toHexString(Float.floatToIntBits(v)));
                }
            }
        }
    }

    /** Logits of a fixed input, in inference mode. */
    static float[] predict(MultiViewClassifier block, NDManager manager, int height, int width) {
        Shape shape = block.inputShape(2, height, width);
        NDArray x = manager.arange(0f, (float) shape.size()).reshape(shape).mul(0.37f).sin();
        return block.forward(new ParameterStore(manager, false), new NDList(x), false).head().toFloatArray();
    }
}
