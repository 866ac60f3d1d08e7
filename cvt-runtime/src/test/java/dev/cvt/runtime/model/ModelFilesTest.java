package dev.cvt.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.config.ConfigLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {
    @TempDir
    Path dir;

    static List<ClassifierSpec> backbones() {
        List<String> twoViews = List.of("DATASET.DATASET", "multidim_imagenet", "DATASET.NUM_DIMS", "2", "MODEL.NUM_CLASSES", "2");
        List<String> vit = new ArrayList<>(twoViews);
        vit.addAll(List.of("MODEL.NAME", "vit", "MODEL.SPEC.PATCH_SIZE", "4", "MODEL.SPEC.EMBED_DIM", "16", "MODEL.SPEC.DEPTH", "1",
                "MODEL.SPEC.NUM_HEADS", "2"));
        List<String> casVit = new ArrayList<>(twoViews);
        casVit.addAll(List.of("MODEL.NAME", "cas_vit", "MODEL.SPEC.LAYERS", "[1, 1]", "MODEL.SPEC.EMBED_DIMS", "[8, 16]"));
        List<String> crossFormer = new ArrayList<>(twoViews);
        crossFormer.addAll(List.of("MODEL.NAME", "crossformer", "MODEL.SPEC.EMBED_DIM", "32", "MODEL.SPEC.DEPTHS", "[2, 1]",
                "MODEL.SPEC.NUM_HEADS", "[1, 2]", "MODEL.SPEC.GROUP_SIZE", "[2, 2]", "MODEL.SPEC.INTERVAL", "[2, 1]",
                "MODEL.SPEC.PATCH_SIZE", "[4, 8]", "MODEL.SPEC.MERGE_SIZE", "[[2, 4]]"));
        List<String> uniRepLkNet = new ArrayList<>(twoViews);
        uniRepLkNet.addAll(List.of("MODEL.NAME", "unireplknet", "MODEL.SPEC.DEPTHS", "[1, 1]", "MODEL.SPEC.DIMS", "[8, 16]",
                "MODEL.SPEC.KERNEL_SIZES", "[[3], [7]]"));
        return List.of(TinyCvt.spec(2, "dw_bn"), ClassifierSpec.from(ConfigLoader.defaults(vit)),
                ClassifierSpec.from(ConfigLoader.defaults(casVit)), ClassifierSpec.from(ConfigLoader.defaults(crossFormer)),
                ClassifierSpec.from(ConfigLoader.defaults(uniRepLkNet)));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("backbones")
    void aTrainedModelPredictsIdenticallyAfterLoadingInAFreshJvm(ClassifierSpec spec) throws Exception {
        Engines.pytorch(0);
        MultiViewClassifier block = new MultiViewClassifier(spec);
        Shape input = block.inputShape(4, 17, 23);
        float[] before;
        try (Model model = Model.newInstance("tiny")) {
            model.setBlock(block);
            try (Trainer trainer = TinyCvt.trainer(model, input)) {
                for (int step = 0; step < 3; step++) {
                    try (NDManager batch = trainer.getManager().newSubManager()) {
                        TinyCvt.step(trainer, ToyData.batch(batch, input), () -> { });
                    }
                }
            }
            try (NDManager manager = model.getNDManager().newSubManager()) {
                before = PredictFromFiles.predict(block, manager, 17, 23);
            }
            ModelFiles.save(model, new ModelFiles.Info(spec, List.of("curl", "raise"), 23, 17,
                    List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225), "f00d"), dir, "tiny");
        }
        assertTrue(Files.exists(dir.resolve("tiny-0000.params")));
        ModelFiles.Info info = ModelFiles.info(dir, "tiny");
        assertEquals(List.of("curl", "raise"), info.classes());
        assertEquals(23, info.width());
        assertEquals("f00d", info.fingerprint());
        assertEquals(spec.toConfigTree(), info.spec().toConfigTree());
        assertEquals(spec.name(), info.spec().name());

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PredictFromFiles.class.getName(), dir.toString(), "tiny")
                .redirectErrorStream(false).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), errors);
        List<String> expected = new ArrayList<>();
        for (float v : before) {
            expected.add(Integer.toHexString(Float.floatToIntBits(v)));
        }
        assertEquals(expected, output.lines().toList());
    }

    @Test
    void aDescriptionFromBeforeBackbonesHadNamesIsACvt() throws IOException {
        ClassifierSpec spec = TinyCvt.spec(2, "dw_bn");
        java.util.Map<String, Object> config = spec.toConfigTree();
        ((java.util.Map<?, ?>) config.get("MODEL")).remove("NAME");
        ((java.util.Map<?, ?>) ((java.util.Map<?, ?>) config.get("MODEL")).get("SPEC")).remove("PRESET");
        java.util.Map<String, Object> sidecar = new java.util.LinkedHashMap<>();
        sidecar.put("format", 1);
        sidecar.put("classes", List.of("curl", "raise"));
        sidecar.put("image_size", List.of(23, 17));
        sidecar.put("mean", List.of(0.5, 0.5, 0.5));
        sidecar.put("std", List.of(0.2, 0.2, 0.2));
        sidecar.put("config", config);
        Files.writeString(dir.resolve("old.yaml"), new org.yaml.snakeyaml.Yaml().dump(sidecar));
        ModelFiles.Info info = ModelFiles.info(dir, "old");
        assertEquals("cls_cvt", info.spec().name());
        assertEquals(spec.toConfigTree(), info.spec().toConfigTree());
        assertEquals("", info.fingerprint());
    }

    @Test
    void aMissingOrForeignDescriptionIsAClearError() throws IOException {
        assertTrue(assertThrows(CvtException.class, () -> ModelFiles.info(dir, "nope")).getMessage().contains("nope.yaml"));
        Files.writeString(dir.resolve("x.yaml"), "something: else\n");
        assertTrue(assertThrows(CvtException.class, () -> ModelFiles.info(dir, "x")).getMessage().contains("not a cvt model description"));
    }
}
