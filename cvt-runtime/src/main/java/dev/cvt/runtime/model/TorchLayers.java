package dev.cvt.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;

/** PyTorch's layers built with PyTorch's settings, for the backbones ported from PyTorch code. */
public final class TorchLayers {
    /** {@code nn.BatchNorm2d}'s eps, which folding a BatchNorm into a convolution needs too. */
    public static final float BATCH_NORM_EPS = 1e-5f;

    private TorchLayers() {
    }

    /** {@code nn.Conv2d(in, filters, kernel, stride, padding, dilation, groups=groups, bias=bias)}. */
    public static Conv2d conv(int filters, int kernel, int stride, int padding, int dilation, int groups, boolean bias) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding)).optDilation(new Shape(dilation, dilation)).optGroups(groups).optBias(bias)
                .build();
    }

    /**
     * {@code nn.BatchNorm2d} with its defaults, eps 1e-5 and momentum 0.1: DJL's momentum is the weight of
     * the running statistics (its PyTorch engine passes {@code 1 - momentum} to libtorch), so 0.9.
     */
    public static BatchNorm batchNorm() {
        return BatchNorm.builder().optEpsilon(BATCH_NORM_EPS).optMomentum(0.9f).build();
    }

    /** The output shape of an initialised-or-not block for one input shape. */
    public static Shape out(Block block, Shape in) {
        return block.getOutputShapes(new Shape[] {in})[0];
    }

    /** {@code block(x)} for a block of one input and one output. */
    public static NDArray apply(Block block, ParameterStore ps, NDArray x, boolean training) {
        return block.forward(ps, new NDList(x), training).head();
    }

    /** {@code nn.Dropout(rate)}: nothing outside training or at rate 0. */
    public static NDArray dropout(NDArray x, float rate, boolean training) {
        return training && rate > 0 ? Dropout.dropout(x, rate, true).head() : x;
    }
}
