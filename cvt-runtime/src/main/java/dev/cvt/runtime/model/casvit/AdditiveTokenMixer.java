package dev.cvt.runtime.model.casvit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.cvt.runtime.model.TorchLayers;

/**
 * Convolutional additive attention ({@code AdditiveTokenMixer}): q, k, v from one 1x1 convolution; q and k
 * each through a spatial then a channel gate; {@code proj(dwc(q + k) · v)}, both depthwise 3x3, then dropout.
 */
final class AdditiveTokenMixer extends AbstractBlock {
    private final Conv2d qkv;
    private final SpatialOperation spatialQ;
    private final ChannelOperation channelQ;
    private final SpatialOperation spatialK;
    private final ChannelOperation channelK;
    private final Conv2d dwc;
    private final Conv2d proj;
    private final float drop;

    AdditiveTokenMixer(int dim, boolean bias, float drop) {
        this.drop = drop;
        qkv = addChildBlock("qkv", Layers.pointwise(3 * dim, bias));
        spatialQ = addChildBlock("oper_q.0", new SpatialOperation(dim));
        channelQ = addChildBlock("oper_q.1", new ChannelOperation(dim));
        spatialK = addChildBlock("oper_k.0", new SpatialOperation(dim));
        channelK = addChildBlock("oper_k.1", new ChannelOperation(dim));
        dwc = addChildBlock("dwc", Layers.depthwise(dim));
        proj = addChildBlock("proj", Layers.depthwise(dim));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList parts = TorchLayers.apply(qkv, ps, inputs.head(), training).split(3, 1);
        NDArray q = TorchLayers.apply(channelQ, ps, TorchLayers.apply(spatialQ, ps, parts.get(0), training), training);
        NDArray k = TorchLayers.apply(channelK, ps, TorchLayers.apply(spatialK, ps, parts.get(1), training), training);
        NDArray out = TorchLayers.apply(dwc, ps, q.add(k), training).mul(parts.get(2));
        out = TorchLayers.apply(proj, ps, out, training);
        return new NDList(TorchLayers.dropout(out, drop, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        Shape shape = inputs[0];
        qkv.initialize(manager, dataType, shape);
        spatialQ.initialize(manager, dataType, shape);
        channelQ.initialize(manager, dataType, shape);
        spatialK.initialize(manager, dataType, shape);
        channelK.initialize(manager, dataType, shape);
        dwc.initialize(manager, dataType, shape);
        proj.initialize(manager, dataType, shape);
    }
}
