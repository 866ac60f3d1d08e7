package dev.cvt.runtime.model.casvit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.cvt.runtime.model.DropPath;
import dev.cvt.runtime.model.TorchLayers;

/**
 * One CAS-ViT block ({@code AdditiveBlock}): {@code x + local(x)}, then {@code x + dropPath(attn(norm1(x)))},
 * then {@code x + dropPath(mlp(norm2(x)))}, the norms BatchNorm.
 */
final class AdditiveBlock extends AbstractBlock {
    private final LocalIntegration local;
    private final BatchNorm norm1;
    private final AdditiveTokenMixer attn;
    private final BatchNorm norm2;
    private final Mlp mlp;
    private final float dropPath;

    AdditiveBlock(int dim, int hidden, boolean attnBias, float drop, float dropPath) {
        this.dropPath = dropPath;
        local = addChildBlock("local_perception", new LocalIntegration(dim));
        norm1 = addChildBlock("norm1", TorchLayers.batchNorm());
        attn = addChildBlock("attn", new AdditiveTokenMixer(dim, attnBias, drop));
        norm2 = addChildBlock("norm2", TorchLayers.batchNorm());
        mlp = addChildBlock("mlp", new Mlp(dim, hidden, drop));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        x = x.add(TorchLayers.apply(local, ps, x, training));
        NDArray mixed = TorchLayers.apply(attn, ps, TorchLayers.apply(norm1, ps, x, training), training);
        x = x.add(DropPath.apply(mixed, dropPath, training));
        NDArray mlpOut = TorchLayers.apply(mlp, ps, TorchLayers.apply(norm2, ps, x, training), training);
        return new NDList(x.add(DropPath.apply(mlpOut, dropPath, training)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        Shape shape = inputs[0];
        local.initialize(manager, dataType, shape);
        norm1.initialize(manager, dataType, shape);
        attn.initialize(manager, dataType, shape);
        norm2.initialize(manager, dataType, shape);
        mlp.initialize(manager, dataType, shape);
    }
}
