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

/**
 * 200 forward/backward steps must not accumulate arrays or heap after the first 10, nor native
 * memory. The child JVM's heap is fixed and touched up front, so resident memory does not grow when
 * the collector decides to enlarge the heap (that growth, tens of MB at random steps, made this test
 * fail now and then). Resident memory still rises for some steps while the JIT compiles and the
 * allocators settle, so a native leak shows as growth over the second half of the run (measured with
 * the fixed heap: +30 MB from step 10 to 200, within ±2 MB from 105 to 600; leaking just one MLP
 * activation per block and step adds 42 MB over steps 105 to 200; quiet or busy, a sound run
 * stayed within ±10 MB there).
 */
class TrainingMemoryTest {
    @Test
    void stepsDoNotLeak() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch", "-cp", System.getProperty("java.class.path"),
                TrainingMemoryTest.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), output);
        assertTrue(output.contains("no growth"), output);
    }

    public static void main(String[] args) throws IOException {
        measure();
        System.out.println("no growth");
    }

    private static void measure() throws IOException {
        Engines.pytorch(0);
        MultiViewClassifier block = new MultiViewClassifier(TinyCvt.spec(2, "dw_bn"));
        // large enough that a leak of activations stands above the resident-memory noise
        Shape input = block.inputShape(8, 32, 32);
        try (Model model = Model.newInstance("leak")) {
            model.setBlock(block);
            try (Trainer trainer = TinyCvt.trainer(model, input)) {
                long arrays = 0;
                long heap = 0;
                long rss = 0;
                long rssAt10 = 0;
                for (int step = 1; step <= Integer.getInteger("steps", 200); step++) {
                    try (NDManager batch = trainer.getManager().newSubManager()) {
                        TinyCvt.step(trainer, ToyData.batch(batch, input), () -> { });
                    }
                    if (System.getenv("CVT_MEMORY_TRACE") != null && step % 50 == 0) {
                        System.out.println("step " + step + " resident " + residentKb() + " KiB");
                    }
                    if (step == 10) {
                        arrays = managed(trainer.getManager()) + managed(model.getNDManager());
                        heap = usedHeap();
                        rssAt10 = residentKb();
                    }
                    if (step == 105) {
                        rss = residentKb();
                    }
                }
                long arraysNow = managed(trainer.getManager()) + managed(model.getNDManager());
                long heapGrowth = usedHeap() - heap;
                long rssGrowthKb = residentKb() - rss;
                System.out.println("after step 10: arrays " + arrays + " -> " + arraysNow + ", heap +" + heapGrowth
                        + " B, resident +" + (residentKb() - rssAt10) + " KiB; steps 105-200: resident +" + rssGrowthKb + " KiB");
                if (arraysNow != arrays || heapGrowth > 16 << 20 || rssGrowthKb > 24 << 10) {
                    System.exit(1);
                }
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
