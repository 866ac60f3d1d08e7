package dev.cvt.runtime.train;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import java.util.Map;

/**
 * An optimizer whose learning rate the schedule sets once per epoch and whose per-parameter state
 * a checkpoint saves and restores, so a resumed run continues exactly.
 */
public abstract class ScheduledOptimizer extends Optimizer {
    private volatile float learningRate;

    protected ScheduledOptimizer(float learningRate) {
        super(new NoOptions());
        this.learningRate = learningRate;
    }

    public void setLearningRate(float learningRate) {
        this.learningRate = learningRate;
    }

    public float learningRate() {
        return learningRate;
    }

    /** The state kept for one parameter (by {@code Parameter.getId()}), by state name; empty before its first update. */
    public abstract Map<String, NDArray> state(String parameterId);

    /** Puts saved state back (arrays as {@link #state} gave them). */
    public abstract void restore(String parameterId, Map<String, NDArray> state);

    /** DJL requires a builder; nothing of it is used (rescale 1, no clipping: clipping is by global norm, elsewhere). */
    private static final class NoOptions extends OptimizerBuilder<NoOptions> {
        NoOptions() {
            setRescaleGrad(1f);
        }

        @Override
        protected NoOptions self() {
            return this;
        }
    }
}
