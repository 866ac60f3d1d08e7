package dev.cvt.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Stochastic depth, as timm's {@code drop_path}: in training, drops a residual branch for whole samples
 * with probability {@code rate} and scales the kept ones by {@code 1 / (1 - rate)}; the mask is drawn on
 * the input's device.
 */
public final class DropPath {
    private DropPath() {
    }

    public static NDArray apply(NDArray x, float rate, boolean training) {
        if (!training || rate <= 0) {
            return x;
        }
        float keep = 1 - rate;
        long[] maskShape = new long[x.getShape().dimension()];
        java.util.Arrays.fill(maskShape, 1);
        maskShape[0] = x.getShape().get(0);
        NDArray draw = x.getManager().randomUniform(0, 1, new Shape(maskShape), DataType.FLOAT32, x.getDevice());
        NDArray mask;
        try (NDArray threshold = ScalarOps.constant(draw, keep)) {
            mask = ScalarOps.dividedBy(draw.lt(threshold).toType(x.getDataType(), false), keep);
        }
        return x.mul(mask);
    }
}
