package dev.cvt.runtime.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import dev.cvt.runtime.model.ScalarOps;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * An exponential moving average of every model array, running statistics included (timm's
 * ModelEmaV2): after each optimizer step {@code ema = d·ema + (1 − d)·w}. {@link #swap} exchanges
 * the averaged and the live weights, to validate or save the average; a second swap restores.
 */
public final class ModelEma implements AutoCloseable {
    private final PairList<String, Parameter> parameters;
    private final float decay;
    private final NDManager manager;
    private final Map<String, NDArray> average = new LinkedHashMap<>();

    public ModelEma(PairList<String, Parameter> parameters, float decay, NDManager parent) {
        this.parameters = parameters;
        this.decay = decay;
        this.manager = parent.newSubManager();
        for (Pair<String, Parameter> p : parameters) {
            NDArray copy = p.getValue().getArray().stopGradient().duplicate();
            copy.attach(manager);
            average.put(p.getKey(), copy);
        }
    }

    public void update() {
        update(Parameter::getArray);
    }

    /** The update from the weights {@code weightOf} gives (float32 masters in mixed-precision training). */
    public void update(Function<Parameter, NDArray> weightOf) {
        for (Pair<String, Parameter> p : parameters) {
            try (NDArray w = weightOf.apply(p.getValue()).stopGradient(); NDArray share = ScalarOps.times(w, 1 - decay)) {
                ScalarOps.timesInPlace(average.get(p.getKey()), decay).addi(share);
            }
        }
    }

    public void swap() {
        for (Pair<String, Parameter> p : parameters) {
            try (NDArray w = p.getValue().getArray().stopGradient()) {
                NDArray live = w.duplicate();
                live.attach(manager);
                NDArray avg = average.get(p.getKey());
                // in place (×0 then +): the parameter keeps its array, which the trainer holds
                w.muli(0).addi(avg);
                avg.close();
                average.put(p.getKey(), live);
            }
        }
    }

    /** The averaged arrays by parameter name (for checkpoints). */
    public Map<String, NDArray> arrays() {
        return average;
    }

    /** Sets one averaged array (from a checkpoint). */
    public void restore(String name, NDArray saved) {
        average.get(name).muli(0).addi(saved);
    }

    @Override
    public void close() {
        manager.close();
    }
}
