package dev.cvt.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.cvt.runtime.model.Engines;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** torch.optim.SGD's update, computed by hand for three steps. */
class MomentumSgdTest {
    private static float[] run(boolean nesterov, boolean exempt) {
        Engines.pytorch(1);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1f, -2f});
            MomentumSgd sgd = new MomentumSgd(0.1f, 0.9f, nesterov, 0.01f, exempt ? Set.of("p") : Set.of());
            float[][] grads = {{0.5f, 1f}, {-0.5f, 0.25f}, {0.1f, 0.1f}};
            for (float[] g : grads) {
                try (NDArray grad = m.create(g)) {
                    sgd.update("p", w, grad);
                }
            }
            return w.toFloatArray();
        }
    }

    private static float[] byHand(boolean nesterov, boolean exempt) {
        double[] w = {1, -2};
        double[] buf = null;
        double[][] grads = {{0.5, 1}, {-0.5, 0.25}, {0.1, 0.1}};
        for (double[] g0 : grads) {
            double[] g = new double[2];
            for (int i = 0; i < 2; i++) {
                g[i] = g0[i] + (exempt ? 0 : 0.01 * w[i]);
            }
            if (buf == null) {
                buf = g.clone();
            } else {
                for (int i = 0; i < 2; i++) {
                    buf[i] = 0.9 * buf[i] + g[i];
                }
            }
            for (int i = 0; i < 2; i++) {
                w[i] -= 0.1 * (nesterov ? g[i] + 0.9 * buf[i] : buf[i]);
            }
        }
        return new float[] {(float) w[0], (float) w[1]};
    }

    @Test
    void matchesTorchSgd() {
        for (boolean nesterov : new boolean[] {false, true}) {
            for (boolean exempt : new boolean[] {false, true}) {
                assertArrayEquals(byHand(nesterov, exempt), run(nesterov, exempt), 1e-6f, "nesterov " + nesterov + " exempt " + exempt);
            }
        }
    }
}
