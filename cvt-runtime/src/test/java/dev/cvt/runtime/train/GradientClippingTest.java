package dev.cvt.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.cvt.runtime.model.Engines;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientClippingTest {
    private static Parameter parameter(NDManager manager, String name, float... values) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optArray(manager.create(values)).build();
        p.getArray().setRequiresGradient(true);
        return p;
    }

    @Test
    void scalesAllGradientsByOneFactorWhenTheGlobalNormIsTooLarge() {
        try (NDManager manager = Engines.pytorch(0).newBaseManager()) {
            Parameter a = parameter(manager, "a", 1f, 2f);
            Parameter b = parameter(manager, "b", 3f);
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                // d/da of 3a0 + 4a1 = (3, 4); d/db of 12b = 12: global norm 13
                NDArray loss = a.getArray().mul(manager.create(new float[] {3f, 4f})).sum().add(b.getArray().mul(12f).sum());
                collector.backward(loss);
            }
            assertEquals(13.0, GradientClipping.clipByGlobalNorm(List.of(a, b), 6.5).getFloat(), 1e-5);
            assertArrayEquals(new float[] {1.5f, 2f}, a.getArray().getGradient().toFloatArray(), 1e-5f);
            assertArrayEquals(new float[] {6f}, b.getArray().getGradient().toFloatArray(), 1e-5f);
            assertEquals(6.5, GradientClipping.clipByGlobalNorm(List.of(a, b), 100).getFloat(), 1e-4, "under the limit: unchanged");
            assertArrayEquals(new float[] {6f}, b.getArray().getGradient().toFloatArray(), 1e-5f);
        }
    }
}
