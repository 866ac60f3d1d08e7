package dev.cvt.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * One CvT stage: convolutional token embedding, an optional cls token and position embedding, then
 * {@code DEPTH} blocks with drop-path rates rising linearly from 0 to the stage's rate.
 * {@code [N, C, H, W]} → the token grid {@code [N, dim, H', W']}, and the cls token {@code [N, 1, dim]}
 * as a second output when the stage has one.
 */
final class CvtStage extends AbstractBlock {
    private final ConvEmbedding embed;
    private final List<CvtBlock> blocks = new ArrayList<>();
    private final Parameter clsToken;
    private final Parameter posEmbed;
    private final float drop;
    private final int dim;

    CvtStage(CvtSpec spec, int stage) {
        dim = spec.dimEmbed()[stage];
        drop = (float) spec.dropRate()[stage];
        embed = addChildBlock("patch_embed", new ConvEmbedding(spec.patchSize()[stage], spec.patchStride()[stage],
                spec.patchPadding()[stage], dim));
        clsToken = spec.clsToken()[stage] ? addParameter(Parameter.builder().setName("cls_token")
                .setType(Parameter.Type.WEIGHT).optShape(new Shape(1, 1, dim))
                .optInitializer(new TruncatedNormalInitializer(0.02f)).build()) : null;
        // the grid size is known only at initialisation: the shape is set there
        posEmbed = spec.posEmbed()[stage] ? addParameter(Parameter.builder().setName("pos_embed")
                .setType(Parameter.Type.WEIGHT).optInitializer(new TruncatedNormalInitializer(0.02f)).build()) : null;
        int depth = spec.depth()[stage];
        for (int b = 0; b < depth; b++) {
            double rate = depth > 1 ? spec.dropPathRate()[stage] * b / (depth - 1) : 0;
            blocks.add(addChildBlock("block" + b, new CvtBlock(spec, stage, rate)));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray image = inputs.head();
        int h = (int) embed.out(image.getShape().get(2));
        int w = (int) embed.out(image.getShape().get(3));
        NDArray x = embed.forward(ps, inputs, training).head();
        long n = x.getShape().get(0);
        if (clsToken != null) {
            // zeros first: a result belongs to its first operand's manager, and this one is the step's
            NDArray cls = x.getManager().zeros(new Shape(n, 1, dim), x.getDataType())
                    .add(ps.getValue(clsToken, x.getDevice(), training));
            x = cls.concat(x, 1);
        }
        if (posEmbed != null) {
            x = x.add(ps.getValue(posEmbed, x.getDevice(), training));
        }
        x = Dropout.dropout(x, drop, training).head();
        PairList<String, Object> grid = new TokenGrid(h, w).params();
        for (CvtBlock block : blocks) {
            x = BlockScope.forward(block, ps, x, training, grid);
        }
        NDArray cls = null;
        if (clsToken != null) {
            NDList parts = x.split(new long[] {1}, 1);
            cls = parts.get(0);
            x = parts.get(1);
        }
        NDArray out = x.transpose(0, 2, 1).reshape(n, dim, h, w);
        return cls == null ? new NDList(out) : new NDList(out, cls);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape in = inputs[0];
        Shape grid = new Shape(in.get(0), dim, embed.out(in.get(2)), embed.out(in.get(3)));
        return clsToken == null ? new Shape[] {grid} : new Shape[] {grid, new Shape(in.get(0), 1, dim)};
    }

    @Override
    protected void prepare(Shape[] inputs) {
        if (posEmbed != null) {
            long tokens = embed.out(inputs[0].get(2)) * embed.out(inputs[0].get(3)) + (clsToken != null ? 1 : 0);
            posEmbed.setShape(new Shape(1, tokens, dim));
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        embed.initialize(manager, dataType, inputs[0]);
        Shape tokens = embed.getOutputShapes(inputs)[0];
        if (clsToken != null) {
            tokens = new Shape(tokens.get(0), tokens.get(1) + 1, tokens.get(2));
        }
        Shape grid = new TokenGrid((int) embed.out(inputs[0].get(2)), (int) embed.out(inputs[0].get(3))).shape(tokens.get(0), dim);
        for (CvtBlock block : blocks) {
            block.initialize(manager, dataType, tokens, grid);
        }
    }
}
