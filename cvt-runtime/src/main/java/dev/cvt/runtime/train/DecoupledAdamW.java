package dev.cvt.runtime.train;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * AdamW as PyTorch's {@code torch.optim.AdamW} computes it (decoupled weight decay
 * {@code w ← w·(1 − lr·wd)} before the bias-corrected Adam step), with the decay skipped for the
 * parameters the original exempts and the learning rate set per epoch by the schedule. DJL's own
 * AdamW applies one decay to every parameter, hence this class.
 */
public final class DecoupledAdamW extends ScheduledOptimizer {
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float weightDecay;
    private final Set<String> exemptIds;
    private final Map<String, NDArray> firstMoments = new ConcurrentHashMap<>();
    private final Map<String, NDArray> secondMoments = new ConcurrentHashMap<>();
    private final Map<String, Integer> steps = new ConcurrentHashMap<>();
    /** The one-element arrays {@link #state} last handed out for the step counts, closed when replaced. */
    private final Map<String, NDArray> stepArrays = new ConcurrentHashMap<>();

    /**
     * @param exemptIds ids ({@code Parameter.getId()}, not names) of the parameters trained without decay
     */
    public DecoupledAdamW(float learningRate, float weightDecay, Set<String> exemptIds) {
        this(learningRate, weightDecay, exemptIds, 0.9f, 0.999f, 1e-8f);
    }

    public DecoupledAdamW(float learningRate, float weightDecay, Set<String> exemptIds, float beta1, float beta2, float epsilon) {
        super(learningRate);
        this.weightDecay = weightDecay;
        this.exemptIds = Set.copyOf(exemptIds);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float lr = learningRate();
        int t = steps.merge(parameterId, 1, Integer::sum);
        NDArray m = firstMoments.computeIfAbsent(parameterId, id -> weight.zerosLike());
        NDArray v = secondMoments.computeIfAbsent(parameterId, id -> weight.zerosLike());
        // the moments live with the weight; every temporary is closed here, so nothing piles up
        try (NDArray scaledGrad = grad.mul(1 - beta1); NDArray squared = grad.square().muli(1 - beta2)) {
            m.muli(beta1).addi(scaledGrad);
            v.muli(beta2).addi(squared);
        }
        double correction1 = 1 - Math.pow(beta1, t);
        double correction2 = 1 - Math.pow(beta2, t);
        float stepSize = (float) (lr / correction1);
        // a detached view: the in-place update must not be recorded by autograd, even when the step
        // runs while a gradient collector is still open
        try (NDArray w = weight.stopGradient(); NDArray corrected = v.div((float) correction2);
             NDArray denominator = corrected.sqrt().addi(epsilon); NDArray step = m.div(denominator).muli(stepSize)) {
            if (weightDecay > 0 && !exemptIds.contains(parameterId)) {
                w.muli(1 - lr * weightDecay);
            }
            w.subi(step);
        }
    }

    @Override
    public Map<String, NDArray> state(String parameterId) {
        Map<String, NDArray> state = new LinkedHashMap<>();
        if (steps.containsKey(parameterId)) {
            NDArray m = firstMoments.get(parameterId);
            state.put("m", m);
            state.put("v", secondMoments.get(parameterId));
            NDArray t = m.getManager().create(new int[] {steps.get(parameterId)});
            NDArray previous = stepArrays.put(parameterId, t);
            if (previous != null) {
                previous.close(); // else one array per parameter and checkpoint would pile up in the model's manager
            }
            state.put("t", t);
        }
        return state;
    }

    @Override
    public void restore(String parameterId, Map<String, NDArray> state) {
        if (state.containsKey("t")) {
            firstMoments.put(parameterId, state.get("m"));
            secondMoments.put(parameterId, state.get("v"));
            steps.put(parameterId, state.get("t").toIntArray()[0]);
        }
    }
}
