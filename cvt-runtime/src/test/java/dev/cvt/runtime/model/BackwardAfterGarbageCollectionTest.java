package dev.cvt.runtime.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The backward pass must not depend on what the garbage collector did since the forward pass. It
 * did when the model multiplied by constants with DJL's {@code mul(Number)} (see {@link ScalarOps}):
 * a collection between forward and backward freed the factors autograd had kept, and the gradients
 * came out as garbage or NaN. Here every parameter's gradient is computed twice from the same
 * weights and batch, once with a collection (and fresh direct buffers to reuse the freed memory)
 * between forward and backward, and the two must be the same finite numbers.
 */
class BackwardAfterGarbageCollectionTest {
    @Test
    void gradientsDoNotChangeWhenTheCollectorRunsBeforeBackward() throws InterruptedException {
        Engine engine = Engines.pytorch(0);
        // every optional part on (cls token, position embedding, drop path, dropout), as the toy training test
        MultiViewClassifier block = new MultiViewClassifier(TinyCvt.spec(2, "dw_bn"));
        Shape input = block.inputShape(8, 16, 16);
        try (Model model = Model.newInstance("tiny")) {
            model.setBlock(block);
            try (Trainer trainer = TinyCvt.trainer(model, input); NDManager batchManager = trainer.getManager().newSubManager()) {
                NDList batch = ToyData.batch(batchManager, input);
                for (int round = 0; round < 3; round++) {
                    List<float[]> quiet = gradients(engine, trainer, batch, false);
                    List<float[]> collected = gradients(engine, trainer, batch, true);
                    for (int i = 0; i < quiet.size(); i++) {
                        for (float g : collected.get(i)) {
                            assertTrue(Float.isFinite(g), "round " + round + ": a gradient of parameter " + i + " is " + g);
                        }
                        assertArrayEquals(quiet.get(i), collected.get(i), 1e-6f, "round " + round + ", parameter " + i);
                    }
                }
            }
        }
    }

    /** One forward and backward pass with the same dropout draws; the gradients of every parameter. */
    private static List<float[]> gradients(Engine engine, Trainer trainer, NDList batch, boolean collectBeforeBackward)
            throws InterruptedException {
        var parameters = trainer.getModel().getBlock().getParameters().values();
        engine.setRandomSeed(7);
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDArray prediction = trainer.forward(new NDList(batch.get(0))).head();
            NDArray loss = trainer.getLoss().evaluate(new NDList(batch.get(1)), new NDList(prediction));
            Gradients.zero(parameters);
            if (collectBeforeBackward) {
                collectGarbage();
            }
            collector.backward(loss);
        }
        List<float[]> out = new ArrayList<>();
        for (var p : parameters) {
            if (p.requiresGradient()) {
                try (NDArray g = p.getArray().getGradient()) {
                    out.add(g.toFloatArray());
                }
            }
        }
        return out;
    }

    private static void collectGarbage() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50); // the JDK's cleaner thread frees unreachable direct buffers after a collection
            for (int j = 0; j < 256; j++) {
                ByteBuffer reuse = ByteBuffer.allocateDirect(4 << (j % 8));
                while (reuse.remaining() >= 4) {
                    reuse.putFloat(Float.NaN);
                }
            }
        }
    }
}
