package dev.cvt.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.cvt.runtime.config.ConfigLoader;
import dev.cvt.runtime.model.ClassifierSpec;
import dev.cvt.runtime.model.Engines;
import dev.cvt.runtime.model.MultiViewClassifier;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WeightDecayExemptionsTest {
    @Test
    void selectsByModuleKindLikeTheOriginal() {
        Engine engine = Engines.pytorch(0);
        MultiViewClassifier model = new MultiViewClassifier(ClassifierSpec.from(ConfigLoader.defaults(List.of("DATASET.DATASET", "multidim_imagenet",
                "DATASET.NUM_DIMS", "2", "MODEL.NUM_CLASSES", "2", "MODEL.SPEC.POS_EMBED", "[true, false, false]"))));
        try (NDManager manager = engine.newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, model.inputShape(1, 32, 32));
            Set<String> all = model.getParameters().stream().filter(p -> p.getValue().requiresGradient())
                    .map(p -> p.getKey()).collect(Collectors.toSet());
            Set<String> exempt = WeightDecayExemptions.of(model, List.of("bn", "bias", "ln", "dw"));
            assertTrue(all.containsAll(exempt), "names as getParameters() gives them");
            Set<String> decayed = all.stream().filter(n -> !exempt.contains(n)).collect(Collectors.toSet());
            // what keeps decay: the weights of linear layers and of the patch-embedding convolutions
            assertTrue(decayed.stream().allMatch(n -> n.endsWith("_weight")), decayed.toString());
            assertTrue(decayed.stream().noneMatch(n -> n.contains("conv_proj")), "depthwise weights are exempt");
            assertTrue(decayed.stream().anyMatch(n -> n.contains("patch_embed") && n.endsWith("proj_weight")));
            assertTrue(exempt.stream().anyMatch(n -> n.endsWith("cls_token")));
            assertTrue(exempt.stream().anyMatch(n -> n.endsWith("pos_embed")));
            assertTrue(exempt.stream().anyMatch(n -> n.endsWith("conv_proj_k_bn_gamma")));
            assertTrue(exempt.stream().anyMatch(n -> n.endsWith("norm1_gamma")));
            assertTrue(exempt.stream().anyMatch(n -> n.endsWith("head_bias")));
            // CvT-13 stages: 1 + 2 + 10 blocks, each 3 depthwise convolutions, 3 BatchNorms (2 each), 2 LayerNorms (2 each)
            long depthwise = exempt.stream().filter(n -> n.endsWith("_conv_weight")).count();
            assertEquals(13 * 3, depthwise);

            Set<String> onlyTokens = WeightDecayExemptions.of(model, List.of());
            assertEquals(2, onlyTokens.size(), onlyTokens.toString());
        }
    }
}
