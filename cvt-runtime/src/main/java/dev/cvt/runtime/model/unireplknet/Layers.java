package dev.cvt.runtime.model.unireplknet;

import ai.djl.nn.convolutional.Conv2d;
import dev.cvt.runtime.model.TorchLayers;

/** The depthwise convolutions UniRepLKNet's spatial mixing is made of. */
final class Layers {
    private Layers() {
    }

    /** A size-preserving depthwise convolution. */
    static Conv2d depthwise(int channels, int kernel, int dilation, boolean bias) {
        return TorchLayers.conv(channels, kernel, 1, dilation * (kernel - 1) / 2, dilation, channels, bias);
    }
}
