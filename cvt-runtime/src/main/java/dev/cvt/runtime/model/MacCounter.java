package dev.cvt.runtime.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;

/**
 * Multiply-accumulates per image of an initialised block, counted from the shapes its convolutions and
 * linear layers were initialised with, plus the matrix products of attention blocks
 * ({@link Products}). Norms, softmax, activations and biases are left out, as the usual counters do.
 */
public final class MacCounter {
    /** A block that multiplies activations with each other (attention), which no parameter shape reveals. */
    public interface Products {
        /** The MACs of those products per image, for the shapes the block was initialised with. */
        long productMacs();
    }

    private MacCounter() {
    }

    public static long perSample(Block block) {
        long macs = 0;
        if (block instanceof Convolution conv) {
            Shape in = conv.getInputShapes()[0];
            Shape out = conv.getOutputShapes(new Shape[] {in})[0];
            macs += out.size() / in.get(0) * (in.get(1) / conv.getGroups()) * conv.getKernelShape().size();
        } else if (block instanceof Linear linear) {
            Shape in = linear.getInputShapes()[0];
            Shape out = linear.getOutputShapes(new Shape[] {in})[0];
            macs += out.size() / in.get(0) * in.get(in.dimension() - 1);
        }
        if (block instanceof Products products) {
            macs += products.productMacs();
        }
        for (Block child : block.getChildren().values()) {
            macs += perSample(child);
        }
        return macs;
    }
}
