package dev.cvt.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.UniformInitializer;
import java.util.List;

/**
 * An image backbone: {@code [N, 3, H, W]} → features {@code [N, features()]}. The classifier shares one
 * backbone across the views of a sample.
 */
public abstract class Backbone extends AbstractBlock {
    /** The length of the feature vector per image. */
    public abstract int features();

    @Override
    public final Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {new Shape(inputs[0].get(0), features())};
    }

    /** The architecture in a few words, for the first line of the model summary ("ViT, 12 blocks"). */
    public abstract String caption();

    /**
     * The summary's rows, one per stage or part, for the input size the backbone was initialised with;
     * {@link SummaryRow#of} counts the parameters and MACs of a row's blocks.
     */
    public abstract List<SummaryRow> summary();

    /**
     * How linear layers start, the classifier's merge block and head included: timm's
     * {@code trunc_normal_(std=.02)} (its cut-off, ±2 absolute, is 100 standard deviations: a plain normal).
     */
    public Initializer linearInitializer() {
        return new NormalInitializer(0.02f);
    }

    /** How convolutions start: PyTorch's default, kaiming_uniform(a=√5), i.e. uniform in ±1/√fan_in. */
    public Initializer convolutionInitializer() {
        return new FanInUniform();
    }

    /**
     * The backbone to evaluate a trained model with: the same function in eval mode in a cheaper structure
     * (structural re-parameterisation, as UniRepLKNet folds its BatchNorms and parallel branches into
     * single kernels); this backbone itself where the architecture has none. A new backbone is returned
     * uninitialised, its parameters' initializers holding the computed values: initialising it for this
     * one's input shape sets them ({@link MultiViewClassifier#inferenceForm} does). Models are saved in the
     * training structure, so training can resume; the folding happens after loading.
     */
    public Backbone inferenceForm() {
        return this;
    }

    private static final class FanInUniform implements Initializer {
        @Override
        public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
            long fanIn = shape.size() / shape.get(0);
            return new UniformInitializer((float) (1 / Math.sqrt(fanIn))).initialize(manager, shape, dataType);
        }
    }
}
