package dev.cvt.runtime.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Resizes a grid of position embeddings {@code [1, h·w, D]} to another grid, as timm's
 * {@code resample_abs_pos_embed}: bicubic with antialiasing ({@code F.interpolate(..., mode='bicubic',
 * antialias=True)}, the PIL filter with a = -0.5, half-pixel centres). DJL's image resize has no
 * antialiasing (and uses a = -0.75), so the interpolation is written here as the separable product
 * {@code rows · grid · colsᵀ} of two weight matrices: differentiable, on the embedding's device.
 */
final class PositionResampling {
    private static final double A = -0.5;

    private PositionResampling() {
    }

    static NDArray resample(NDArray positions, int fromH, int fromW, int toH, int toW) {
        long dim = positions.getShape().get(2);
        NDArray grid = positions.reshape(fromH, fromW * dim);
        NDArray rows = weights(positions, fromH, toH);
        NDArray byRows = rows.matMul(grid).reshape(toH, fromW, dim).transpose(1, 0, 2).reshape(fromW, toH * dim);
        NDArray cols = weights(positions, fromW, toW);
        return cols.matMul(byRows).reshape(toW, toH, dim).transpose(1, 0, 2).reshape(1, (long) toH * toW, dim);
    }

    /** {@code [out, in]}: row i holds the normalised filter weights output i takes from each input. */
    static NDArray weights(NDArray like, int in, int out) {
        float[] w = new float[out * in];
        double scale = (double) in / out;
        double support = 2 * Math.max(scale, 1);
        double invScale = scale >= 1 ? 1 / scale : 1;
        for (int i = 0; i < out; i++) {
            double center = scale * (i + 0.5);
            int min = Math.max((int) (center - support + 0.5), 0);
            int max = Math.min((int) (center + support + 0.5), in);
            double total = 0;
            double[] row = new double[max - min];
            for (int j = min; j < max; j++) {
                row[j - min] = cubic((j - center + 0.5) * invScale);
                total += row[j - min];
            }
            for (int j = min; j < max; j++) {
                w[i * in + j] = (float) (total == 0 ? 0 : row[j - min] / total);
            }
        }
        return like.getManager().create(w, new Shape(out, in)).toDevice(like.getDevice(), false).toType(like.getDataType(), false);
    }

    private static double cubic(double x) {
        double t = Math.abs(x);
        if (t < 1) {
            return ((A + 2) * t - (A + 3)) * t * t + 1;
        }
        if (t < 2) {
            return (((t - 5) * t + 8) * t - 4) * A;
        }
        return 0;
    }
}
