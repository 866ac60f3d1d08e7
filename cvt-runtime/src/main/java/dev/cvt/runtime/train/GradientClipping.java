package dev.cvt.runtime.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.util.Collection;

/**
 * {@code TRAIN.CLIP_GRAD_NORM}: rescales all gradients together when their global L2 norm exceeds
 * the limit, as {@code torch.nn.utils.clip_grad_norm_} does (DJL's own clipping is element-wise).
 */
public final class GradientClipping {
    private GradientClipping() {
    }

    /** Clips in place; returns the global norm before clipping. Gradient handles are closed after use. */
    public static double clipByGlobalNorm(Collection<Parameter> parameters, double maxNorm) {
        double squares = 0;
        for (Parameter p : parameters) {
            if (p.requiresGradient()) {
                try (NDArray grad = p.getArray().getGradient(); NDArray sum = grad.square().sum()) {
                    squares += sum.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
                }
            }
        }
        double norm = Math.sqrt(squares);
        double coefficient = maxNorm / (norm + 1e-6);
        if (maxNorm > 0 && coefficient < 1) {
            for (Parameter p : parameters) {
                if (p.requiresGradient()) {
                    try (NDArray grad = p.getArray().getGradient()) {
                        grad.muli((float) coefficient);
                    }
                }
            }
        }
        return norm;
    }
}
