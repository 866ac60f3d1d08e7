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
 * The block's local branch ({@code LocalIntegration}, ratio 1): 1x1 convolution, BatchNorm, depthwise 3x3
 * convolution, GELU, 1x1 convolution; children named as the original's {@code network} Sequential.
 */
final class LocalIntegration extends AbstractBlock {
    private final Conv2d expand;
    private final BatchNorm norm;
    private final Conv2d depthwise;
    private final Conv2d reduce;

    LocalIntegration(int dim) {
        expand = addChildBlock("network.0", Layers.pointwise(dim, true));
        norm = addChildBlock("network.1", TorchLayers.batchNorm());
        depthwise = addChildBlock("network.2", Layers.depthwise(dim));
        // network.3 is the GELU
        reduce = addChildBlock("network.4", Layers.pointwise(dim, true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = TorchLayers.apply(expand, ps, inputs.head(), training);
        x = TorchLayers.apply(norm, ps, x, training);
        x = Activation.gelu(TorchLayers.apply(depthwise, ps, x, training));
        return new NDList(TorchLayers.apply(reduce, ps, x, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        Shape shape = inputs[0];
        expand.initialize(manager, dataType, shape);
        norm.initialize(manager, dataType, shape);
        depthwise.initialize(manager, dataType, shape);
        reduce.initialize(manager, dataType, shape);
    }
}
