package dev.cvt.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The CvT backbone: the stages in turn, then LayerNorm and the cls token of the last stage (if it
 * has one) or the mean of its tokens: {@code [N, 3, H, W]} → features {@code [N, dim]}.
 */
final class CvtBackbone extends Backbone {
    private final CvtSpec spec;
    private final List<CvtStage> stages = new ArrayList<>();
    private final LayerNorm norm;
    private final boolean cls;

    CvtBackbone(CvtSpec spec) {
        this.spec = spec;
        for (int i = 0; i < spec.stages(); i++) {
            stages.add(addChildBlock("stage" + i, new CvtStage(spec, i)));
        }
        norm = addChildBlock("norm", LayerNorm.builder().axis(2).build());
        cls = spec.clsToken()[spec.stages() - 1];
    }

    @Override
    public int features() {
        return spec.features();
    }

    @Override
    public String caption() {
        return "CvT, " + spec.stages() + " stage(s)";
    }

    @Override
    public List<SummaryRow> summary() {
        List<SummaryRow> rows = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            CvtStage stage = stages.get(i);
            Shape grid = stage.getOutputShapes(stage.getInputShapes())[0];
            rows.add(SummaryRow.of(String.valueOf(i), grid.get(2), grid.get(3),
                    grid.get(2) * grid.get(3) + (spec.clsToken()[i] ? 1 : 0), spec.dimEmbed()[i],
                    String.valueOf(spec.numHeads()[i]), spec.depth()[i], List.of(stage)));
        }
        return rows;
    }

    @Override
    public Initializer linearInitializer() {
        return "xavier".equals(spec.init()) ? new XavierInitializer() : super.linearInitializer();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = inputs;
        for (CvtStage stage : stages) {
            x = stage.forward(ps, new NDList(x.head()), training);
        }
        if (cls) {
            return new NDList(norm.forward(ps, new NDList(x.get(1)), training).head().squeeze(1));
        }
        NDArray grid = x.head();
        Shape s = grid.getShape();
        NDArray tokens = grid.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)).transpose(0, 2, 1);
        return new NDList(norm.forward(ps, new NDList(tokens), training).head().mean(new int[] {1}));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        Shape shape = inputs[0];
        for (CvtStage stage : stages) {
            stage.initialize(manager, dataType, shape);
            shape = stage.getOutputShapes(new Shape[] {shape})[0];
        }
        norm.initialize(manager, dataType, new Shape(shape.get(0), 1, spec.features()));
    }
}
