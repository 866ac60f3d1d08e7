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

/** The block's MLP ({@code Mlp}) on the feature map: 1x1 convolution, GELU, dropout, 1x1 convolution, dropout. */
final class Mlp extends AbstractBlock {
    private final Conv2d fc1;
    private final Conv2d fc2;
    private final float drop;

    Mlp(int dim, int hidden, float drop) {
        this.drop = drop;
        fc1 = addChildBlock("fc1", Layers.pointwise(hidden, true));
        fc2 = addChildBlock("fc2", Layers.pointwise(dim, true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = Activation.gelu(TorchLayers.apply(fc1, ps, inputs.head(), training));
        x = TorchLayers.dropout(x, drop, training);
        x = TorchLayers.apply(fc2, ps, x, training);
        return new NDList(TorchLayers.dropout(x, drop, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        fc1.initialize(manager, dataType, inputs[0]);
        fc2.initialize(manager, dataType, TorchLayers.out(fc1, inputs[0]));
    }
}
