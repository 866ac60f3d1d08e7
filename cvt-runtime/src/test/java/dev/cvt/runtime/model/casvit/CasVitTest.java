package dev.cvt.runtime.model.casvit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ConfigLoader;
import dev.cvt.runtime.model.ClassifierSpec;
import dev.cvt.runtime.model.Engines;
import dev.cvt.runtime.model.ModelSummary;
import dev.cvt.runtime.model.MultiViewClassifier;
import dev.cvt.runtime.model.ToyTraining;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CasVitTest {
    static ClassifierSpec spec(String... overrides) {
        List<String> all = new ArrayList<>(List.of("MODEL.NAME", "cas_vit", "MODEL.SPEC.PRESET", "rcvit_xs", "MODEL.NUM_CLASSES", "1000"));
        all.addAll(List.of(overrides));
        return ClassifierSpec.from(ConfigLoader.defaults(all));
    }

    /** The counts of the authors' models (RCViT of rcvit.py, 1000 classes), distillation head included where on. */
    @ParameterizedTest
    @CsvSource({"rcvit_xs, true, 3200700", "rcvit_xs, false, 2979700", "rcvit_s, true, 5764224", "rcvit_m, true, 12421520",
            "rcvit_t, true, 21763120"})
    void presetsHaveTheReferenceParameterCounts(String preset, boolean distillation, long count) {
        MultiViewClassifier model = new MultiViewClassifier(spec("MODEL.SPEC.PRESET", preset, "MODEL.SPEC.DISTILLATION",
                String.valueOf(distillation)));
        try (NDManager manager = Engines.pytorch(0).newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, model.inputShape(1, 224, 224));
            assertEquals(count, ModelSummary.trainable(model));
        }
    }

    @Test
    void summaryHasTheStemAndOneRowPerStage() {
        MultiViewClassifier model = new MultiViewClassifier(spec());
        try (NDManager manager = Engines.pytorch(0).newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, model.inputShape(1, 224, 224));
            String summary = ModelSummary.of(model, 224, 224);
            System.out.println(summary);
            assertTrue(summary.lines().findFirst().orElseThrow().contains("CAS-ViT, 4 stage(s), 1 view(s) of 224 x 224"), summary);
            assertTrue(summary.contains("total: 3,200,700 trainable parameters"), summary);
            List<String> parts = summary.lines().skip(2).limit(5).map(l -> l.split("\\s+")[0] + " " + l.split("\\s+")[1]).toList();
            assertEquals(List.of("stem 56x56", "0 56x56", "1 28x28", "2 14x14", "3 7x7"), parts, summary);
            long rows = model.backbone().summary().stream().mapToLong(r -> r.params()).sum();
            assertEquals(ModelSummary.trainable(model.backbone()), rows, "the rows cover the whole backbone");
        }
    }

    /** Parameter names map to the authors' state_dict keys: two-digit child prefixes dropped, parts joined with dots. */
    @Test
    void parameterNamesMapToTheReferenceKeys() {
        MultiViewClassifier model = new MultiViewClassifier(spec());
        try (NDManager manager = Engines.pytorch(0).newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, model.inputShape(1, 32, 32));
            Set<String> keys = new TreeSet<>();
            model.getParameters().keys().forEach(name -> keys.add(pytorchKey(name)));
            // rcvit_xs's state_dict without num_batches_tracked: 468 entries
            assertEquals(468, keys.size());
            for (String key : List.of("patch_embed.0.weight", "patch_embed.4.running_var", "network.0.1.local_perception.network.4.bias",
                    "network.1.proj.weight", "network.1.norm.running_mean", "network.4.3.attn.oper_q.0.block.3.weight",
                    "network.2.0.attn.oper_k.1.block.1.weight", "network.6.1.mlp.fc2.bias", "network.6.1.norm2.weight",
                    "network.4.0.attn.dwc.bias", "norm.bias", "head.weight", "dist_head.bias")) {
                assertTrue(keys.contains(key), key);
            }
        }
    }

    static String pytorchKey(String djlName) {
        String name = djlName.replaceFirst("^\\d\\d", "").replaceAll("_\\d\\d", ".")
                .replaceFirst("_(weight|bias|gamma|beta|runningMean|runningVar)$", ".$1");
        name = name.replaceFirst("\\.gamma$", ".weight").replaceFirst("\\.beta$", ".bias")
                .replaceFirst("\\.runningMean$", ".running_mean").replaceFirst("\\.runningVar$", ".running_var");
        return name.replaceFirst("^backbone\\.", "");
    }

    @ParameterizedTest
    @CsvSource({"1, 1, 224, 224, true", "1, 2, 64, 96, false", "1, 2, 64, 96, true", "2, 3, 64, 96, true"})
    void outputShapes(int views, int batch, int height, int width, boolean distillation) {
        MultiViewClassifier model = new MultiViewClassifier(spec("DATASET.DATASET", "multidim_imagenet", "DATASET.NUM_DIMS",
                String.valueOf(views), "MODEL.SPEC.DISTILLATION", String.valueOf(distillation)));
        try (NDManager manager = Engines.pytorch(0).newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, model.inputShape(batch, height, width));
            NDArray x = manager.randomNormal(model.inputShape(batch, height, width));
            for (boolean training : new boolean[] {false, true}) {
                NDList out = model.forward(new ParameterStore(manager, false), new NDList(x), training);
                assertEquals(training && distillation ? 2 : 1, out.size());
                for (NDArray o : out) {
                    assertEquals(new Shape(batch, 1000), o.getShape());
                }
            }
        }
    }

    @Test
    void trainingLowersTheLossAndReachesEveryParameter() {
        Engines.pytorch(0).setRandomSeed(1);
        MultiViewClassifier block = new MultiViewClassifier(spec("DATASET.DATASET", "multidim_imagenet", "DATASET.NUM_DIMS", "2",
                "MODEL.NUM_CLASSES", "2", "MODEL.SPEC.LAYERS", "[1, 2]", "MODEL.SPEC.EMBED_DIMS", "[8, 16]",
                "MODEL.SPEC.DOWNSAMPLES", "[true]", "MODEL.SPEC.MLP_RATIO", "2.0", "MODEL.SPEC.ATTN_BIAS", "true",
                "MODEL.SPEC.DROP_RATE", "0.1", "MODEL.SPEC.DROP_PATH_RATE", "0.1"));
        Shape input = block.inputShape(8, 16, 16);
        ToyTraining.assertLearns(block, input, 40);
    }

    @Test
    void specErrorsNameTheKeys() {
        String message = assertThrows(ConfigException.class, () -> spec("MODEL.SPEC.LAYERS", "[2, 2, 4]")).getMessage();
        assertTrue(message.contains("MODEL.SPEC.LAYERS") && message.contains("MODEL.SPEC.EMBED_DIMS"), message);
        message = assertThrows(ConfigException.class, () -> spec("MODEL.SPEC.DOWNSAMPLES", "[true, true]")).getMessage();
        assertTrue(message.contains("MODEL.SPEC.DOWNSAMPLES has 2 entries; it needs at least 3"), message);
        message = assertThrows(ConfigException.class, () -> spec("MODEL.SPEC.LAYERS", "[2, 0, 4, 2]")).getMessage();
        assertTrue(message.contains("MODEL.SPEC.LAYERS[1] is 0"), message);
        message = assertThrows(ConfigException.class, () -> spec("MODEL.SPEC.DROP_PATH_RATE", "1.5")).getMessage();
        assertTrue(message.contains("MODEL.SPEC.DROP_PATH_RATE is 1.5"), message);
        message = assertThrows(ConfigException.class, () -> spec("MODEL.SPEC.MLP_RATIO", "0.0")).getMessage();
        assertTrue(message.contains("MODEL.SPEC.MLP_RATIO is 0.0"), message);
    }

    @Test
    void specKnowsItsHeadsAndDropPathRates() {
        CasVitSpec spec = (CasVitSpec) spec("MODEL.SPEC.DROP_PATH_RATE", "0.1").backbone();
        assertEquals(2, spec.heads());
        assertEquals(1, ((CasVitSpec) spec("MODEL.SPEC.DISTILLATION", "false").backbone()).heads());
        assertEquals(220, spec.features());
        assertEquals(0f, spec.dropPath(0));
        assertEquals(0.1f * 4 / 9, spec.dropPath(4), 1e-7);
        assertEquals(0.1f, spec.dropPath(9), 1e-7);
        assertEquals(0.0, spec.withoutDropout().dropPathRate());
        // the embedding between stages: where DOWNSAMPLES says so or the width changes
        CasVitSpec same = (CasVitSpec) spec("MODEL.SPEC.EMBED_DIMS", "[48, 48, 112, 220]", "MODEL.SPEC.DOWNSAMPLES",
                "[false, false, true, true]").backbone();
        assertEquals(List.of(false, true, true), List.of(same.embeddingAfter(0), same.embeddingAfter(1), same.embeddingAfter(2)));
    }

    @Test
    void theSpecRoundTripsThroughAConfigTree() {
        ClassifierSpec spec = spec("MODEL.SPEC.PRESET", "rcvit_m", "MODEL.SPEC.DISTILLATION", "false", "MODEL.SPEC.DROP_PATH_RATE", "0.05");
        assertEquals(spec.toConfigTree(), ClassifierSpec.from(ConfigLoader.fromTree(spec.toConfigTree(), "tree")).toConfigTree());
        assertEquals(List.of(64, 96, 192, 384), ((java.util.Map<?, ?>) ((java.util.Map<?, ?>) spec.toConfigTree().get("MODEL")).get("SPEC"))
                .get("EMBED_DIMS"));
    }

    /** The original's nn.GELU is the exact (erf) GELU, not the tanh approximation: DJL's PyTorch gelu must be too. */
    @Test
    void geluIsTheExactOne() {
        try (NDManager manager = Engines.pytorch(0).newBaseManager()) {
            assertEquals(0.8413447f, Activation.gelu(manager.create(new float[] {1f})).getFloat(0), 2e-6f);
        }
    }
}
