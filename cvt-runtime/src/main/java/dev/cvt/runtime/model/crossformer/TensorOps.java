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
     * {@code table[index]} for a 2-D table and integer indices of any shape: the table's rows picked by
     * {@code index}, shape {@code index.shape + [columns]}; gradients flow back to the table (a gather).
     */
    static NDArray rows(NDArray table, NDArray index) {
        long columns = table.getShape().get(1);
        NDArray flat = index.reshape(-1, 1).broadcast(index.size(), columns);
        return table.gather(flat, 0).reshape(index.getShape().add(columns));
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
