package dev.cvt.runtime.train;

import ai.djl.ndarray.NDArray;
import dev.cvt.runtime.model.ScalarOps;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SGD as {@code torch.optim.SGD} computes it with momentum, dampening 0 and optional Nesterov:
 * {@code g += wd·w} (L2 decay, skipped for exempt parameters), {@code b = μ·b + g} ({@code b = g} on
 * the first step), step {@code g + μ·b} (Nesterov) or {@code b}, {@code w -= lr·step}; the buffers live
 * with their weight, on its device.
 */
public final class MomentumSgd extends ScheduledOptimizer {
    private final float momentum;
    private final boolean nesterov;
    private final float weightDecay;
    private final Set<String> exemptIds;
    private final Map<String, NDArray> buffers = new ConcurrentHashMap<>();

    public MomentumSgd(float learningRate, float momentum, boolean nesterov, float weightDecay, Set<String> exemptIds) {
        super(learningRate);
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
        this.exemptIds = Set.copyOf(exemptIds);
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        // every constant is made on the weight's device (ScalarOps): nothing is copied from the host
        try (NDArray w = weight.stopGradient(); NDArray g = grad.duplicate()) {
            if (weightDecay > 0 && !exemptIds.contains(parameterId)) {
                try (NDArray decay = ScalarOps.times(w, weightDecay)) {
                    g.addi(decay);
                }
            }
            NDArray step = g;
            if (momentum > 0) {
                NDArray buffer = buffers.get(parameterId);
                if (buffer == null) {
                    // kept with the weight, which lives as long as the model
                    buffer = g.duplicate();
                    buffer.attach(weight.getManager());
                    buffers.put(parameterId, buffer);
                } else {
                    ScalarOps.timesInPlace(buffer, momentum).addi(g);
                }
                if (nesterov) {
                    try (NDArray ahead = ScalarOps.times(buffer, momentum)) {
                        g.addi(ahead);
                    }
                } else {
                    step = buffer;
                }
            }
            try (NDArray delta = ScalarOps.times(step, learningRate())) {
                w.subi(delta);
            }
        }
    }

    @Override
    public Map<String, NDArray> state(String parameterId) {
        Map<String, NDArray> state = new LinkedHashMap<>();
        if (buffers.containsKey(parameterId)) {
            state.put("momentum", buffers.get(parameterId));
        }
        return state;
    }

    @Override
    public void restore(String parameterId, Map<String, NDArray> state) {
        if (state.containsKey("momentum")) {
            buffers.put(parameterId, state.get("momentum"));
        }
    }
}
