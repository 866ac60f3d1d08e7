package dev.cvt.runtime.model.crossformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.cvt.runtime.model.Engines;
import org.junit.jupiter.api.Test;

class TensorOpsTest {
    @Test
    void meshgridIsTorchsWithIjIndexing() {
        try (NDManager manager = Engines.pytorch(0).newBaseManager()) {
            NDList grid = TensorOps.meshgrid(manager.create(new float[] {1, 2}), manager.create(new float[] {5, 6, 7}));
            assertEquals(new Shape(2, 3), grid.get(0).getShape());
            assertArrayEquals(new float[] {1, 1, 1, 2, 2, 2}, grid.get(0).toFloatArray());
            assertArrayEquals(new float[] {5, 6, 7, 5, 6, 7}, grid.get(1).toFloatArray());
        }
    }

    @Test
    void rowsPicksTableRowsAndSendsGradientsBack() {
        try (NDManager manager = Engines.pytorch(0).newBaseManager()) {
            NDArray table = manager.create(new float[] {0, 1, 10, 11, 20, 21}, new Shape(3, 2));
            table.setRequiresGradient(true);
            NDArray index = manager.create(new long[] {2, 0, 2, 1}, new Shape(2, 2));
            try (GradientCollector collector = Engines.pytorch(0).newGradientCollector()) {
                NDArray picked = TensorOps.rows(table, TensorOps.rowIndex(index, 2), index.getShape());
                assertEquals(new Shape(2, 2, 2), picked.getShape());
                assertArrayEquals(new float[] {20, 21, 0, 1, 20, 21, 10, 11}, picked.toFloatArray());
                collector.backward(picked.sum());
            }
            // each row's gradient counts how often it was picked
            assertArrayEquals(new float[] {1, 1, 1, 1, 2, 2}, table.getGradient().toFloatArray());
        }
    }

    @Test
    void padEndAppendsZerosToTheGivenAxes() {
        try (NDManager manager = Engines.pytorch(0).newBaseManager()) {
            NDArray x = manager.ones(new Shape(1, 2, 2, 1));
            NDArray padded = TensorOps.padEnd(x, new int[] {1, 2}, new long[] {1, 2});
            assertEquals(new Shape(1, 3, 4, 1), padded.getShape());
            assertArrayEquals(new float[] {1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0}, padded.toFloatArray());
        }
    }
}
