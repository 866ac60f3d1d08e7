package dev.cvt.runtime.model.casvit;

import ai.djl.nn.convolutional.Conv2d;
import dev.cvt.runtime.model.TorchLayers;

/** The convolutions CAS-ViT is made of. */
final class Layers {
    private Layers() {
    }

    /** {@code nn.Conv2d(in, filters, kernel, stride, padding, groups=groups, bias=bias)}. */
    static Conv2d conv(int filters, int kernel, int stride, int padding, int groups, boolean bias) {
        return TorchLayers.conv(filters, kernel, stride, padding, 1, groups, bias);
    }

    /** A 1x1 convolution. */
    static Conv2d pointwise(int filters, boolean bias) {
        return conv(filters, 1, 1, 0, 1, bias);
    }

    /** A depthwise 3x3 convolution with bias, size-preserving. */
    static Conv2d depthwise(int channels) {
        return conv(channels, 3, 1, 1, channels, true);
    }
}
