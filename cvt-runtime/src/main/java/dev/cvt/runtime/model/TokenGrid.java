package dev.cvt.runtime.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.util.PairList;

/**
 * The height and width of a token grid, passed to a block with its input through {@code forward}'s
 * parameters (as the reference code's {@code forward(x, h, w)}): blocks keep no per-call state and can
 * run on inputs of any size.
 */
public record TokenGrid(int height, int width) {
    private static final String KEY = "grid";

    /** The parameters of a {@code forward} call that carry this grid. */
    public PairList<String, Object> params() {
        PairList<String, Object> params = new PairList<>();
        params.add(KEY, this);
        return params;
    }

    /** The grid passed to {@code forward}. */
    public static TokenGrid of(PairList<String, Object> params) {
        if (params != null && params.get(KEY) instanceof TokenGrid grid) {
            return grid;
        }
        throw new IllegalArgumentException("this block needs its token grid: forward(ps, x, training, grid.params())");
    }

    /** {@code [n, channels, height, width]}. */
    public Shape shape(long n, long channels) {
        return new Shape(n, channels, height, width);
    }
}
