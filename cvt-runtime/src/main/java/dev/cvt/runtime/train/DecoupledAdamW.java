package dev.cvt.runtime.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * AdamW as PyTorch's {@code torch.optim.AdamW} computes it (decoupled weight decay
 * {@code w ← w·(1 − lr·wd)} before the bias-corrected Adam step), with the decay skipped for the
 * parameters the original exempts and the learning rate set per epoch by the schedule. DJL's own
 * AdamW applies one decay to every parameter, hence this class.
 *
 * <p>The update is DJL's fused one ({@code adamUpdate}: one engine call per parameter, its constants
 * passed as numbers, nothing copied from the host): PyTorch's step {@code lr/c₁ · m / (√v/√c₂ + ε)}
 * written in its form {@code (lr·√c₂/c₁) · m / (√v + ε·√c₂)}, with {@code c₁, c₂} the bias corrections.
 * The moments live with their weight, on its device.
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
        double correction1 = 1 - Math.pow(beta1, t);
        double root2 = Math.sqrt(1 - Math.pow(beta2, t));
        float decay = exemptIds.contains(parameterId) ? 0 : weightDecay;
        // rescale 1, no element-wise clipping (-1): clipping is by the global norm, before the update
        weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, m, v), new NDList(weight), lr,
                (float) (lr * root2 / correction1), decay, 1f, -1f, beta1, beta2, (float) (epsilon * root2), false, true);
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
