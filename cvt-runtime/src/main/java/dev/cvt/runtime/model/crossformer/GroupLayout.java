package dev.cvt.runtime.model.crossformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.cvt.runtime.model.ScalarOps;

/**
 * How one CrossFormer block groups an {@code height × width} token grid, worked out per call from the
 * grid (as the reference does once per block for its fixed input resolution):
 * <ul>
 * <li>short-distance attention (SDA) groups {@code group × group} adjacent tokens; long-distance attention
 * (LDA) groups the tokens {@code interval} apart, the grid cut into {@code interval × interval}-token
 * cells;</li>
 * <li>a grid whose smaller side is at most the group size is one group of that side, with SDA;</li>
 * <li>the grid is padded at the bottom and right to whole groups (whole {@code interval·group} spans for
 * LDA); attention ignores the padded tokens through {@link #keyMask}.</li>
 * </ul>
 */
record GroupLayout(int group, boolean longDistance, int interval, int height, int width, int paddedHeight, int paddedWidth) {
    /** The reference's NEG_INF: added to the scores of padded keys, so that softmax gives them exactly 0. */
    private static final float MASKED = -1_000_000f;

    static GroupLayout of(int height, int width, int groupSize, int interval, boolean longDistance) {
        int group = groupSize;
        boolean lda = longDistance;
        if (Math.min(height, width) <= groupSize) {
            group = Math.min(height, width);
            lda = false;
        }
        int span = lda ? interval * group : group;
        return new GroupLayout(group, lda, interval, height, width, roundUp(height, span), roundUp(width, span));
    }

    private static int roundUp(int n, int multiple) {
        return (n + multiple - 1) / multiple * multiple;
    }

    /** Tokens per group. */
    int tokens() {
        return group * group;
    }

    /** Groups per image. */
    int groups() {
        return paddedHeight * paddedWidth / tokens();
    }

    boolean padded() {
        return paddedHeight != height || paddedWidth != width;
    }

    /** {@code [B, H, W, C]} → {@code [B, Hp, Wp, C]}, zeros at the bottom and right. */
    NDArray pad(NDArray x) {
        return padded() ? TensorOps.padEnd(x, new int[] {1, 2}, new long[] {paddedHeight - height, paddedWidth - width}) : x;
    }

    /** {@code [B, Hp, Wp, C]} → {@code [B·groups, group², C]}, groups in image-major order. */
    NDArray group(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(3);
        long g = group;
        if (!longDistance) {
            return x.reshape(b, paddedHeight / g, g, paddedWidth / g, g, c).transpose(0, 1, 3, 2, 4, 5).reshape(-1, g * g, c);
        }
        long i = interval;
        return x.reshape(b, paddedHeight / (g * i), g, i, paddedWidth / (g * i), g, i, c).transpose(0, 1, 4, 3, 6, 2, 5, 7)
                .reshape(-1, g * g, c);
    }

    /** The inverse of {@link #group}, then the padding cut off: {@code [B·groups, group², C]} → {@code [B, H, W, C]}. */
    NDArray ungroup(NDArray x, long batch) {
        long c = x.getShape().get(2);
        long g = group;
        NDArray grid;
        if (!longDistance) {
            grid = x.reshape(batch, paddedHeight / g, paddedWidth / g, g, g, c).transpose(0, 1, 3, 2, 4, 5);
        } else {
            long i = interval;
            grid = x.reshape(batch, paddedHeight / (g * i), paddedWidth / (g * i), i, i, g, g, c).transpose(0, 1, 5, 3, 2, 6, 4, 7);
        }
        grid = grid.reshape(batch, paddedHeight, paddedWidth, c);
        return padded() ? grid.get(":, :{}, :{}", height, width) : grid;
    }

    /**
     * {@code [groups, group²]}: 0 for the keys of real tokens, -1e6 for padded ones, on {@code like}'s
     * device; null without padding. The reference masks keys only: queries of padded tokens are computed
     * and cut off by {@link #ungroup}.
     */
    NDArray keyMask(NDArray like) {
        if (!padded()) {
            return null;
        }
        try (NDArray ones = like.getManager().ones(new Shape(1, height, width, 1), like.getDataType(), like.getDevice());
             NDArray real = pad(ones); NDArray grouped = group(real); NDArray shifted = ScalarOps.plus(grouped, -1f)) {
            return ScalarOps.times(shifted, -MASKED).reshape(groups(), tokens());
        }
    }
}
