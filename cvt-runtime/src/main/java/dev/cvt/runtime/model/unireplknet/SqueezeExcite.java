package dev.cvt.runtime.model.unireplknet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.cvt.runtime.model.TorchLayers;

/**
 * Squeeze-and-excitation ({@code SEBlock}): the map's mean per channel through a 1x1 convolution to
 * {@code C / 4} channels, ReLU, a 1x1 convolution back, sigmoid; the result scales the channels.
 */
final class SqueezeExcite extends AbstractBlock {
    private final Conv2d down;
    private final Conv2d up;

    SqueezeExcite(int channels) {
        down = addChildBlock("down", TorchLayers.conv(channels / 4, 1, 1, 0, 1, 1, true));
        up = addChildBlock("up", TorchLayers.conv(channels, 1, 1, 0, 1, 1, true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        Shape s = x.getShape();
        // the mean over the map as one axis: DJL's PyTorch mean keeps the dimensions of one axis only
        NDArray pooled = x.reshape(s.get(0), s.get(1), -1).mean(new int[] {2}, true).reshape(s.get(0), s.get(1), 1, 1);
        NDArray weights = Activation.relu(TorchLayers.apply(down, ps, pooled, training));
        weights = Activation.sigmoid(TorchLayers.apply(up, ps, weights, training));
        return new NDList(x.mul(weights));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        Shape pooled = new Shape(inputs[0].get(0), inputs[0].get(1), 1, 1);
        down.initialize(manager, dataType, pooled);
        up.initialize(manager, dataType, TorchLayers.out(down, pooled));
    }
}
