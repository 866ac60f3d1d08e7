package dev.cvt.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Multiplication by a constant inside the forward pass, safe for autograd.
 *
 * <p>DJL's {@code NDArray.mul(Number)} wraps the number in a one-element array whose memory is a
 * Java direct buffer, and closes that array as soon as the product is computed. PyTorch's autograd
 * keeps the factor for the backward pass; if the garbage collector frees the buffer before then,
 * the backward pass reads freed memory and the gradients are garbage or NaN. That happened at
 * random, depending on when the collector ran: identical runs drifted apart, tiny runs turned NaN.
 * Here the factor is created by PyTorch itself ({@code full}), so autograd's reference keeps it alive.
 */
final class ScalarOps {
    private ScalarOps() {
    }

    static NDArray times(NDArray x, float factor) {
        try (NDArray f = x.getManager().full(new Shape(), factor, x.getDataType())) {
            return x.mul(f);
        }
    }
}
