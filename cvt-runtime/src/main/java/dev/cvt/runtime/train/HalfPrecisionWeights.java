package dev.cvt.runtime.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The weights of mixed-precision training, as apex's O2 keeps them: DJL has no autocast, and its casts
 * are not recorded by autograd, so the model itself holds float16 copies of its convolution and linear
 * weights, biases, tokens and position embeddings while it trains, and backward runs in float16; the
 * optimizer updates float32 master copies, which are copied back into the model after each step.
 * Normalisation parameters and running statistics stay float32: PyTorch's LayerNorm and BatchNorm take
 * float16 input with float32 parameters and compute their statistics in float32.
 *
 * <p>Outside training the model holds its float32 weights: validation, checkpoints and saved models
 * never see the float16 copies.
 */
final class HalfPrecisionWeights {
    static final DataType HALF = DataType.FLOAT16;
    private static final Set<Parameter.Type> FLOAT32 = EnumSet.of(Parameter.Type.GAMMA, Parameter.Type.BETA,
            Parameter.Type.RUNNING_MEAN, Parameter.Type.RUNNING_VAR);

    private final List<Parameter> halved;
    /** The float32 weights by parameter id while the model holds float16 copies; empty otherwise. */
    private final Map<String, NDArray> masters = new HashMap<>();

    HalfPrecisionWeights(Block block) {
        this.halved = block.getParameters().values().stream()
                .filter(p -> p.requiresGradient() && !FLOAT32.contains(p.getType()) && p.getArray().getDataType() == DataType.FLOAT32)
                .toList();
    }

    /** Puts float16 copies into the model, keeping the float32 weights as masters (nothing if done already). */
    void toHalf() {
        if (!masters.isEmpty()) {
            return;
        }
        for (Parameter p : halved) {
            NDArray weight = p.getArray();
            NDArray master = weight.stopGradient().duplicate();
            master.attach(weight.getManager());
            NDArray half = weight.toType(HALF, true);
            replace(p, half);
            masters.put(p.getId(), master);
        }
    }

    /** Puts the float32 masters back into the model (nothing if it holds them already). */
    void toFloat() {
        for (Parameter p : halved) {
            NDArray master = masters.remove(p.getId());
            if (master != null) {
                replace(p, master);
            }
        }
    }

    private static void replace(Parameter p, NDArray array) {
        p.close();
        p.setShape(null);
        p.setArray(array);
        array.setRequiresGradient(true);
    }

    /** The float32 master of a parameter trained in float16; null for the others. */
    NDArray master(Parameter p) {
        return masters.get(p.getId());
    }

    /** The float32 weight of a parameter: its master while it trains in float16, else its array. */
    NDArray float32Weight(Parameter p) {
        NDArray master = masters.get(p.getId());
        return master != null ? master : p.getArray();
    }

    /** Copies a master, just updated, into the model's float16 copy. */
    void copyToModel(Parameter p) {
        try (NDArray half = masters.get(p.getId()).toType(HALF, true); NDArray weight = p.getArray().stopGradient()) {
            weight.set(new NDIndex(":"), half);
        }
    }
}
