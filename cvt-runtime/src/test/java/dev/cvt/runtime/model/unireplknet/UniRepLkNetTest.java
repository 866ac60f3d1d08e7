package dev.cvt.runtime.model.unireplknet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ConfigLoader;
import dev.cvt.runtime.model.ClassifierSpec;
import dev.cvt.runtime.model.Engines;
import dev.cvt.runtime.model.ModelFiles;
import dev.cvt.runtime.model.ModelSummary;
import dev.cvt.runtime.model.MultiViewClassifier;
import dev.cvt.runtime.model.ToyTraining;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UniRepLkNetTest {
    /** Four small stages with every kind of block: plain depthwise 3 and 5, dilated blocks 7 to 17. */
    static final List<String> TINY = List.of("MODEL.SPEC.DEPTHS", "[2, 2, 3, 2]", "MODEL.SPEC.DIMS", "[8, 8, 16, 16]",
            "MODEL.SPEC.KERNEL_SIZES", "[[3, 5], [7, 9], [11, 13, 3], [15, 17]]");

    @TempDir
    Path dir;

    static ClassifierSpec spec(String... overrides) {
        List<String> all = new ArrayList<>(List.of("MODEL.NAME", "unireplknet", "MODEL.SPEC.PRESET", "unireplknet_a", "MODEL.NUM_CLASSES", "1000"));
        all.addAll(List.of(overrides));
        return ClassifierSpec.from(ConfigLoader.defaults(all));
    }

    static ClassifierSpec tiny(String... overrides) {
        List<String> all = new ArrayList<>(TINY);
        all.addAll(List.of("MODEL.NUM_CLASSES", "3"));
        all.addAll(List.of(overrides));
        return spec(all.toArray(String[]::new));
    }

    /** The counts of the authors' models at 1000 classes (UniRepLKNet of unireplknet.py): training structure, then deploy. */
    @ParameterizedTest
    @CsvSource({"unireplknet_a, 4649060, 4437300", "unireplknet_f, 6489328, 6235216", "unireplknet_p, 11080520, 10741704",
            "unireplknet_n, 18818880, 18318560", "unireplknet_t, 31693420, 31037980"})
    void presetsHaveTheReferenceParameterCounts(String preset, long training, long folded) {
        MultiViewClassifier model = new MultiViewClassifier(spec("MODEL.SPEC.PRESET", preset));
        try (NDManager manager = Engines.pytorch(0).newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, model.inputShape(1, 224, 224));
            assertEquals(training, ModelSummary.trainable(model));
            assertEquals(folded, ModelSummary.trainable(model.inferenceForm(manager)));
        }
    }

    /** Random values everywhere (BatchNorm statistics, GRN, layer scale too), so that folding has something to fold. */
    static void randomise(MultiViewClassifier model, long seed) {
        Random rnd = new Random(seed);
        for (Pair<String, Parameter> p : model.getParameters()) {
            NDArray a = p.getValue().getArray();
            float[] v = new float[(int) a.getShape().size()];
            String name = p.getKey();
            for (int i = 0; i < v.length; i++) {
                double u = rnd.nextDouble() * 2 - 1;
                v[i] = (float) (name.endsWith("runningVar") ? 1 + 0.5 * u : name.endsWith("gamma") ? 1 + 0.3 * u
                        : a.getShape().dimension() >= 2 ? u * Math.sqrt(3.0 * a.getShape().get(0) / a.getShape().size()) : 0.3 * u);
            }
            a.set(FloatBuffer.wrap(v));
        }
    }

    static float relative(NDArray reference, NDArray other) {
        return reference.sub(other).abs().max().getFloat() / Math.max(1f, reference.abs().max().getFloat());
    }

    @ParameterizedTest
    @CsvSource({"1, 32, 32", "2, 48, 82"})
    void theFoldedModelGivesTheSameEvalOutputs(int views, int height, int width) {
        MultiViewClassifier model = new MultiViewClassifier(tiny("DATASET.DATASET", "multidim_imagenet", "DATASET.NUM_DIMS",
                String.valueOf(views)));
        try (NDManager manager = Engines.pytorch(0).newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, model.inputShape(3, height, width));
            randomise(model, 7);
            NDArray x = manager.randomNormal(model.inputShape(3, height, width));
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray logits = model.forward(ps, new NDList(x), false).head();
            MultiViewClassifier folded = model.inferenceForm(manager);
            assertNotSame(model, folded);
            assertTrue(folded.backbone().caption().endsWith("folded for inference"), folded.backbone().caption());
            NDArray foldedLogits = folded.forward(ps, new NDList(x), false).head();
            float difference = relative(logits, foldedLogits);
            assertTrue(difference < 1e-4, "folded vs training structure: " + difference + " (logits up to " + logits.abs().max().getFloat() + ")");
            assertTrue(ModelSummary.trainable(folded) < ModelSummary.trainable(model));
            assertSame(folded.backbone(), folded.backbone().inferenceForm(), "folding a folded backbone changes nothing");
        }
    }

    @Test
    void otherBackbonesAreTheirOwnInferenceForm() {
        MultiViewClassifier model = new MultiViewClassifier(ClassifierSpec.from(ConfigLoader.defaults(List.of("MODEL.NAME", "cas_vit",
                "MODEL.SPEC.LAYERS", "[1]", "MODEL.SPEC.EMBED_DIMS", "[8]"))));
        try (NDManager manager = Engines.pytorch(0).newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, model.inputShape(1, 16, 16));
            assertSame(model, model.inferenceForm(manager));
        }
    }

    /**
     * Every downsampling is a 3x3 convolution of stride 2 and padding 1, which halves a side rounding up, and
     * every other layer keeps the size: any input works, down to 1 x 1 (in training too, with two or more images
     * in the batch, as BatchNorm needs).
     */
    @ParameterizedTest
    @CsvSource({"48, 82, '12x21 6x11 3x6 2x3'", "1, 1, '1x1 1x1 1x1 1x1'", "224, 224, '56x56 28x28 14x14 7x7'"})
    void anyInputSizeWorks(int height, int width, String grids) {
        MultiViewClassifier model = new MultiViewClassifier(spec("MODEL.NUM_CLASSES", "4"));
        try (NDManager manager = Engines.pytorch(0).newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, model.inputShape(2, height, width));
            NDArray x = manager.randomNormal(model.inputShape(2, height, width));
            for (boolean training : new boolean[] {false, true}) {
                assertEquals(new Shape(2, 4), model.forward(new ParameterStore(manager, false), new NDList(x), training).head().getShape());
            }
            List<String> rows = model.backbone().summary().stream().skip(1).map(r -> r.grid()).toList();
            assertEquals(List.of(grids.split(" ")), rows);
        }
    }

    @Test
    void summaryRowsCoverTheBackbone() {
        MultiViewClassifier model = new MultiViewClassifier(spec());
        try (NDManager manager = Engines.pytorch(0).newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, model.inputShape(1, 224, 224));
            String summary = ModelSummary.of(model, 224, 224);
            System.out.println(summary);
            assertTrue(summary.contains("UniRepLKNet, 4 stage(s), 1 view(s) of 224 x 224"), summary);
            assertTrue(summary.contains("total: 4,649,060 trainable parameters"), summary);
            for (MultiViewClassifier m : List.of(model, model.inferenceForm(manager))) {
                long rows = m.backbone().summary().stream().mapToLong(r -> r.params()).sum();
                assertEquals(ModelSummary.trainable(m.backbone()), rows, "the rows cover the whole backbone");
            }
        }
    }

    @Test
    void trainingLowersTheLossAndReachesEveryParameter() {
        Engines.pytorch(0).setRandomSeed(1);
        MultiViewClassifier block = new MultiViewClassifier(spec("DATASET.DATASET", "multidim_imagenet", "DATASET.NUM_DIMS", "2",
                "MODEL.NUM_CLASSES", "2", "MODEL.SPEC.DEPTHS", "[1, 1]", "MODEL.SPEC.DIMS", "[8, 16]", "MODEL.SPEC.KERNEL_SIZES",
                "[[3], [7]]", "MODEL.SPEC.DROP_PATH_RATE", "0.1", "MODEL.SPEC.LAYER_SCALE_INIT", "0.5"));
        Shape input = block.inputShape(8, 16, 16);
        ToyTraining.assertLearns(block, input, 40);
    }

    /** The saved model is the training structure (so that training can resume); folding follows loading. */
    @Test
    void aSavedModelLoadsInTheTrainingStructureAndFoldsAfterwards() {
        ClassifierSpec spec = tiny();
        MultiViewClassifier block = new MultiViewClassifier(spec);
        NDArray before;
        float[] input;
        try (Model model = Model.newInstance("tiny")) {
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, block.inputShape(1, 20, 28));
            randomise(block, 3);
            NDArray x = model.getNDManager().randomNormal(block.inputShape(2, 20, 28));
            input = x.toFloatArray();
            before = block.forward(new ParameterStore(model.getNDManager(), false), new NDList(x), false).head();
            ModelFiles.save(model, new ModelFiles.Info(spec, List.of("a", "b", "c"), 28, 20, List.of(0.5, 0.5, 0.5),
                    List.of(0.2, 0.2, 0.2), "beef"), dir, "tiny");
            try (Model loaded = ModelFiles.load(dir, "tiny", Device.cpu())) {
                MultiViewClassifier trained = (MultiViewClassifier) loaded.getBlock();
                assertEquals(ModelSummary.trainable(block), ModelSummary.trainable(trained));
                NDManager m = loaded.getNDManager();
                NDArray after = trained.inferenceForm(m).forward(new ParameterStore(m, false),
                        new NDList(m.create(input, block.inputShape(2, 20, 28))), false).head();
                assertTrue(relative(before, after) < 1e-4, "folded after loading: " + relative(before, after));
            }
        }
    }

    @Test
    void specErrorsNameTheKeys() {
        String message = assertThrows(ConfigException.class, () -> spec("MODEL.SPEC.DEPTHS", "[2, 2, 6]")).getMessage();
        assertTrue(message.contains("MODEL.SPEC.DIMS has 4 entries but MODEL.SPEC.DEPTHS has 3"), message);
        message = assertThrows(ConfigException.class, () -> spec("MODEL.SPEC.DEPTHS", "[2, 2, 5, 2]")).getMessage();
        assertTrue(message.contains("MODEL.SPEC.KERNEL_SIZES[2] has 6 entries but MODEL.SPEC.DEPTHS[2] is 5"), message);
        message = assertThrows(ConfigException.class, () -> spec("MODEL.SPEC.KERNEL_SIZES", "[[3, 3], [13, 13], [13, 13, 13, 13, 13, 13], [13, 19]]"))
                .getMessage();
        assertTrue(message.contains("MODEL.SPEC.KERNEL_SIZES[3][1] is 19"), message);
        message = assertThrows(ConfigException.class, () -> spec("MODEL.SPEC.DIMS", "[40, 80, 160, 3]")).getMessage();
        assertTrue(message.contains("MODEL.SPEC.DIMS[3] is 3; it must be at least 4"), message);
        message = assertThrows(ConfigException.class, () -> spec("MODEL.SPEC.DROP_PATH_RATE", "1.0")).getMessage();
        assertTrue(message.contains("MODEL.SPEC.DROP_PATH_RATE is 1.0"), message);
    }

    @Test
    void specKnowsItsFeaturesAndDropPathRates() {
        UniRepLkNetSpec spec = (UniRepLkNetSpec) spec("MODEL.SPEC.DROP_PATH_RATE", "0.1").backbone();
        assertEquals(320, spec.features());
        assertEquals(0f, spec.dropPath(0));
        assertEquals(0.1f * 5 / 11, spec.dropPath(5), 1e-7);
        assertEquals(0.1f, spec.dropPath(11), 1e-7);
        assertEquals(0.0, spec.withoutDropout().dropPathRate());
    }

    @Test
    void theSpecRoundTripsThroughAConfigTree() {
        ClassifierSpec spec = spec("MODEL.SPEC.PRESET", "unireplknet_t", "MODEL.SPEC.DROP_PATH_RATE", "0.05", "MODEL.SPEC.LAYER_SCALE_INIT", "0.0");
        Map<String, Object> tree = spec.toConfigTree();
        assertEquals(tree, ClassifierSpec.from(ConfigLoader.fromTree(tree, "tree")).toConfigTree());
        Map<?, ?> written = (Map<?, ?>) ((Map<?, ?>) tree.get("MODEL")).get("SPEC");
        assertEquals(List.of(3, 3, 18, 3), written.get("DEPTHS"));
        assertEquals(List.of(13, 13, 13), ((List<?>) written.get("KERNEL_SIZES")).get(3));
    }
}
