package dev.cvt.runtime.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.util.Pair;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The parameters trained without weight decay, selected as the original's {@code set_wd} did:
 * by {@code TRAIN.WITHOUT_WD_LIST} entries {@code dw} (depthwise convolution weights), {@code bn}
 * (BatchNorm), {@code ln} (LayerNorm), {@code bias} (every bias), and always the cls tokens and
 * position embeddings (the model's {@code no_weight_decay}). Names are DJL's full parameter names,
 * as {@code Block.getParameters()} gives them.
 */
public final class WeightDecayExemptions {
    private WeightDecayExemptions() {
    }

    public static Set<String> of(Block model, List<String> withoutWdList) {
        Set<String> exempt = new LinkedHashSet<>();
        collect(model, "", withoutWdList, exempt);
        return exempt;
    }

    private static void collect(Block block, String prefix, List<String> list, Set<String> exempt) {
        boolean norm = (block instanceof BatchNorm && list.contains("bn")) || (block instanceof LayerNorm && list.contains("ln"));
        for (Pair<String, Parameter> entry : block.getDirectParameters()) {
            Parameter p = entry.getValue();
            String name = prefix + entry.getKey();
            boolean depthwise = block instanceof Conv2d && p.getType() == Parameter.Type.WEIGHT && isDepthwise(p)
                    && list.contains("dw");
            boolean bias = p.getType() == Parameter.Type.BIAS && list.contains("bias");
            boolean token = entry.getKey().equals("cls_token") || entry.getKey().equals("pos_embed");
            if (p.requiresGradient() && (norm || depthwise || bias || token)) {
                exempt.add(name);
            }
        }
        for (Pair<String, Block> child : block.getChildren()) {
            collect(child.getValue(), prefix + child.getKey() + "_", list, exempt);
        }
    }

    /** {@code [out, in / groups, k, k]} with one input channel per group and as many groups as outputs. */
    private static boolean isDepthwise(Parameter weight) {
        return weight.getShape() != null && weight.getShape().dimension() == 4 && weight.getShape().get(1) == 1
                && weight.getShape().get(0) > 1;
    }
}
