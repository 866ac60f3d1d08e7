package dev.cvt.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.cvt.runtime.config.ConfigLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackbonesTest {
    @Test
    void everyNameTheConfigAcceptsHasABackbone() {
        assertEquals(ConfigLoader.backbones(), Backbones.names());
    }

    /** Every name with its defaults builds, summarises and keeps its spec through a config tree. */
    @Test
    void everyBackboneBuildsWithItsDefaults() {
        for (String name : Backbones.names()) {
            ClassifierSpec spec = ClassifierSpec.from(ConfigLoader.defaults(List.of("MODEL.NAME", name, "MODEL.NUM_CLASSES", "2",
                    "DATASET.DATASET", "multidim_imagenet", "DATASET.NUM_DIMS", "2")));
            assertEquals(spec.toConfigTree(), ClassifierSpec.from(ConfigLoader.fromTree(spec.toConfigTree(), "tree")).toConfigTree());
            MultiViewClassifier model = new MultiViewClassifier(spec);
            try (NDManager manager = Engines.pytorch(0).newBaseManager()) {
                model.initialize(manager, DataType.FLOAT32, model.inputShape(1, 48, 82));
                String summary = ModelSummary.of(model, 48, 82);
                assertEquals(name + ":", summary.substring(0, summary.indexOf(' ')), summary);
            }
        }
    }
}
