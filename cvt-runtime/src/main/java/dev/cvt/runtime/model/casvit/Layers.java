package dev.cvt.runtime.model.casvit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;

/** The PyTorch layers CAS-ViT is made of, built with PyTorch's settings. */
final class Layers {
    private Layers() {
    }

    /** {@code nn.Conv2d(in, filters, kernel, stride, padding, groups=groups, bias=bias)}. */
    static Conv2d conv(int filters, int kernel, int stride, int padding, int groups, boolean bias) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding)).optGroups(groups).optBias(bias).build();
    }

    /** A 1x1 convolution. */
    static Conv2d pointwise(int filters, boolean bias) {
        return conv(filters, 1, 1, 0, 1, bias);
    }

    /** A depthwise 3x3 convolution with bias, size-preserving. */
    static Conv2d depthwise(int channels) {
        return conv(channels, 3, 1, 1, channels, true);
    }

    /**
     * {@code nn.BatchNorm2d} with its defaults, eps 1e-5 and momentum 0.1: DJL's momentum is the weight of
     * the running statistics (its PyTorch engine passes {@code 1 - momentum} to libtorch), so 0.9.
     */
    static BatchNorm batchNorm() {
        return BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build();
    }

    /** The output shape of an initialised-or-not block for one input shape. */
    static Shape out(Block block, Shape in) {
        return block.getOutputShapes(new Shape[] {in})[0];
    }

    /** {@code block(x)} for a block of one input and one output. */
    static NDArray apply(Block block, ParameterStore ps, NDArray x, boolean training) {
        return block.forward(ps, new NDList(x), training).head();
    }

    /** {@code nn.Dropout(rate)}: nothing outside training or at rate 0. */
    static NDArray dropout(NDArray x, float rate, boolean training) {
        return training && rate > 0 ? Dropout.dropout(x, rate, true).head() : x;
    }
}
