package dev.cvt.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** 200 forward/backward steps must not accumulate arrays, heap or native memory after the first 10. */
class TrainingMemoryTest {
    @Test
    void stepsDoNotLeak() throws IOException {
        Engines.pytorch(0);
        MultiViewCvt block = new MultiViewCvt(TinyCvt.spec(2, "dw_bn"));
        Shape input = block.inputShape(4, 16, 16);
        try (Model model = Model.newInstance("leak")) {
            model.setBlock(block);
            try (Trainer trainer = TinyCvt.trainer(model, input)) {
                long arrays = 0;
                long heap = 0;
                long rss = 0;
                for (int step = 1; step <= 200; step++) {
                    try (NDManager batch = trainer.getManager().newSubManager()) {
                        TinyCvt.step(trainer, TinyCvt.batch(batch, input, step), () -> { });
                    }
                    if (step == 10) {
                        arrays = managed(trainer.getManager()) + managed(model.getNDManager());
                        heap = usedHeap();
                        rss = residentKb();
                    }
                }
                assertEquals(arrays, managed(trainer.getManager()) + managed(model.getNDManager()), "arrays kept by the managers");
                long heapGrowth = usedHeap() - heap;
                long rssGrowthKb = residentKb() - rss;
                assertTrue(heapGrowth < 16 << 20, "heap grew by " + heapGrowth + " bytes");
                assertTrue(rssGrowthKb < 64 << 10, "resident memory grew by " + rssGrowthKb + " KiB");
            }
        }
    }

    private static long managed(NDManager manager) {
        return ((BaseNDManager) manager).getManagedArrays().size();
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static long residentKb() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0);
    }
}
