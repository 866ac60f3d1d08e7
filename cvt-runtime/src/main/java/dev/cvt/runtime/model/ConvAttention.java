package dev.cvt.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * CvT attention: queries, keys and values each come from a convolutional projection of the token
 * grid ({@code dw_bn}: depthwise conv + BatchNorm; {@code avg}: average pooling; {@code linear}:
 * none), keys and values spatially downsampled by their stride, then linear projections and
 * multi-head scaled dot-product attention. The cls token skips the convolution. As in the original,
 * scores are scaled by {@code dim^-0.5} of the whole dimension, not the head's. The token grid comes
 * with the input, in {@code forward}'s parameters ({@link TokenGrid}).
 */
final class ConvAttention extends AbstractBlock implements MacCounter.Products {
    private final int dim;
    private final int heads;
    private final float attnDrop;
    private final float projDrop;
    private final boolean cls;
    private final Projection q;
    private final Projection k;
    private final Projection v;
    private final Linear projQ;
    private final Linear projK;
    private final Linear projV;
    private final Linear proj;

    ConvAttention(CvtSpec spec, int stage) {
        dim = spec.dimEmbed()[stage];
        heads = spec.numHeads()[stage];
        attnDrop = (float) spec.attnDropRate()[stage];
        projDrop = (float) spec.dropRate()[stage];
        cls = spec.clsToken()[stage];
        String method = spec.qkvProjMethod()[stage];
        int kernel = spec.kernelQkv()[stage];
        // as the original: with 'avg' only keys and values are pooled, queries are the tokens as they are
        q = new Projection("conv_proj_q", "avg".equals(method) ? "linear" : method, kernel, spec.strideQ()[stage],
                spec.paddingQ()[stage]);
        k = new Projection("conv_proj_k", method, kernel, spec.strideKv()[stage], spec.paddingKv()[stage]);
        v = new Projection("conv_proj_v", method, kernel, spec.strideKv()[stage], spec.paddingKv()[stage]);
        boolean bias = spec.qkvBias()[stage];
        projQ = addChildBlock("proj_q", Linear.builder().setUnits(dim).optBias(bias).build());
        projK = addChildBlock("proj_k", Linear.builder().setUnits(dim).optBias(bias).build());
        projV = addChildBlock("proj_v", Linear.builder().setUnits(dim).optBias(bias).build());
        proj = addChildBlock("proj", Linear.builder().setUnits(dim).build());
    }

    /** One of the q/k/v convolutional projections; its blocks are children of the attention. */
    private final class Projection {
        private final String method;
        private final int kernel;
        private final int stride;
        private final int padding;
        private final Block conv;
        private final Block bn;

        Projection(String name, String method, int kernel, int stride, int padding) {
            this.method = method;
            this.kernel = kernel;
            this.stride = stride;
            this.padding = padding;
            if ("dw_bn".equals(method)) {
                conv = addChildBlock(name + "_conv", Conv2d.builder().setKernelShape(new Shape(kernel, kernel))
                        .optStride(new Shape(stride, stride)).optPadding(new Shape(padding, padding))
                        .setFilters(dim).optGroups(dim).optBias(false).build());
                bn = addChildBlock(name + "_bn", BatchNorm.builder().build());
            } else {
                conv = null;
                bn = null;
            }
        }

        /**
         * Tokens {@code [N, HW, C]} → projected tokens {@code [N, H'W', C]}.
         *
         * @param grid the same tokens as a grid {@code [N, C, H, W]}, made once for the three projections
         */
        NDArray apply(ParameterStore ps, NDArray tokens, NDArray grid, boolean training) {
            if ("linear".equals(method)) {
                return tokens;
            }
            long n = tokens.getShape().get(0);
            NDArray x = grid;
            if (conv != null) {
                x = conv.forward(ps, new NDList(x), training).head();
                x = bn.forward(ps, new NDList(x), training).head();
            } else {
                x = Pool.avgPool2d(x, new Shape(kernel, kernel), new Shape(stride, stride), new Shape(padding, padding), true, true);
            }
            Shape s = x.getShape();
            return x.reshape(n, dim, s.get(2) * s.get(3)).transpose(0, 2, 1);
        }

        long tokens(long side) {
            if ("linear".equals(method)) {
                return side;
            }
            return ConvEmbedding.side(side, kernel, stride, padding, conv == null);
        }

        void initialize(NDManager manager, DataType dataType, Shape grid) {
            if (conv != null) {
                conv.initialize(manager, dataType, grid);
                bn.initialize(manager, dataType, conv.getOutputShapes(new Shape[] {grid})[0]);
            }
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        TokenGrid tokenGrid = TokenGrid.of(params);
        NDArray clsToken = null;
        if (cls) {
            NDList parts = x.split(new long[] {1}, 1);
            clsToken = parts.get(0);
            x = parts.get(1);
        }
        // as the original: the tokens become a grid once (a copy: the transposed view is not contiguous)
        NDArray grid = "linear".equals(q.method) && "linear".equals(k.method) && "linear".equals(v.method) ? null
                : x.transpose(0, 2, 1).reshape(tokenGrid.shape(x.getShape().get(0), dim));
        NDArray query = withCls(clsToken, q.apply(ps, x, grid, training));
        NDArray key = withCls(clsToken, k.apply(ps, x, grid, training));
        NDArray value = withCls(clsToken, v.apply(ps, x, grid, training));
        query = heads(TokenLinear.apply(projQ, ps, query, training));
        key = heads(TokenLinear.apply(projK, ps, key, training));
        value = heads(TokenLinear.apply(projV, ps, value, training));
        NDArray scores = ScalarOps.times(query.matMul(key.transpose(0, 1, 3, 2)), (float) Math.pow(dim, -0.5)).softmax(-1);
        scores = Dropout.dropout(scores, attnDrop, training).head();
        NDArray out = scores.matMul(value);
        Shape s = out.getShape();
        out = out.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(2), dim);
        out = TokenLinear.apply(proj, ps, out, training);
        return Dropout.dropout(out, projDrop, training);
    }

    private static NDArray withCls(NDArray clsToken, NDArray tokens) {
        return clsToken == null ? tokens : clsToken.concat(tokens, 1);
    }

    /** {@code [N, T, C]} → {@code [N, heads, T, C / heads]}. */
    private NDArray heads(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), heads, dim / heads).transpose(0, 2, 1, 3);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        long n = inputs[0].get(0);
        long extra = cls ? 1 : 0;
        Shape grid = inputs[1];
        long h = grid.get(2);
        long w = grid.get(3);
        q.initialize(manager, dataType, grid);
        k.initialize(manager, dataType, grid);
        v.initialize(manager, dataType, grid);
        projQ.initialize(manager, dataType, new Shape(n, q.tokens(h) * q.tokens(w) + extra, dim));
        projK.initialize(manager, dataType, new Shape(n, k.tokens(h) * k.tokens(w) + extra, dim));
        projV.initialize(manager, dataType, new Shape(n, v.tokens(h) * v.tokens(w) + extra, dim));
        proj.initialize(manager, dataType, inputs[0]);
    }

    /** The two attention products, queries × keys and scores × values, per image. */
    @Override
    public long productMacs() {
        Shape queries = projQ.getInputShapes()[0];
        long keys = projK.getInputShapes()[0].get(1);
        return 2 * queries.get(1) * keys * dim;
    }
}
