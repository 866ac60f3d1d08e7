package dev.cvt.runtime.train;

/**
 * Dynamic loss scaling for float16 training, with the semantics of PyTorch's {@code torch.cuda.amp.GradScaler}
 * (its defaults): the loss is multiplied by the scale before the backward pass, so small gradients do
 * not underflow in float16, and the gradients divided by it after; a step whose gradients hold an
 * inf or NaN is skipped and the scale halved; after {@value #GROWTH_INTERVAL} finite steps in a row
 * the scale doubles.
 */
public final class LossScaler {
    static final float INITIAL_SCALE = 65536f;
    static final int GROWTH_INTERVAL = 2000;

    private float scale;
    private int finiteSteps;
    private long skipped;

    /** What a checkpoint keeps of the scaler, so a resumed run continues with the scale it had. */
    public record State(float scale, int finiteSteps) {
    }

    public LossScaler() {
        this(new State(INITIAL_SCALE, 0));
    }

    public LossScaler(State state) {
        restore(state);
    }

    /** Continues from a checkpoint's state. */
    public void restore(State state) {
        this.scale = state.scale();
        this.finiteSteps = state.finiteSteps();
    }

    public float scale() {
        return scale;
    }

    /**
     * After the step's gradients were checked: updates the scale for the next step.
     *
     * @return whether this step's update is to be applied
     */
    public boolean update(boolean gradientsFinite) {
        if (!gradientsFinite) {
            scale *= 0.5f;
            finiteSteps = 0;
            skipped++;
            return false;
        }
        if (++finiteSteps == GROWTH_INTERVAL) {
            scale *= 2f;
            finiteSteps = 0;
        }
        return true;
    }

    /** Steps skipped so far for gradients that were not finite. */
    public long skipped() {
        return skipped;
    }

    public State state() {
        return new State(scale, finiteSteps);
    }
}
