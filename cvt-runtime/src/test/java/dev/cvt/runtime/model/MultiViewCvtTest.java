package dev.cvt.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.cvt.runtime.SharedData;
import dev.cvt.runtime.config.ConfigLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultiViewCvtTest {
    static long trainable(MultiViewCvt model) {
        long n = 0;
        for (Parameter p : model.getParameters().values()) {
            if (p.requiresGradient()) {
                n += p.getShape().size();
            }
        }
        return n;
    }

    @Test
    void cvt13HasThePublishedParameterCount() {
        Engine engine = Engines.pytorch(0);
        CvtSpec spec = CvtSpec.from(ConfigLoader.load(SharedData.require("seed-configs/cvt-13-224x224.yaml"),
                List.of("MODEL.NUM_CLASSES", "1000")));
        try (NDManager manager = engine.newBaseManager()) {
            MultiViewCvt model = new MultiViewCvt(spec);
            model.initialize(manager, DataType.FLOAT32, model.inputShape(1, 224, 224));
            assertEquals(19_997_480L, trainable(model));
            NDArray out = model.forward(new ParameterStore(manager, false), new ai.djl.ndarray.NDList(manager.randomNormal(model.inputShape(2, 224, 224))), false).head();
            assertEquals(new Shape(2, 1000), out.getShape());
        }
    }
}
