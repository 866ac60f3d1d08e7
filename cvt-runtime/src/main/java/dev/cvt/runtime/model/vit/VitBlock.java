package dev.cvt.runtime.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.cvt.runtime.model.DropPath;
import dev.cvt.runtime.model.TokenLinear;

/**
 * timm's ViT {@code Block}: {@code x + dropPath(attn(norm1(x)))}, then {@code x + dropPath(mlp(norm2(x)))};
 * LayerNorm with eps 1e-6, the MLP {@code dim → ratio·dim → dim} with (exact) GELU.
 */
final class VitBlock extends AbstractBlock {
    static final float NORM_EPS = 1e-6f;

    private final float dropPath;
    private final float drop;
    private final LayerNorm norm1;
    private final VitAttention attn;
    private final LayerNorm norm2;
    private final Linear fc1;
    private final Linear fc2;

    VitBlock(VitSpec spec, double dropPath) {
        this.dropPath = (float) dropPath;
        this.drop = (float) spec.dropRate();
        norm1 = addChildBlock("norm1", LayerNorm.builder().axis(2).optEpsilon(NORM_EPS).build());
        attn = addChildBlock("attn", new VitAttention(spec));
        norm2 = addChildBlock("norm2", LayerNorm.builder().axis(2).optEpsilon(NORM_EPS).build());
        fc1 = addChildBlock("mlp.fc1", Linear.builder().setUnits(spec.mlpHidden()).build());
        fc2 = addChildBlock("mlp.fc2", Linear.builder().setUnits(spec.embedDim()).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDArray a = attn.forward(ps, norm1.forward(ps, new NDList(x), training), training).head();
        x = x.add(DropPath.apply(a, dropPath, training));
        NDArray normed = norm2.forward(ps, new NDList(x), training).head();
        NDArray h = TokenLinear.mlp(fc1, fc2, Activation::gelu, ps, normed, drop, training);
        return new NDList(x.add(DropPath.apply(h, dropPath, training)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        Shape tokens = inputs[0];
        norm1.initialize(manager, dataType, tokens);
        attn.initialize(manager, dataType, tokens);
        norm2.initialize(manager, dataType, tokens);
        fc1.initialize(manager, dataType, tokens);
        fc2.initialize(manager, dataType, fc1.getOutputShapes(new Shape[] {tokens})[0]);
    }
}
