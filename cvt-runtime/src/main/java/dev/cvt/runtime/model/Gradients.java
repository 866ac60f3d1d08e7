package dev.cvt.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.util.Collection;

/**
 * Clears the parameters' gradients. DJL's PyTorch engine lets them accumulate: neither the gradient
 * collector nor {@code Trainer.step()} resets them (the optimizer is handed a copy), so without this
 * every step would apply the sum of all gradients so far, and a resumed run, starting from zero,
 * would diverge from an uninterrupted one.
 */
public final class Gradients {
    private Gradients() {
    }

    public static void zero(Collection<Parameter> parameters) {
        for (Parameter p : parameters) {
            if (p.requiresGradient() && p.isInitialized()) {
                NDArray array = p.getArray();
                if (array.hasGradient()) {
                    try (NDArray grad = array.getGradient()) {
                        grad.subi(grad);
                    }
                }
            }
        }
    }
}
