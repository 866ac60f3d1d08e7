package dev.cvt.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import dev.cvt.runtime.CvtException;
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

    @Test
    void aTrainedModelPredictsIdenticallyAfterLoadingInAFreshJvm() throws Exception {
        Engines.pytorch(0);
        CvtSpec spec = TinyCvt.spec(2, "dw_bn");
        MultiViewCvt block = new MultiViewCvt(spec);
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
    void aMissingOrForeignDescriptionIsAClearError() throws IOException {
        assertTrue(assertThrows(CvtException.class, () -> ModelFiles.info(dir, "nope")).getMessage().contains("nope.yaml"));
        Files.writeString(dir.resolve("x.yaml"), "something: else\n");
        assertTrue(assertThrows(CvtException.class, () -> ModelFiles.info(dir, "x")).getMessage().contains("not a cvt model description"));
    }
}
