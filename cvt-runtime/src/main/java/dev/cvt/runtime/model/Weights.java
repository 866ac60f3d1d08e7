package dev.cvt.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * Finds weights that are not finite. A diverged step can leave NaN in the weights without a NaN loss
 * first (the last step of an epoch); such weights must never become a checkpoint or {@code model_best}.
 */
public final class Weights {
    private Weights() {
    }

    /** The name of the first parameter holding a NaN or an infinity, or null when all are finite. */
    public static String firstNonFinite(PairList<String, Parameter> parameters) {
        for (Pair<String, Parameter> p : parameters) {
            if (p.getValue().isInitialized() && !finite(p.getValue().getArray())) {
                return p.getKey();
            }
        }
        return null;
    }

    /** The same for named arrays (an EMA's averages). */
    public static String firstNonFinite(Map<String, NDArray> arrays) {
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            if (!finite(e.getValue())) {
                return e.getKey();
            }
        }
        return null;
    }

    private static boolean finite(NDArray array) {
        try (NDArray values = array.stopGradient(); NDArray nan = values.isNaN(); NDArray infinite = values.isInfinite();
             NDArray bad = nan.logicalOr(infinite); NDArray any = bad.any()) {
            return !any.getBoolean();
        }
    }
}
