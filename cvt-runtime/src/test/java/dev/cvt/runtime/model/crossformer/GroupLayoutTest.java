package dev.cvt.runtime.model.crossformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.cvt.runtime.model.Engines;
import org.junit.jupiter.api.Test;

class GroupLayoutTest {
    /** A 231 × 310 spectrogram at stride 4: the 57 × 77 grid is padded to whole groups, and to whole 56-token spans for LDA. */
    @Test
    void aGridThatIsNoMultipleOfTheGroupIsPadded() {
        GroupLayout sda = GroupLayout.of(57, 77, 7, 8, false);
        assertEquals(new GroupLayout(7, false, 8, 57, 77, 63, 77), sda);
        assertEquals(9 * 11, sda.groups());
        GroupLayout lda = GroupLayout.of(57, 77, 7, 8, true);
        assertEquals(new GroupLayout(7, true, 8, 57, 77, 112, 112), lda);
        assertEquals(256, lda.groups());
        // a side at most the group size: one group of that side, short-distance
        assertEquals(new GroupLayout(3, false, 2, 3, 5, 3, 6), GroupLayout.of(3, 5, 7, 2, true));
        assertFalse(GroupLayout.of(14, 21, 7, 1, true).padded());
    }

    @Test
    void groupingRoundTripsAndLongDistanceGroupsTokensIntervalApart() {
        try (NDManager manager = Engines.pytorch(0).newBaseManager()) {
            // 4 x 4 tokens numbered row-major, groups of 2 x 2 tokens 2 apart
            NDArray x = manager.arange(0f, 16f).reshape(1, 4, 4, 1);
            GroupLayout lda = GroupLayout.of(4, 4, 2, 2, true);
            NDArray groups = lda.group(x);
            assertEquals(new Shape(4, 4, 1), groups.getShape());
            assertArrayEquals(new float[] {0, 2, 8, 10}, groups.get(0).toFloatArray());
            assertArrayEquals(new float[] {1, 3, 9, 11}, groups.get(1).toFloatArray());
            assertEquals(x, lda.ungroup(groups, 1));
            GroupLayout sda = GroupLayout.of(4, 4, 2, 2, false);
            assertArrayEquals(new float[] {0, 1, 4, 5}, sda.group(x).get(0).toFloatArray());
            assertEquals(x, sda.ungroup(sda.group(x), 1));
        }
    }

    @Test
    void theMaskHidesThePaddedKeysOnly() {
        try (NDManager manager = Engines.pytorch(0).newBaseManager()) {
            NDArray like = manager.zeros(new Shape(1), DataType.FLOAT32);
            GroupLayout layout = GroupLayout.of(3, 5, 2, 1, false);
            assertTrue(layout.padded());
            NDArray mask = layout.keyMask(like);
            assertEquals(new Shape(6, 4), mask.getShape());
            // the group at the bottom right holds token (2, 4) and three padded ones
            assertArrayEquals(new float[] {0, -1e6f, -1e6f, -1e6f}, mask.get(5).toFloatArray());
            assertArrayEquals(new float[] {0, 0, 0, 0}, mask.get(0).toFloatArray());
            NDArray x = manager.arange(0f, 15f).reshape(1, 3, 5, 1);
            assertEquals(x, layout.ungroup(layout.group(layout.pad(x)), 1));
            assertNull(GroupLayout.of(4, 4, 2, 1, false).keyMask(like));
        }
    }
}
