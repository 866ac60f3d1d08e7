package dev.cvt.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import java.util.function.UnaryOperator;

/**
 * A linear layer on tokens {@code [N, T, C]}, as one matrix product with the bias fused in, and the
 * transformer MLP made of two of them.
 *
 * <p>DJL's {@code Linear} calls libtorch's C++ {@code torch::nn::functional::linear}, which fuses the
 * bias ({@code addmm}) only for 2-D input: on tokens it multiplies, then adds the bias in a second
 * pass over the output (PyTorch's Python {@code F.linear} flattens and fuses). Folding the leading
 * axes first gives the fused product.
 */
public final class TokenLinear {
    private TokenLinear() {
    }

    public static NDArray apply(Linear linear, ParameterStore ps, NDArray tokens, boolean training) {
        Shape s = tokens.getShape();
        if (s.dimension() == 2) {
            return linear.forward(ps, new NDList(tokens), training).head();
        }
        NDArray rows = tokens.reshape(-1, s.get(s.dimension() - 1));
        NDArray out = linear.forward(ps, new NDList(rows), training).head();
        return out.reshape(s.slice(0, s.dimension() - 1).add(out.getShape().get(1)));
    }

    /**
     * A transformer block's MLP on tokens, as timm's {@code Mlp}: {@code fc1}, the activation, dropout,
     * {@code fc2}, dropout (the residual and its drop path stay with the block).
     */
    public static NDArray mlp(Linear fc1, Linear fc2, UnaryOperator<NDArray> activation, ParameterStore ps, NDArray tokens,
                              float drop, boolean training) {
        NDArray h = Dropout.dropout(activation.apply(apply(fc1, ps, tokens, training)), drop, training).head();
        return Dropout.dropout(apply(fc2, ps, h, training), drop, training).head();
    }
}
