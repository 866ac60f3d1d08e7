package dev.cvt.runtime.model;

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

/**
 * A pre-norm transformer block: {@code x + dropPath(attn(norm1(x)))}, then
 * {@code x + dropPath(mlp(norm2(x)))}; the MLP is {@code dim → ratio·dim → dim} with QuickGELU. The
 * attention needs the token grid: {@code forward}'s parameters carry it ({@link TokenGrid}).
 */
final class CvtBlock extends AbstractBlock {
    private final float dropPath;
    private final float drop;
    private final LayerNorm norm1;
    private final ConvAttention attn;
    private final LayerNorm norm2;
    private final Linear fc1;
    private final Linear fc2;

    CvtBlock(CvtSpec spec, int stage, double dropPath) {
        this.dropPath = (float) dropPath;
        this.drop = (float) spec.dropRate()[stage];
        int dim = spec.dimEmbed()[stage];
        norm1 = addChildBlock("norm1", LayerNorm.builder().axis(2).build());
        attn = addChildBlock("attn", new ConvAttention(spec, stage));
        norm2 = addChildBlock("norm2", LayerNorm.builder().axis(2).build());
        fc1 = addChildBlock("mlp_fc1", Linear.builder().setUnits((long) (dim * spec.mlpRatio()[stage])).build());
        fc2 = addChildBlock("mlp_fc2", Linear.builder().setUnits(dim).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDArray a = attn.forward(ps, norm1.forward(ps, new NDList(x), training), training, params).head();
        x = x.add(DropPath.apply(a, dropPath, training));
        NDArray normed = norm2.forward(ps, new NDList(x), training).head();
        NDArray h = TokenLinear.mlp(fc1, fc2, CvtBlock::quickGelu, ps, normed, drop, training);
        return new NDList(x.add(DropPath.apply(h, dropPath, training)));
    }

    /** {@code x·sigmoid(1.702x)}, the GELU approximation the original uses. */
    static NDArray quickGelu(NDArray x) {
        return x.mul(Activation.sigmoid(ScalarOps.times(x, 1.702f)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        Shape tokens = inputs[0];
        norm1.initialize(manager, dataType, tokens);
        attn.initialize(manager, dataType, inputs);
        norm2.initialize(manager, dataType, tokens);
        fc1.initialize(manager, dataType, tokens);
        fc2.initialize(manager, dataType, fc1.getOutputShapes(new Shape[] {tokens})[0]);
    }
}
