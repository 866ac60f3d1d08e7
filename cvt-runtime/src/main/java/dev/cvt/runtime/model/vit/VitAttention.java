package dev.cvt.runtime.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.cvt.runtime.model.MacCounter;
import dev.cvt.runtime.model.ScalarOps;
import dev.cvt.runtime.model.TokenLinear;

/**
 * timm's ViT {@code Attention}: one fused linear layer to queries, keys and values, multi-head scaled
 * dot-product attention (scores scaled by the head dimension^-0.5), the output projection:
 * {@code [N, T, D]} → {@code [N, T, D]}.
 */
final class VitAttention extends AbstractBlock implements MacCounter.Products {
    private final int dim;
    private final int heads;
    private final float attnDrop;
    private final float projDrop;
    private final Linear qkv;
    private final Linear proj;

    VitAttention(VitSpec spec) {
        dim = spec.embedDim();
        heads = spec.numHeads();
        attnDrop = (float) spec.attnDropRate();
        projDrop = (float) spec.dropRate();
        qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * dim).optBias(spec.qkvBias()).build());
        proj = addChildBlock("proj", Linear.builder().setUnits(dim).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        Shape s = x.getShape();
        long n = s.get(0);
        long tokens = s.get(1);
        int headDim = dim / heads;
        NDList qkvParts = TokenLinear.apply(qkv, ps, x, training).reshape(n, tokens, 3, heads, headDim)
                .transpose(2, 0, 3, 1, 4).split(3);
        NDArray q = qkvParts.get(0).squeeze(0);
        NDArray k = qkvParts.get(1).squeeze(0);
        NDArray v = qkvParts.get(2).squeeze(0);
        NDArray scores = ScalarOps.times(q.matMul(k.transpose(0, 1, 3, 2)), (float) Math.pow(headDim, -0.5)).softmax(-1);
        scores = Dropout.dropout(scores, attnDrop, training).head();
        NDArray out = scores.matMul(v).transpose(0, 2, 1, 3).reshape(n, tokens, dim);
        return Dropout.dropout(TokenLinear.apply(proj, ps, out, training), projDrop, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        qkv.initialize(manager, dataType, inputs[0]);
        proj.initialize(manager, dataType, inputs[0]);
    }

    /** Queries × keys and scores × values, per image. */
    @Override
    public long productMacs() {
        long tokens = qkv.getInputShapes()[0].get(1);
        return 2 * tokens * tokens * dim;
    }
}
