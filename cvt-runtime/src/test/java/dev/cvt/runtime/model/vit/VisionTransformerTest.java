package dev.cvt.runtime.model.vit;

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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VisionTransformerTest {
    static ClassifierSpec spec(String... overrides) {
        List<String> all = new ArrayList<>(List.of("MODEL.NAME", "vit"));
        all.addAll(List.of(overrides));
        return ClassifierSpec.from(ConfigLoader.defaults(all));
    }

    /** A small ViT: patch 8, width 32, two blocks. */
    static ClassifierSpec tiny(String... more) {
        List<String> all = new ArrayList<>(List.of("MODEL.NUM_CLASSES", "3", "MODEL.SPEC.PATCH_SIZE", "8", "MODEL.SPEC.EMBED_DIM", "32",
                "MODEL.SPEC.DEPTH", "2", "MODEL.SPEC.NUM_HEADS", "2"));
        all.addAll(List.of(more));
        return spec(all.toArray(String[]::new));
    }

    @ParameterizedTest
    @CsvSource({"vit_tiny_patch16, 5717416", "vit_small_patch16, 22050664", "vit_base_patch16, 86567656"})
    void presetsHaveTimmsParameterCounts(String preset, long parameters) {
        MultiViewClassifier model = new MultiViewClassifier(spec("MODEL.SPEC.PRESET", preset));
        try (NDManager manager = Engines.pytorch(0).newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, model.inputShape(1, 224, 224));
            assertEquals(parameters, ModelSummary.trainable(model));
        }
    }

    @Test
    void theSummaryCountsTheEmbeddingAndTheBlocks() {
        MultiViewClassifier model = new MultiViewClassifier(spec("MODEL.SPEC.PRESET", "vit_small_patch16"));
        try (NDManager manager = Engines.pytorch(0).newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, model.inputShape(1, 224, 224));
            String summary = ModelSummary.of(model, 224, 224);
            // by hand: the patch convolution 196·384·768 = 57.8 M, then per block qkv 197·384·1152, the two attention
            // products 2·197²·384, proj 197·384², MLP 2·197·384·1536: 378.4 M; 12 blocks: 4.60 G
            assertTrue(summary.contains("total: 22,050,664 trainable parameters, 4.60 G MACs per view"), summary);
            // parameters: the convolution 295,296 + position embeddings 197·384 + the class token 384
            assertTrue(summary.lines().anyMatch(l -> l.matches("embed\\s+14x14\\s+197\\s+384\\s+-\\s+0\\s+371,328\\s+57,802,752")), summary);
        }
    }

    @ParameterizedTest
    @CsvSource({"1, token, true, 32, 32", "1, avg, false, 231, 310", "2, avg, true, 40, 24", "2, token, true, 17, 33"})
    void anyImageSizeGivesClassScores(int views, String pool, boolean classToken, int height, int width) {
        MultiViewClassifier model = new MultiViewClassifier(tiny("DATASET.DATASET", "multidim_imagenet", "DATASET.NUM_DIMS",
                String.valueOf(views), "MODEL.SPEC.GLOBAL_POOL", pool, "MODEL.SPEC.CLASS_TOKEN", String.valueOf(classToken)));
        try (NDManager manager = Engines.pytorch(0).newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, model.inputShape(2, height, width));
            // the size it was built for, and another one (resampled position embeddings)
            for (int[] size : new int[][] {{height, width}, {height + 9, width + 20}}) {
                NDArray x = manager.randomNormal(model.inputShape(2, size[0], size[1]));
                for (boolean training : new boolean[] {false, true}) {
                    NDArray out = model.forward(new ParameterStore(manager, false), new NDList(x), training).head();
                    assertEquals(new Shape(2, 3), out.getShape());
                }
            }
        }
    }

    @Test
    void resamplingToTheSameGridChangesNothingAndKeepsTheMean() {
        try (NDManager manager = Engines.pytorch(0).newBaseManager()) {
            NDArray positions = manager.randomNormal(new Shape(1, 12, 5));
            NDArray same = PositionResampling.resample(positions, 3, 4, 3, 4);
            assertTrue(same.sub(positions).abs().max().getFloat() < 1e-6);
            // weights of each output sum to one: a constant grid stays constant, up or down
            NDArray ones = manager.ones(new Shape(1, 12, 5));
            assertTrue(PositionResampling.resample(ones, 3, 4, 7, 2).sub(1).abs().max().getFloat() < 1e-6);
        }
    }

    @Test
    void badSpecsNameTheKey() {
        assertEquals("override MODEL.SPEC.NUM_HEADS 5: MODEL.SPEC.NUM_HEADS (5) must divide MODEL.SPEC.EMBED_DIM (384)",
                assertThrows(ConfigException.class, () -> spec("MODEL.SPEC.NUM_HEADS", "5")).getMessage());
        assertTrue(assertThrows(ConfigException.class, () -> spec("MODEL.SPEC.CLASS_TOKEN", "false")).getMessage()
                .contains("MODEL.SPEC.GLOBAL_POOL token needs MODEL.SPEC.CLASS_TOKEN true"));
        assertTrue(assertThrows(ConfigException.class, () -> spec("MODEL.SPEC.GLOBAL_POOL", "max")).getMessage()
                .contains("MODEL.SPEC.GLOBAL_POOL is 'max'; allowed: token, avg"));
        assertTrue(assertThrows(ConfigException.class, () -> spec("DATASET.DATASET", "multidim_imagenet", "DATASET.NUM_DIMS", "2",
                "MODEL.SPEC.EMBED_DIM", "30", "MODEL.SPEC.NUM_HEADS", "3")).getMessage()
                .contains("the features' size 30 (MODEL.SPEC.EMBED_DIM) must be a multiple of 4"));
    }

    @Test
    void theSpecRoundTripsThroughAConfigTree() {
        ClassifierSpec spec = tiny("MODEL.SPEC.GLOBAL_POOL", "avg");
        assertEquals(spec, ClassifierSpec.from(ConfigLoader.fromTree(spec.toConfigTree(), "tree")));
    }
}
