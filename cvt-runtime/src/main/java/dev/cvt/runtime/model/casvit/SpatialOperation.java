package dev.cvt.runtime.model.casvit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.cvt.runtime.model.TorchLayers;

/**
 * The spatial gate ({@code SpatialOperation}): {@code x · sigmoid(conv1x1→1(relu(bn(dwconv3x3(x)))))}, one
 * weight per position; children named as the original's {@code block} Sequential.
 */
final class SpatialOperation extends AbstractBlock {
    private final Conv2d depthwise;
    private final BatchNorm norm;
    private final Conv2d gate;

    SpatialOperation(int dim) {
        depthwise = addChildBlock("block.0", Layers.depthwise(dim));
        norm = addChildBlock("block.1", TorchLayers.batchNorm());
        // block.2 is the ReLU, block.4 the sigmoid
        gate = addChildBlock("block.3", Layers.pointwise(1, false));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDArray w = TorchLayers.apply(depthwise, ps, x, training);
        w = Activation.relu(TorchLayers.apply(norm, ps, w, training));
        w = Activation.sigmoid(TorchLayers.apply(gate, ps, w, training));
        return new NDList(x.mul(w));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        Shape shape = inputs[0];
        depthwise.initialize(manager, dataType, shape);
        norm.initialize(manager, dataType, shape);
        gate.initialize(manager, dataType, shape);
    }
}
