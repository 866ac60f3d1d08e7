package dev.cvt.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Fuses the views' feature vectors {@code [B, V, D]}: multi-head self-attention across the views (as
 * PyTorch's {@code nn.MultiheadAttention}: one input projection to q, k, v with bias, scores scaled
 * by the head dimension, an output projection), a residual add, LayerNorm, then the mean over views:
 * {@code [B, D]}.
 */
final class MergeAttention extends AbstractBlock {
    static final int HEADS = 4;

    private final int dim;
    private final Linear inProj;
    private final Linear outProj;
    private final LayerNorm norm;

    MergeAttention(int dim) {
        this.dim = dim;
        inProj = addChildBlock("in_proj", Linear.builder().setUnits(3L * dim).build());
        outProj = addChildBlock("out_proj", Linear.builder().setUnits(dim).build());
        norm = addChildBlock("norm", LayerNorm.builder().axis(2).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        Shape s = x.getShape();
        long b = s.get(0);
        long v = s.get(1);
        int headDim = dim / HEADS;
        NDList qkv = TokenLinear.apply(inProj, ps, x, training).reshape(b, v, 3, HEADS, headDim).transpose(2, 0, 3, 1, 4).split(3);
        NDArray q = qkv.get(0).squeeze(0);
        NDArray k = qkv.get(1).squeeze(0);
        NDArray value = qkv.get(2).squeeze(0);
        NDArray attention = ScalarOps.times(q.matMul(k.transpose(0, 1, 3, 2)), (float) Math.pow(headDim, -0.5)).softmax(-1);
        NDArray merged = attention.matMul(value).transpose(0, 2, 1, 3).reshape(b, v, dim);
        NDArray out = TokenLinear.apply(outProj, ps, merged, training);
        return new NDList(norm.forward(ps, new NDList(x.add(out)), training).head().mean(new int[] {1}));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {new Shape(inputs[0].get(0), dim)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        inProj.initialize(manager, dataType, inputs[0]);
        outProj.initialize(manager, dataType, inputs[0]);
        norm.initialize(manager, dataType, inputs[0]);
    }
}
