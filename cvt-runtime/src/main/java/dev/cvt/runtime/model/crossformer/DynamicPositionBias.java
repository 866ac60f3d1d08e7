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
import dev.cvt.runtime.model.TokenLinear;

/**
 * The dynamic position bias ({@code DynamicPosBias}, non-residual): an MLP from a relative offset
 * {@code (dy, dx)} to one bias per head, {@code Linear(2→d)}, then three times LayerNorm, ReLU, Linear
 * (the last to the heads), {@code d} a sixteenth of the block's width. Being a function of the offset
 * rather than a table, it serves any group size: {@code [1, T, 2]} → {@code [1, T, heads]}.
 */
final class DynamicPositionBias extends AbstractBlock {
    private final int heads;
    private final Linear posProj;
    private final LayerNorm[] norms = new LayerNorm[3];
    private final Linear[] linears = new Linear[3];

    DynamicPositionBias(int dim, int heads) {
        // the reference builds DynamicPosBias(dim // 4) whose own width is its argument // 4
        int width = dim / 4 / 4;
        this.heads = heads;
        posProj = addChildBlock("pos_proj", Linear.builder().setUnits(width).build());
        for (int i = 0; i < 3; i++) {
            // the reference's nn.Sequential(LayerNorm, ReLU, Linear): children 0 and 2
            norms[i] = addChildBlock("pos" + (i + 1) + ".0", LayerNorm.builder().axis(2).optEpsilon(1e-5f).build());
            linears[i] = addChildBlock("pos" + (i + 1) + ".2", Linear.builder().setUnits(i == 2 ? heads : width).build());
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = TokenLinear.apply(posProj, ps, inputs.head(), training);
        for (int i = 0; i < 3; i++) {
            x = norms[i].forward(ps, new NDList(x), training).head();
            x = TokenLinear.apply(linears[i], ps, Activation.relu(x), training);
        }
        return new NDList(x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {new Shape(inputs[0].get(0), inputs[0].get(1), heads)};
    }

    /** Initialised with {@code [1, T, 2]}: the MAC counter then counts one evaluation per forward pass. */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        Shape in = inputs[0];
        posProj.initialize(manager, dataType, in);
        Shape hidden = posProj.getOutputShapes(new Shape[] {in})[0];
        for (int i = 0; i < 3; i++) {
            norms[i].initialize(manager, dataType, hidden);
            linears[i].initialize(manager, dataType, hidden);
        }
    }
}
