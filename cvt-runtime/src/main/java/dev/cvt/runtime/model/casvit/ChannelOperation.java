package dev.cvt.runtime.model.casvit;

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
 * The channel gate ({@code ChannelOperation}): {@code x · sigmoid(conv1x1(mean over H, W of x))}, one weight
 * per channel; the convolution is the original's {@code block.1} (block.0 the pooling, block.2 the sigmoid).
 */
final class ChannelOperation extends AbstractBlock {
    private final Conv2d gate;

    ChannelOperation(int dim) {
        gate = addChildBlock("block.1", Layers.pointwise(dim, false));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        Shape s = x.getShape();
        // the mean over the map, [N, C, 1, 1]; libtorch's mean here takes one axis
        NDArray pooled = x.reshape(s.get(0), s.get(1), -1).mean(new int[] {2}, true).reshape(s.get(0), s.get(1), 1, 1);
        NDArray w = Activation.sigmoid(TorchLayers.apply(gate, ps, pooled, training));
        return new NDList(x.mul(w));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        Shape s = inputs[0];
        gate.initialize(manager, dataType, new Shape(s.get(0), s.get(1), 1, 1));
    }
}
