package dev.cvt.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;

/**
 * The multi-view CvT: every view of a sample {@code [B, V, 3, H, W]} goes through the same backbone
 * (views folded into the batch, so BatchNorm sees B·V images), MergeAttention fuses the V feature
 * vectors, a linear head gives the class scores {@code [B, classes]}. With one view it is the plain
 * CvT on {@code [B, 3, H, W]}, without the merge block.
 */
public final class MultiViewCvt extends AbstractBlock {
    private final CvtSpec spec;
    private final CvtBackbone backbone;
    private final MergeAttention merge;
    private final Linear head;

    public MultiViewCvt(CvtSpec spec) {
        this.spec = spec;
        backbone = addChildBlock("backbone", new CvtBackbone(spec));
        merge = spec.views() > 1 ? addChildBlock("merge", new MergeAttention(spec.features())) : null;
        head = addChildBlock("head", Linear.builder().setUnits(spec.numClasses()).build());
        initialise(this, spec.init());
    }

    public CvtSpec spec() {
        return spec;
    }

    CvtBackbone backbone() {
        return backbone;
    }

    /** The input shape for a batch: {@code [B, V, 3, H, W]}, or {@code [B, 3, H, W]} for one view. */
    public Shape inputShape(long batch, int height, int width) {
        return spec.views() > 1 ? new Shape(batch, spec.views(), 3, height, width) : new Shape(batch, 3, height, width);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDArray features;
        if (merge == null) {
            features = backbone.forward(ps, inputs, training).head();
        } else {
            Shape s = x.getShape();
            NDArray folded = x.reshape(s.get(0) * s.get(1), s.get(2), s.get(3), s.get(4));
            NDArray perView = backbone.forward(ps, new NDList(folded), training).head().reshape(s.get(0), s.get(1), spec.features());
            features = merge.forward(ps, new NDList(perView), training).head();
        }
        return head.forward(ps, new NDList(features), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {new Shape(inputs[0].get(0), spec.numClasses())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        Shape in = inputs[0];
        if (merge == null) {
            backbone.initialize(manager, dataType, in);
        } else {
            backbone.initialize(manager, dataType, new Shape(in.get(0) * in.get(1), in.get(2), in.get(3), in.get(4)));
            merge.initialize(manager, dataType, new Shape(in.get(0), in.get(1), spec.features()));
        }
        head.initialize(manager, dataType, new Shape(in.get(0), spec.features()));
    }

    /**
     * {@code MODEL.SPEC.INIT}: linear weights as timm's {@code trunc_normal_(std=.02)} — its cut-off is ±2
     * in absolute terms, 100 standard deviations, so a plain normal (DJL's truncated normal cuts at ±2σ,
     * a narrower spread) — or Xavier, linear biases 0;
     * norms weight 1, bias 0 (DJL's defaults); convolutions as PyTorch initialises them (uniform in
     * ±1/√fan_in, biases 0).
     */
    private static void initialise(Block block, String init) {
        Initializer linear = "xavier".equals(init) ? new XavierInitializer() : new NormalInitializer(0.02f);
        for (Block child : block.getChildren().values()) {
            if (child instanceof Linear) {
                child.setInitializer(linear, Parameter.Type.WEIGHT);
                child.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
            } else if (child instanceof Convolution) {
                child.setInitializer(new FanInUniform(), Parameter.Type.WEIGHT);
                child.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
            } else {
                initialise(child, init);
            }
        }
    }

    /** PyTorch's default for convolutions: kaiming_uniform(a=√5), i.e. uniform in ±1/√fan_in. */
    private static final class FanInUniform implements Initializer {
        @Override
        public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
            long fanIn = shape.size() / shape.get(0);
            return new UniformInitializer((float) (1 / Math.sqrt(fanIn))).initialize(manager, shape, dataType);
        }
    }
}
