package dev.cvt.runtime.model.crossformer;

import ai.djl.Device;
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
 * Multi-head self-attention within groups ({@code Attention}): queries, keys and values from one linear
 * layer, scores {@code (q·scale)·kᵀ} plus the dynamic position bias of each query-key offset, plus the
 * key mask of padded tokens where given, softmax, the output projection. Inputs: the groups
 * {@code [B·groups, group², C]} and, with padding, the mask {@code [groups, group²]}; the group's side
 * is the square root of its token count.
 */
final class GroupAttention extends AbstractBlock implements MacCounter.Products {
    private final int dim;
    private final int heads;
    private final float drop;
    private final Linear qkv;
    private final Linear proj;
    private final DynamicPositionBias pos;
    /** Made once for the group size the block is initialised with, on the model's manager. */
    private PairRows pairRows;

    GroupAttention(int dim, int heads, float drop) {
        this.dim = dim;
        this.heads = heads;
        this.drop = drop;
        pos = addChildBlock("pos", new DynamicPositionBias(dim, heads));
        qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * dim).build());
        proj = addChildBlock("proj", Linear.builder().setUnits(dim).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray mask = inputs.size() > 1 ? inputs.get(1) : null;
        Shape s = x.getShape();
        long n = s.get(0);
        long tokens = s.get(1);
        int headDim = dim / heads;
        NDList parts = TokenLinear.apply(qkv, ps, x, training).reshape(n, tokens, 3, heads, headDim).transpose(2, 0, 3, 1, 4).split(3);
        NDArray q = ScalarOps.times(parts.get(0).squeeze(0), (float) Math.pow(headDim, -0.5));
        NDArray k = parts.get(1).squeeze(0);
        NDArray v = parts.get(2).squeeze(0);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).add(positionBias(ps, x, (int) Math.round(Math.sqrt(tokens)), training));
        if (mask != null) {
            long groups = mask.getShape().get(0);
            scores = scores.reshape(n / groups, groups, heads, tokens, tokens).add(mask.reshape(1, groups, 1, 1, tokens))
                    .reshape(n, heads, tokens, tokens);
        }
        NDArray out = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(n, tokens, dim);
        return Dropout.dropout(TokenLinear.apply(proj, ps, out, training), drop, training);
    }

    /**
     * {@code [1, heads, g², g²]}: the bias MLP evaluated at every offset {@code (dy, dx)} in
     * {@code (-g, g)²}, then picked per query-key pair of a {@code g × g} group.
     */
    private NDArray positionBias(ParameterStore ps, NDArray like, int g, boolean training) {
        NDManager manager = like.getManager();
        NDArray span = manager.arange(1 - g, g, 1, like.getDataType(), like.getDevice());
        NDList offsets = TensorOps.meshgrid(span, span);
        NDArray table = pos.forward(ps, new NDList(offsets.get(0).stack(offsets.get(1), 2).reshape(1, -1, 2)), training).head()
                .reshape(-1, heads);
        PairRows rows = pairRows != null && pairRows.fits(g, like) ? pairRows : PairRows.of(manager, g, heads, like.getDevice());
        return TensorOps.rows(table, rows.index(), new Shape(g * g, g * g)).transpose(2, 0, 1).expandDims(0);
    }

    /**
     * The table row of each query-key pair of a {@code g × g} group, as {@link TensorOps#rowIndex} for the
     * heads' columns: a constant of the group size, like the reference's {@code relative_position_index} buffer.
     */
    private record PairRows(int side, NDArray index) {
        /** Made on a scratch manager: only the index stays on {@code manager}. */
        static PairRows of(NDManager manager, int g, int heads, Device device) {
            try (NDManager scratch = manager.newSubManager(device)) {
                NDArray coords = scratch.arange(0, g, 1, DataType.INT64, device);
                NDList grid = TensorOps.meshgrid(coords, coords);
                // the offset of a pair as a row of the table: (dy + g - 1) · (2g - 1) + (dx + g - 1)
                NDArray dy = ScalarOps.plus(pairDifferences(grid.get(0)), g - 1);
                NDArray dx = ScalarOps.plus(pairDifferences(grid.get(1)), g - 1);
                NDArray index = TensorOps.rowIndex(ScalarOps.times(dy, 2 * g - 1).add(dx), heads);
                index.attach(manager);
                return new PairRows(g, index);
            }
        }

        boolean fits(int g, NDArray like) {
            return side == g && index.getDevice().equals(like.getDevice());
        }
    }

    /** {@code [g, g]} coordinates → {@code [g², g²]}: the query's minus the key's. */
    private static NDArray pairDifferences(NDArray coordinate) {
        NDArray flat = coordinate.reshape(-1);
        return flat.reshape(-1, 1).sub(flat.reshape(1, -1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0]};
    }

    /**
     * Initialised with the grouped tokens {@code [B, groups, g², C]}: the MAC counter then counts the
     * linear layers per image, padded tokens included, as they are computed.
     */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        int g = (int) Math.round(Math.sqrt(inputs[0].get(2)));
        pos.initialize(manager, dataType, new Shape(1, (2L * g - 1) * (2L * g - 1), 2));
        pairRows = PairRows.of(manager, g, heads, manager.getDevice());
        qkv.initialize(manager, dataType, inputs[0]);
        proj.initialize(manager, dataType, inputs[0]);
    }

    /** Queries × keys and scores × values within each group, per image. */
    @Override
    public long productMacs() {
        Shape grouped = qkv.getInputShapes()[0];
        return 2 * grouped.get(1) * grouped.get(2) * grouped.get(2) * dim;
    }
}
