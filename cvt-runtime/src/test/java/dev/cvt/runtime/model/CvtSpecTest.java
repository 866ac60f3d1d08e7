package dev.cvt.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ConfigLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CvtSpecTest {
    @Test
    void viewsComeFromTheDataset() {
        assertEquals(1, ClassifierSpec.from(ConfigLoader.defaults(List.of("DATASET.NUM_DIMS", "6"))).views(), "imagenet: single view");
        assertEquals(6, ClassifierSpec.from(ConfigLoader.defaults(List.of("DATASET.NUM_DIMS", "6", "DATASET.DATASET", "multidim_imagenet"))).views());
        assertEquals(1, ClassifierSpec.from(ConfigLoader.defaults(List.of("DATASET.DATASET", "multidim_imagenet"))).views());
    }

    @Test
    void everyListHasOneEntryPerStage() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ClassifierSpec.from(ConfigLoader.defaults(List.of("MODEL.SPEC.DEPTH", "[1, 2]"))));
        assertTrue(e.getMessage().contains("MODEL.SPEC.DEPTH has 2 entries but MODEL.SPEC.NUM_STAGES is 3"), e.getMessage());
    }

    @Test
    void badValuesNameTheKey() {
        assertTrue(assertThrows(ConfigException.class, () -> ClassifierSpec.from(ConfigLoader.defaults(
                List.of("MODEL.SPEC.QKV_PROJ_METHOD", "[dw_bn, conv, dw_bn]")))).getMessage()
                .contains("MODEL.SPEC.QKV_PROJ_METHOD[1] is 'conv'; allowed: dw_bn, avg, linear"));
        assertTrue(assertThrows(ConfigException.class, () -> ClassifierSpec.from(ConfigLoader.defaults(
                List.of("MODEL.SPEC.NUM_HEADS", "[1, 5, 6]")))).getMessage()
                .contains("MODEL.SPEC.NUM_HEADS[1] (5) must divide DIM_EMBED[1] (192)"));
        assertTrue(assertThrows(ConfigException.class, () -> ClassifierSpec.from(ConfigLoader.defaults(
                List.of("MODEL.SPEC.INIT", "he")))).getMessage().contains("MODEL.SPEC.INIT is 'he'"));
        assertTrue(assertThrows(ConfigException.class, () -> ClassifierSpec.from(ConfigLoader.defaults(List.of("DATASET.DATASET",
                "multidim_imagenet", "DATASET.NUM_DIMS", "2", "MODEL.SPEC.DIM_EMBED", "[64, 192, 378]")))).getMessage()
                .contains("the features' size 378 (MODEL.SPEC.DIM_EMBED) must be a multiple of 4"));
    }

    @Test
    void theSpecRoundTripsThroughAConfigTree() {
        ClassifierSpec spec = TinyCvt.spec(6, "avg");
        assertEquals(spec.toConfigTree(), ClassifierSpec.from(ConfigLoader.fromTree(spec.toConfigTree(), "tree")).toConfigTree());
    }
}
