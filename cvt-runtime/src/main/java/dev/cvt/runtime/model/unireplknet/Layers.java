package dev.cvt.runtime.model.unireplknet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;

/** The PyTorch layers UniRepLKNet is made of, built with PyTorch's settings. */
final class Layers {
    /** {@code nn.BatchNorm2d}'s eps, which folding a BatchNorm into a convolution needs too. */
    static final float BATCH_NORM_EPS = 1e-5f;

    private Layers() {
    }

    /** {@code nn.Conv2d(in, filters, kernel, stride, padding, dilation, groups=groups, bias=bias)}. */
    static Conv2d conv(int filters, int kernel, int stride, int padding, int dilation, int groups, boolean bias) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding)).optDilation(new Shape(dilation, dilation)).optGroups(groups).optBias(bias)
                .build();
    }

    /** A size-preserving depthwise convolution: what the blocks' spatial mixing is made of. */
    static Conv2d depthwise(int channels, int kernel, int dilation, boolean bias) {
        return conv(channels, kernel, 1, dilation * (kernel - 1) / 2, dilation, channels, bias);
    }

    /**
     * {@code nn.BatchNorm2d} with its defaults, eps 1e-5 and momentum 0.1: DJL's momentum is the weight of
     * the running statistics (its PyTorch engine passes {@code 1 - momentum} to libtorch), so 0.9.
     */
    static BatchNorm batchNorm() {
        return BatchNorm.builder().optEpsilon(BATCH_NORM_EPS).optMomentum(0.9f).build();
    }

    /** The output shape of an initialised-or-not block for one input shape. */
    static Shape out(Block block, Shape in) {
        return block.getOutputShapes(new Shape[] {in})[0];
    }

    /** {@code block(x)} for a block of one input and one output. */
    static NDArray apply(Block block, ParameterStore ps, NDArray x, boolean training) {
        return block.forward(ps, new NDList(x), training).head();
    }
}
