package dev.cvt.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.cvt.runtime.SharedData;
import dev.cvt.runtime.config.ConfigLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultiViewClassifierTest {
    @Test
    void cvt13HasThePublishedParameterCount() {
        Engine engine = Engines.pytorch(0);
        ClassifierSpec spec = ClassifierSpec.from(ConfigLoader.load(SharedData.require("seed-configs/cvt-13-224x224.yaml"),
                List.of("MODEL.NUM_CLASSES", "1000")));
        try (NDManager manager = engine.newBaseManager()) {
            MultiViewClassifier model = new MultiViewClassifier(spec);
            model.initialize(manager, DataType.FLOAT32, model.inputShape(1, 224, 224));
            assertEquals(19_997_480L, ModelSummary.trainable(model));
            String summary = ModelSummary.of(model, 224, 224);
            System.out.println(summary);
            org.junit.jupiter.api.Assertions.assertTrue(summary.contains("total: 19,997,480 trainable parameters, 4.5"), summary);
            org.junit.jupiter.api.Assertions.assertTrue(summary.lines().anyMatch(l -> l.matches("2\\s+14x14\\s+197\\s+384\\s+6\\s+10\\s+18,536,448\\s.*")), summary);
            NDArray out = model.forward(new ParameterStore(manager, false), new ai.djl.ndarray.NDList(manager.randomNormal(model.inputShape(2, 224, 224))), false).head();
            assertEquals(new Shape(2, 1000), out.getShape());
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"1, dw_bn, 1, 231, 310", "2, avg, 1, 33, 47", "6, linear, 3, 32, 32", "6, dw_bn, 2, 31, 45"})
    void outputShapes(int views, String projection, int batch, int height, int width) {
        Engine engine = Engines.pytorch(0);
        MultiViewClassifier model = new MultiViewClassifier(TinyCvt.spec(views, projection));
        try (NDManager manager = engine.newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, model.inputShape(batch, height, width));
            NDArray x = manager.randomNormal(model.inputShape(batch, height, width));
            assertEquals(views == 1 ? 4 : 5, x.getShape().dimension());
            for (boolean training : new boolean[] {false, true}) {
                NDArray out = model.forward(new ParameterStore(manager, false), new ai.djl.ndarray.NDList(x), training).head();
                assertEquals(new Shape(batch, 2), out.getShape());
            }
        }
    }

    /**
     * With a cls token in the last stage the features are that token alone, and in the last block the
     * grid tokens' query projection only feeds grid outputs nobody reads: it gets no gradient, in the
     * original PyTorch model as here. Everything else must.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void trainingLowersTheLossAndReachesEveryParameter(boolean clsToken) {
        Engines.pytorch(0).setRandomSeed(1);
        MultiViewClassifier block = new MultiViewClassifier(TinyCvt.spec(2, "dw_bn", "MODEL.SPEC.CLS_TOKEN", "[false, " + clsToken + "]"));
        Shape input = block.inputShape(8, 16, 16);
        try (ai.djl.Model model = ai.djl.Model.newInstance("tiny")) {
            model.setBlock(block);
            try (ai.djl.training.Trainer trainer = TinyCvt.trainer(model, input)) {
                java.util.Set<String> reached = new java.util.HashSet<>();
                float first = 0;
                float last = 0;
                for (int step = 0; step < 40; step++) {
                    try (NDManager batchManager = trainer.getManager().newSubManager()) {
                        float loss = TinyCvt.step(trainer, ToyData.batch(batchManager, input), () -> {
                            for (var p : block.getParameters()) {
                                if (p.getValue().requiresGradient() && p.getValue().getArray().getGradient().abs().sum().getFloat() > 0) {
                                    reached.add(p.getKey());
                                }
                            }
                        });
                        first = step < 5 ? first + loss / 5 : first;
                        last = step >= 35 ? last + loss / 5 : last;
                    }
                }
                List<String> missed = block.getParameters().stream()
                        .filter(p -> p.getValue().requiresGradient() && !reached.contains(p.getKey())).map(p -> p.getKey()).toList();
                List<String> unused = clsToken ? List.of("01backbone_02stage1_03block1_02attn_01conv_proj_q_conv_weight",
                        "01backbone_02stage1_03block1_02attn_02conv_proj_q_bn_gamma",
                        "01backbone_02stage1_03block1_02attn_02conv_proj_q_bn_beta") : List.of();
                assertEquals(unused, missed, "parameters that never got a gradient");
                org.junit.jupiter.api.Assertions.assertTrue(last < first * 0.5, "loss " + first + " -> " + last);
            }
        }
    }

    static NDArray parameter(MultiViewClassifier model, String nameEnd) {
        return model.getParameters().stream().filter(p -> p.getKey().endsWith(nameEnd)).findFirst().orElseThrow().getValue().getArray();
    }

    @Test
    void linearWeightsStartAsTruncatedNormal() {
        Engine engine = Engines.pytorch(0);
        MultiViewClassifier model = new MultiViewClassifier(TinyCvt.spec(1, "dw_bn", "MODEL.SPEC.DIM_EMBED", "[64, 128]", "MODEL.SPEC.NUM_HEADS", "[1, 2]"));
        try (NDManager manager = engine.newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, model.inputShape(1, 16, 16));
            NDArray w = parameter(model, "stage1_02block0_04mlp_fc1_weight");
            float std = w.sub(w.mean()).pow(2).mean().sqrt().getFloat();
            assertEquals(0.02, std, 0.003);
            assertEquals(0f, parameter(model, "stage1_02block0_04mlp_fc1_bias").abs().sum().getFloat());
        }
    }
}
