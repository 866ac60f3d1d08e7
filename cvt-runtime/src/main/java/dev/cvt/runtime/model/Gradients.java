package dev.cvt.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Collection;

/**
 * Clears the parameters' gradients. DJL's PyTorch engine lets them accumulate: neither the gradient
 * collector nor {@code Trainer.step()} resets them (the optimizer is handed a copy), so without this
 * every step would apply the sum of all gradients so far, and a resumed run, starting from zero,
 * would diverge from an uninterrupted one.
 *
 * <p>The gradient is set to zero by PyTorch's {@code grad.zero_()} (DJL's engine call for it): a
 * subtraction {@code g − g}, DJL's own {@code zeroGradients}, leaves NaN where a gradient overflowed,
 * and a mixed-precision step that was skipped for an overflow must start the next one from zero.
 */
public final class Gradients {
    private Gradients() {
    }

    public static void zero(Collection<Parameter> parameters) {
        for (Parameter p : parameters) {
            if (p.requiresGradient() && p.isInitialized() && p.getArray().hasGradient()) {
                JniUtils.zeroGrad((PtNDArray) p.getArray());
            }
        }
    }
}
