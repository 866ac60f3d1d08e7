package dev.cvt.runtime.model.crossformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ConfigLoader;
import dev.cvt.runtime.model.ClassifierSpec;
import dev.cvt.runtime.model.Engines;
import dev.cvt.runtime.model.ModelSummary;
import dev.cvt.runtime.model.MultiViewClassifier;
import dev.cvt.runtime.model.ToyTraining;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CrossFormerTest {
    /** Two stages of width 32 and 64, groups of 3: small enough to run on any size in a test. */
    static final String[] TINY = {"MODEL.SPEC.EMBED_DIM", "32", "MODEL.SPEC.DEPTHS", "[2, 2]", "MODEL.SPEC.NUM_HEADS", "[1, 2]",
        "MODEL.SPEC.GROUP_SIZE", "[3, 3]", "MODEL.SPEC.INTERVAL", "[2, 1]", "MODEL.SPEC.PATCH_SIZE", "[4, 8]",
        "MODEL.SPEC.MERGE_SIZE", "[[2, 4]]", "MODEL.SPEC.MLP_RATIO", "2.0"};

    static ClassifierSpec spec(String... overrides) {
        List<String> all = new ArrayList<>(List.of("MODEL.NAME", "crossformer", "MODEL.SPEC.PRESET", "crossformer_t", "MODEL.NUM_CLASSES",
                "1000"));
        all.addAll(List.of(overrides));
        return ClassifierSpec.from(ConfigLoader.defaults(all));
    }

    static ClassifierSpec tiny(String... overrides) {
        List<String> all = new ArrayList<>(List.of(TINY));
        all.addAll(List.of(overrides));
        return spec(all.toArray(String[]::new));
    }

    /** The counts of the authors' models (CrossFormer of crossformer.py, 1000 classes, 224 x 224). */
    @ParameterizedTest
    @CsvSource({"crossformer_t, 27776794", "crossformer_s, 30657394", "crossformer_b, 51971554"})
    void presetsHaveTheReferenceParameterCounts(String preset, long count) {
        MultiViewClassifier model = new MultiViewClassifier(spec("MODEL.SPEC.PRESET", preset));
        try (NDManager manager = Engines.pytorch(0).newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, model.inputShape(1, 224, 224));
            assertEquals(count, ModelSummary.trainable(model));
        }
    }

    @Test
    void summaryHasTheEmbeddingAndOneRowPerStage() {
        MultiViewClassifier model = new MultiViewClassifier(spec());
        try (NDManager manager = Engines.pytorch(0).newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, model.inputShape(1, 224, 224));
            String summary = ModelSummary.of(model, 224, 224);
            assertTrue(summary.lines().findFirst().orElseThrow().contains("CrossFormer, 4 stage(s), 1 view(s) of 224 x 224"), summary);
            assertTrue(summary.contains("total: 27,776,794 trainable parameters"), summary);
            List<String> parts = summary.lines().skip(2).limit(5).map(l -> l.split("\\s+")[0] + " " + l.split("\\s+")[1]).toList();
            assertEquals(List.of("embed 56x56", "0 56x56", "1 28x28", "2 14x14", "3 7x7"), parts, summary);
            long rows = model.backbone().summary().stream().mapToLong(r -> r.params()).sum();
            assertEquals(ModelSummary.trainable(model.backbone()), rows, "the rows cover the whole backbone");
            // the authors' count for crossformer_t is 2.9 G FLOPs (multiply-accumulates) at 224 x 224
            double macs = model.backbone().summary().stream().mapToLong(r -> r.macs()).sum() / 1e9;
            assertTrue(macs > 2.7 && macs < 3.1, summary);
        }
    }

    /** Parameter names map to the authors' state_dict keys: two-digit child prefixes dropped, parts joined with dots. */
    @Test
    void parameterNamesMapToTheReferenceKeys() {
        MultiViewClassifier model = new MultiViewClassifier(tiny());
        try (NDManager manager = Engines.pytorch(0).newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, model.inputShape(1, 32, 32));
            Set<String> keys = new HashSet<>();
            model.getParameters().keys().forEach(name -> keys.add(pytorchKey(name)));
            for (String key : List.of("patch_embed.projs.1.weight", "patch_embed.norm.bias", "layers.0.blocks.1.attn.pos.pos_proj.weight",
                    "layers.0.blocks.1.attn.pos.pos3.0.weight", "layers.0.blocks.1.attn.pos.pos3.2.bias", "layers.1.blocks.0.attn.qkv.weight",
                    "layers.1.blocks.1.mlp.fc2.bias", "layers.0.downsample.norm.weight", "layers.0.downsample.reductions.1.bias",
                    "norm.weight", "head.weight")) {
                assertTrue(keys.contains(key), key + " in " + keys);
            }
        }
    }

    static String pytorchKey(String djlName) {
        String name = djlName.replaceFirst("^\\d\\d", "").replaceAll("_\\d\\d", ".")
                .replaceFirst("_(weight|bias|gamma|beta)$", ".$1");
        return name.replaceFirst("\\.gamma$", ".weight").replaceFirst("\\.beta$", ".bias").replaceFirst("^backbone\\.", "");
    }

    /**
     * A 231 x 310 spectrogram: the 57 x 77 grid is no multiple of the groups of 7 in any stage (padded and
     * masked), its odd sides are halved by the embeddings between the stages, and the last stage's 7 x 9
     * grid is one row of groups.
     */
    @Test
    void aSpectrogramWhoseGridNeedsPaddingGivesFiniteScores() {
        ClassifierSpec spec = spec("MODEL.SPEC.EMBED_DIM", "32", "MODEL.SPEC.DEPTHS", "[2, 2, 2, 2]", "MODEL.SPEC.NUM_HEADS", "[1, 2, 4, 8]",
                "MODEL.NUM_CLASSES", "3");
        MultiViewClassifier model = new MultiViewClassifier(spec);
        try (NDManager manager = Engines.pytorch(0).newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, model.inputShape(1, 231, 310));
            List<String> grids = model.backbone().summary().stream().map(r -> r.grid()).toList();
            assertEquals(List.of("57x77", "57x77", "28x38", "14x19", "7x9"), grids);
            NDArray x = manager.randomNormal(model.inputShape(1, 231, 310));
            for (boolean training : new boolean[] {false, true}) {
                NDArray out = model.forward(new ParameterStore(manager, false), new NDList(x), training).head();
                assertEquals(new Shape(1, 3), out.getShape());
                assertTrue(out.isNaN().logicalOr(out.isInfinite()).none().getBoolean(), out.toDebugString(true));
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 2, 32, 32", "1, 1, 44, 84", "2, 3, 17, 23", "3, 1, 8, 8"})
    void anyImageSizeGivesClassScores(int views, int batch, int height, int width) {
        MultiViewClassifier model = new MultiViewClassifier(tiny("DATASET.DATASET", "multidim_imagenet", "DATASET.NUM_DIMS",
                String.valueOf(views)));
        try (NDManager manager = Engines.pytorch(0).newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, model.inputShape(batch, 32, 32));
            NDArray x = manager.randomNormal(model.inputShape(batch, height, width));
            for (boolean training : new boolean[] {false, true}) {
                assertEquals(new Shape(batch, 1000), model.forward(new ParameterStore(manager, false), new NDList(x), training).head().getShape());
            }
        }
    }

    @Test
    void tooSmallAnImageIsAClearError() {
        MultiViewClassifier model = new MultiViewClassifier(tiny());
        try (NDManager manager = Engines.pytorch(0).newBaseManager()) {
            String message = assertThrows(IllegalArgumentException.class,
                    () -> model.initialize(manager, DataType.FLOAT32, model.inputShape(1, 7, 32))).getMessage();
            assertTrue(message.contains("at least 8 x 8 pixels, not 7 x 32"), message);
        }
    }

    @Test
    void trainingLowersTheLossAndReachesEveryParameter() {
        Engines.pytorch(0).setRandomSeed(1);
        MultiViewClassifier block = new MultiViewClassifier(tiny("DATASET.DATASET", "multidim_imagenet", "DATASET.NUM_DIMS", "2",
                "MODEL.NUM_CLASSES", "2", "MODEL.SPEC.DROP_RATE", "0.1", "MODEL.SPEC.DROP_PATH_RATE", "0.1"));
        Shape input = block.inputShape(8, 16, 20);
        ToyTraining.assertLearns(block, input, 24);
    }

    @Test
    void specErrorsNameTheKeys() {
        String message = assertThrows(ConfigException.class, () -> spec("MODEL.SPEC.NUM_HEADS", "[2, 4, 8]")).getMessage();
        assertTrue(message.contains("MODEL.SPEC.NUM_HEADS has 3 entries but MODEL.SPEC.DEPTHS has 4"), message);
        message = assertThrows(ConfigException.class, () -> spec("MODEL.SPEC.MERGE_SIZE", "[[2, 4], [2, 4]]")).getMessage();
        assertTrue(message.contains("MODEL.SPEC.MERGE_SIZE has 2 entries; it needs 3"), message);
        message = assertThrows(ConfigException.class, () -> spec("MODEL.SPEC.MERGE_SIZE", "[[2, 3], [2, 4], [2, 4]]")).getMessage();
        assertTrue(message.contains("MODEL.SPEC.MERGE_SIZE[0][1] is 3"), message);
        message = assertThrows(ConfigException.class, () -> spec("MODEL.SPEC.EMBED_DIM", "36")).getMessage();
        assertTrue(message.contains("MODEL.SPEC.PATCH_SIZE has 4 kernels for a width of 36"), message);
        message = assertThrows(ConfigException.class, () -> spec("MODEL.SPEC.EMBED_DIM", "16")).getMessage();
        assertTrue(message.contains("MODEL.SPEC.EMBED_DIM is 16; it must be at least 32"), message);
        message = assertThrows(ConfigException.class, () -> spec("MODEL.SPEC.NUM_HEADS", "[3, 4, 8, 16]")).getMessage();
        assertTrue(message.contains("MODEL.SPEC.NUM_HEADS[0] (3) must divide the width of stage 0 (64"), message);
        message = assertThrows(ConfigException.class, () -> spec("MODEL.SPEC.DROP_PATH_RATE", "1.5")).getMessage();
        assertTrue(message.contains("MODEL.SPEC.DROP_PATH_RATE is 1.5"), message);
    }

    @Test
    void specKnowsItsWidthsAndDropPathRates() {
        CrossFormerSpec spec = (CrossFormerSpec) spec().backbone();
        assertEquals(512, spec.features());
        assertEquals(32, spec.reduction());
        assertEquals(0f, spec.dropPath(0));
        assertEquals(0.1f, spec.dropPath(15), 1e-7);
        assertEquals(0.0, spec.withoutDropout().dropPathRate());
        assertEquals(List.of(32, 16, 8, 8), java.util.Arrays.stream(CrossFormerSpec.kernelWidths(64, 4)).boxed().toList());
    }

    @Test
    void theSpecRoundTripsThroughAConfigTree() {
        ClassifierSpec spec = spec("MODEL.SPEC.PRESET", "crossformer_b", "MODEL.SPEC.MERGE_SIZE", "[[2], [2, 4], [2, 4, 6]]");
        assertEquals(spec.toConfigTree(), ClassifierSpec.from(ConfigLoader.fromTree(spec.toConfigTree(), "tree")).toConfigTree());
        Map<?, ?> tree = (Map<?, ?>) ((Map<?, ?>) spec.toConfigTree().get("MODEL")).get("SPEC");
        assertEquals(List.of(2, 2, 18, 2), tree.get("DEPTHS"));
        assertEquals(List.of(List.of(2), List.of(2, 4), List.of(2, 4, 6)), tree.get("MERGE_SIZE"));
        assertEquals(0.3, tree.get("DROP_PATH_RATE"));
    }
}
