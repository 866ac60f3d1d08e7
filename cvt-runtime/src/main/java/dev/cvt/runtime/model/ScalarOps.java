package dev.cvt.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a constant, the constant made by PyTorch on the array's device.
 *
 * <p>DJL's {@code NDArray.mul(Number)} (and {@code add}, {@code div}, ... with a {@code Number}) wraps
 * the number in a one-element array copied from a Java direct buffer. Two things go wrong with that:
 * <ul>
 * <li>on a GPU the copy is a blocking host-to-device transfer, which waits for every kernel queued
 * before it: one such constant per parameter and step made the optimizer step hundreds of
 * synchronisations;</li>
 * <li>the wrapper is closed as soon as the product is computed, while autograd keeps the factor for
 * the backward pass; when the garbage collector freed the buffer first, the backward pass read freed
 * memory and the gradients were garbage or NaN (identical runs drifted apart, tiny runs turned NaN).</li>
 * </ul>
 * A constant made by {@code full} is a fill kernel queued on the device, owned by PyTorch.
 */
public final class ScalarOps {
    private ScalarOps() {
    }

    /** A scalar (shape {@code []}) of {@code like}'s device and data type. */
    public static NDArray constant(NDArray like, float value) {
        return like.getManager().full(new Shape(), value, like.getDataType(), like.getDevice());
    }

    public static NDArray times(NDArray x, float factor) {
        try (NDArray f = constant(x, factor)) {
            return x.mul(f);
        }
    }

    /** In place. */
    public static NDArray timesInPlace(NDArray x, float factor) {
        try (NDArray f = constant(x, factor)) {
            return x.muli(f);
        }
    }

    public static NDArray dividedBy(NDArray x, float divisor) {
        try (NDArray d = constant(x, divisor)) {
            return x.div(d);
        }
    }

    public static NDArray plus(NDArray x, float term) {
        try (NDArray t = constant(x, term)) {
            return x.add(t);
        }
    }
}
