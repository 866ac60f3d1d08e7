package dev.cvt.runtime.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import dev.cvt.runtime.model.ScalarOps;
import java.util.Collection;

/**
 * The global L2 norm of all gradients, and {@code TRAIN.CLIP_GRAD_NORM}: every gradient times
 * {@code min(1, limit / (norm + 1e-6))}, as {@code torch.nn.utils.clip_grad_norm_} does (DJL's own
 * clipping is element-wise). All on the device: nothing is read back; the factor is applied even when
 * it is 1, as PyTorch does, rather than asking the host whether it is.
 */
public final class GradientClipping {
    private GradientClipping() {
    }

    /** The global norm of the gradients, computed in float32, a scalar on their device (the caller closes it). */
    public static NDArray globalNorm(Collection<Parameter> parameters) {
        NDList norms = new NDList();
        try {
            for (Parameter p : parameters) {
                if (p.requiresGradient()) {
                    try (NDArray grad = p.getArray().getGradient()) {
                        if (grad.getDataType() == DataType.FLOAT32) {
                            norms.add(grad.norm());
                        } else {
                            // a float16 norm overflows at 65504: scaled gradients reach that easily
                            try (NDArray wide = grad.toType(DataType.FLOAT32, true)) {
                                norms.add(wide.norm());
                            }
                        }
                    }
                }
            }
            try (NDArray stacked = NDArrays.stack(norms)) {
                return stacked.norm();
            }
        } finally {
            norms.close();
        }
    }

    /** {@code min(1, maxNorm / (norm + 1e-6))}, a scalar on the norm's device (the caller closes it). */
    public static NDArray factor(NDArray norm, double maxNorm) {
        try (NDArray denominator = ScalarOps.plus(norm, 1e-6f); NDArray limit = ScalarOps.constant(norm, (float) maxNorm);
             NDArray ratio = limit.div(denominator)) {
            return ratio.clip(0, 1);
        }
    }

    /** Multiplies every gradient by {@code factor}, a scalar array, in place. */
    public static void scale(Collection<Parameter> parameters, NDArray factor) {
        for (Parameter p : parameters) {
            if (p.requiresGradient()) {
                try (NDArray grad = p.getArray().getGradient()) {
                    grad.muli(factor);
                }
            }
        }
    }

    /** Clips in place by the global norm; returns the norm before clipping (the caller closes it). */
    public static NDArray clipByGlobalNorm(Collection<Parameter> parameters, double maxNorm) {
        NDArray norm = globalNorm(parameters);
        try (NDArray factor = factor(norm, maxNorm)) {
            scale(parameters, factor);
        }
        return norm;
    }
}
