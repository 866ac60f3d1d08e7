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
import ai.djl.util.PairList;

/**
 * The multi-view classifier: every view of a sample {@code [B, V, 3, H, W]} goes through the same
 * backbone (views folded into the batch, so BatchNorm sees B·V images), MergeAttention fuses the V
 * feature vectors, a linear head gives the class scores {@code [B, classes]}. With one view it is the
 * plain backbone and head on {@code [B, 3, H, W]}, without the merge block.
 *
 * <p>A spec with two heads (CAS-ViT's distillation head) returns both in training, each trained on the
 * labels, and their mean otherwise, as the authors' model does without a teacher.
 */
public final class MultiViewClassifier extends AbstractBlock {
    private final ClassifierSpec spec;
    private final Backbone backbone;
    private final MergeAttention merge;
    private final Linear head;
    private final Linear distHead;

    public MultiViewClassifier(ClassifierSpec spec) {
        this.spec = spec;
        backbone = addChildBlock("backbone", spec.backbone().build());
        merge = spec.views() > 1 ? addChildBlock("merge", new MergeAttention(spec.features())) : null;
        head = addChildBlock("head", Linear.builder().setUnits(spec.numClasses()).build());
        distHead = spec.backbone().heads() > 1 ? addChildBlock("dist_head", Linear.builder().setUnits(spec.numClasses()).build()) : null;
        initialise(this, backbone.linearInitializer(), backbone.convolutionInitializer());
    }

    /** The inference form of a trained classifier: its merge block and heads on {@code backbone}. */
    private MultiViewClassifier(MultiViewClassifier trained, Backbone backbone) {
        spec = trained.spec;
        this.backbone = addChildBlock("backbone", backbone);
        merge = trained.merge == null ? null : addChildBlock("merge", trained.merge);
        head = addChildBlock("head", trained.head);
        distHead = trained.distHead == null ? null : addChildBlock("dist_head", trained.distHead);
    }

    /**
     * The classifier to evaluate this trained one with: the same merge block and heads on the backbone's
     * {@link Backbone#inferenceForm}, initialised with {@code manager} for this one's input shape; this
     * classifier itself where the backbone has no other form. For eval mode only: the backbone's folded
     * weights are a snapshot, not trained.
     */
    public MultiViewClassifier inferenceForm(NDManager manager) {
        Backbone form = backbone.inferenceForm();
        if (form == backbone) {
            return this;
        }
        MultiViewClassifier inference = new MultiViewClassifier(this, form);
        // the data type is no one's: the shared blocks are initialised, the folded parameters keep their values' types
        inference.initialize(manager, DataType.FLOAT32, getInputShapes());
        return inference;
    }

    public ClassifierSpec spec() {
        return spec;
    }

    public Backbone backbone() {
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
        NDArray logits = head.forward(ps, new NDList(features), training).head();
        if (distHead == null) {
            return new NDList(logits);
        }
        NDArray distilled = distHead.forward(ps, new NDList(features), training).head();
        if (training) {
            return new NDList(logits, distilled);
        }
        return new NDList(ScalarOps.times(logits.add(distilled), 0.5f));
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
        if (distHead != null) {
            distHead.initialize(manager, dataType, new Shape(in.get(0), spec.features()));
        }
    }

    /**
     * Linear weights and convolution weights as the backbone says (timm's truncated normal and PyTorch's
     * uniform in ±1/√fan_in unless it chooses otherwise), biases 0; norms weight 1, bias 0 (DJL's
     * defaults). Parameters with their own initializer (tokens, position embeddings) keep it.
     */
    private static void initialise(Block block, Initializer linear, Initializer convolution) {
        for (Block child : block.getChildren().values()) {
            if (child instanceof Linear) {
                child.setInitializer(linear, Parameter.Type.WEIGHT);
                child.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
            } else if (child instanceof Convolution) {
                child.setInitializer(convolution, Parameter.Type.WEIGHT);
                child.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
            } else {
                initialise(child, linear, convolution);
            }
        }
    }
}
