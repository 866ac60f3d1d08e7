package dev.cvt.runtime.model.unireplknet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.initializer.Initializer;
import dev.cvt.runtime.model.ScalarOps;
import dev.cvt.runtime.model.TorchLayers;
import java.util.List;

/**
 * The arithmetic of structural re-parameterisation (the authors' {@code fuse_bn} and
 * {@code merge_dilated_into_large_kernel}): an eval-mode BatchNorm is a per-channel affine map, so it
 * folds into the weights and bias of the layer before it; a dilated depthwise kernel is a sparse larger
 * kernel, so parallel branches sum into one kernel. Computed in float32 on detached arrays.
 *
 * <p>The folded backbone receives the values through {@link #given} initializers: a new block's
 * parameters get their shapes only when it is initialised, and an initialised parameter cannot take
 * another array.
 */
final class Folding {
    /** A folded layer: weight and bias, float32. */
    record Layer(NDArray weight, NDArray bias) {
    }

    private Folding() {
    }

    /** A parameter's values, detached, in float32 (mixed-precision training leaves float16 weights). */
    static NDArray value(Block block, String name) {
        return value(block.getParameters().get(name));
    }

    static NDArray value(Parameter p) {
        return p.getArray().stopGradient().toType(DataType.FLOAT32, true);
    }

    /** The data type of a parameter: the folded parameter that replaces it keeps it. */
    static DataType typeOf(Block block, String name) {
        return block.getParameters().get(name).getArray().getDataType();
    }

    /** {@code γ / sqrt(running_var + eps)} per channel. */
    static NDArray scale(BatchNorm bn) {
        return value(bn, "gamma").div(ScalarOps.plus(value(bn, "runningVar"), TorchLayers.BATCH_NORM_EPS).sqrt());
    }

    /** {@code bn(conv(x))} as one layer: weight scaled per output channel (axis 0), bias {@code β + (b - μ)·scale}. */
    static Layer fuse(NDArray weight, NDArray bias, BatchNorm bn) {
        NDArray scale = scale(bn);
        long[] perOutput = new long[weight.getShape().dimension()];
        java.util.Arrays.fill(perOutput, 1);
        perOutput[0] = -1;
        NDArray centred = bias == null ? value(bn, "runningMean").neg() : bias.sub(value(bn, "runningMean"));
        return new Layer(weight.mul(scale.reshape(perOutput)), value(bn, "beta").add(centred.mul(scale)));
    }

    /**
     * A depthwise kernel {@code [C, 1, k, k]} of dilation {@code r} added into a centred larger kernel
     * {@code [C, 1, K, K]}: its taps land every r-th position of the span {@code r·(k-1)+1} in the middle.
     */
    static NDArray addDilated(NDArray large, NDArray small, int dilation) {
        long k = small.getShape().get(2);
        long span = dilation * (k - 1) + 1;
        long from = large.getShape().get(2) / 2 - span / 2;
        NDArray sum = large.duplicate();
        NDIndex taps = new NDIndex(":, :, {}:{}:{}, {}:{}:{}", from, from + span, dilation, from, from + span, dilation);
        sum.set(taps, sum.get(taps).add(small));
        return sum;
    }

    /** An initializer that gives {@code value} in {@code type}: how a folded parameter gets its computed value. */
    static Initializer given(NDArray value, DataType type) {
        return (manager, shape, requested) -> {
            if (!shape.equals(value.getShape())) {
                throw new IllegalStateException("folded value of shape " + value.getShape() + " for a parameter of shape " + shape);
            }
            NDArray out = value.toType(type, true);
            out.attach(manager);
            return out;
        };
    }

    /** Every parameter of {@code to} gets the values of its counterpart in {@code from}, a block of the same structure. */
    static void copyAll(Block from, Block to) {
        List<Parameter> source = from.getParameters().values();
        List<Parameter> target = to.getParameters().values();
        for (int i = 0; i < target.size(); i++) {
            target.get(i).setInitializer(given(value(source.get(i)), source.get(i).getArray().getDataType()));
        }
    }
}
