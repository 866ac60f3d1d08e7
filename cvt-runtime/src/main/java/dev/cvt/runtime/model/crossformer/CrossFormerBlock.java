package dev.cvt.runtime.model.crossformer;

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
 * A CrossFormer block ({@code CrossFormerBlock}) on the token grid {@code [B, H, W, C]} (channels last,
 * so the grid travels with the tokens): {@code x + dropPath(ungroup(attn(group(pad(norm1(x))))))}, then
 * {@code x + dropPath(mlp(norm2(x)))}; LayerNorm eps 1e-5, the MLP {@code C → ratio·C → C} with exact
 * GELU. Even blocks of a stage use short-distance attention, odd ones long-distance ({@link GroupLayout}).
 */
final class CrossFormerBlock extends AbstractBlock {
    static final float NORM_EPS = 1e-5f;

    private final int groupSize;
    private final int interval;
    private final boolean longDistance;
    private final float dropPath;
    private final float drop;
    private final LayerNorm norm1;
    private final GroupAttention attn;
    private final LayerNorm norm2;
    private final Linear fc1;
    private final Linear fc2;

    CrossFormerBlock(int dim, int heads, int groupSize, int interval, boolean longDistance, int hidden, float drop, float dropPath) {
        this.groupSize = groupSize;
        this.interval = interval;
        this.longDistance = longDistance;
        this.dropPath = dropPath;
        this.drop = drop;
        norm1 = addChildBlock("norm1", channelNorm());
        attn = addChildBlock("attn", new GroupAttention(dim, heads, drop));
        norm2 = addChildBlock("norm2", channelNorm());
        fc1 = addChildBlock("mlp.fc1", Linear.builder().setUnits(hidden).build());
        fc2 = addChildBlock("mlp.fc2", Linear.builder().setUnits(dim).build());
    }

    /** {@code nn.LayerNorm(C)} over the last axis of {@code [B, H, W, C]}. */
    static LayerNorm channelNorm() {
        return LayerNorm.builder().axis(3).optEpsilon(NORM_EPS).build();
    }

    private GroupLayout layout(Shape grid) {
        return GroupLayout.of((int) grid.get(1), (int) grid.get(2), groupSize, interval, longDistance);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        GroupLayout layout = layout(x.getShape());
        NDArray groups = layout.group(layout.pad(norm1.forward(ps, new NDList(x), training).head()));
        NDArray mask = layout.keyMask(x);
        NDList attnInputs = mask == null ? new NDList(groups) : new NDList(groups, mask);
        NDArray a = layout.ungroup(attn.forward(ps, attnInputs, training).head(), x.getShape().get(0));
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
        GroupLayout layout = layout(tokens);
        norm1.initialize(manager, dataType, tokens);
        attn.initialize(manager, dataType, new Shape(tokens.get(0), layout.groups(), layout.tokens(), tokens.get(3)));
        norm2.initialize(manager, dataType, tokens);
        fc1.initialize(manager, dataType, tokens);
        fc2.initialize(manager, dataType, fc1.getOutputShapes(new Shape[] {tokens})[0]);
    }
}
