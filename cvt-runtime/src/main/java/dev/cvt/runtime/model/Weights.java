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

    /**
     * The name of the first parameter holding a NaN or an infinity, or of the first such EMA average
     * ({@code the EMA of <name>}); null when all are finite.
     *
     * @param averages an EMA's averaged arrays by parameter name, or null without an EMA
     */
    public static String firstNonFinite(PairList<String, Parameter> parameters, Map<String, NDArray> averages) {
        for (Pair<String, Parameter> p : parameters) {
            if (p.getValue().isInitialized() && !finite(p.getValue().getArray())) {
                return p.getKey();
            }
        }
        if (averages != null) {
            for (Map.Entry<String, NDArray> e : averages.entrySet()) {
                if (!finite(e.getValue())) {
                    return "the EMA of " + e.getKey();
                }
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
