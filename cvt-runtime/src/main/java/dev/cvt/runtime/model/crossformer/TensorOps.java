package dev.cvt.runtime.model.crossformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * The PyTorch tensor helpers CrossFormer uses that DJL has no direct counterpart for, made of DJL
 * operations that run on the arrays' device (no constants copied from the host, no loop in Java).
 */
final class TensorOps {
    private TensorOps() {
    }

    /**
     * {@code torch.meshgrid([rows, cols], indexing='ij')}: two {@code [len(rows), len(cols)]} arrays, the
     * first repeating {@code rows} along the columns, the second {@code cols} along the rows.
     */
    static NDList meshgrid(NDArray rows, NDArray cols) {
        Shape grid = new Shape(rows.size(), cols.size());
        return new NDList(rows.reshape(-1, 1).broadcast(grid), cols.reshape(1, -1).broadcast(grid));
    }

    /**
     * Integer indices of any shape as a gather index for a table of {@code columns} columns,
     * {@code [index.size(), columns]}: made once where the indices are a constant (see {@link #rows}).
     */
    static NDArray rowIndex(NDArray index, long columns) {
        // a copy of its own, not a broadcast view of the caller's (often short-lived) array
        return index.reshape(-1, 1).broadcast(index.size(), columns).duplicate();
    }

    /**
     * {@code table[index]} for a 2-D table: its rows picked by the indices {@code rowIndex} was made from
     * (of shape {@code indexShape}), shape {@code indexShape + [columns]}; gradients flow back to the
     * table (a gather). The result belongs to the table's manager.
     */
    static NDArray rows(NDArray table, NDArray rowIndex, Shape indexShape) {
        return table.gather(rowIndex, 0).reshape(indexShape.add(table.getShape().get(1)));
    }

    /**
     * {@code F.pad} with zeros after the end of the given axes: {@code after[i]} entries appended to axis
     * {@code axes[i]} (PyTorch's pad list runs from the last axis backwards, two entries per axis).
     */
    static NDArray padEnd(NDArray x, int[] axes, long[] after) {
        int rank = x.getShape().dimension();
        long[] pad = new long[2 * rank];
        for (int i = 0; i < axes.length; i++) {
            pad[2 * (rank - 1 - axes[i]) + 1] = after[i];
        }
        return x.pad(new Shape(pad), 0);
    }
}
