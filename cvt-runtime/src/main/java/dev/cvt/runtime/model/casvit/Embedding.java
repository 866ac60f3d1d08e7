package dev.cvt.runtime.model.casvit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.cvt.runtime.model.TorchLayers;

/** The downsampling between two stages ({@code Embedding}): a 3x3 convolution of stride 2, then BatchNorm. */
final class Embedding extends AbstractBlock {
    private final Conv2d proj;
    private final BatchNorm norm;

    Embedding(int channels) {
        proj = addChildBlock("proj", Layers.conv(channels, 3, 2, 1, 1, true));
        norm = addChildBlock("norm", TorchLayers.batchNorm());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = TorchLayers.apply(proj, ps, inputs.head(), training);
        return new NDList(TorchLayers.apply(norm, ps, x, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return proj.getOutputShapes(inputs);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        proj.initialize(manager, dataType, inputs[0]);
        norm.initialize(manager, dataType, TorchLayers.out(proj, inputs[0]));
    }
}
