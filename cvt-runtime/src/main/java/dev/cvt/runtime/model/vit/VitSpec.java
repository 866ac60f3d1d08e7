package dev.cvt.runtime.model.vit;

import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.model.Backbone;
import dev.cvt.runtime.model.BackboneSpec;
import dev.cvt.runtime.model.SpecValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ViT architecture of {@code MODEL.SPEC} ({@code MODEL.NAME: vit}), timm's {@code VisionTransformer} arguments. */
public record VitSpec(int patchSize, int embedDim, int depth, int numHeads, double mlpRatio, boolean qkvBias,
                      boolean classToken, String globalPool, double dropRate, double attnDropRate, double dropPathRate)
        implements BackboneSpec {
    static final List<String> POOLS = List.of("token", "avg");

    public static VitSpec from(ExperimentConfig config) {
        VitSpec spec = new VitSpec(config.integerAtLeast("MODEL.SPEC.PATCH_SIZE", 1), config.integerAtLeast("MODEL.SPEC.EMBED_DIM", 1),
                config.integerAtLeast("MODEL.SPEC.DEPTH", 1), config.integerAtLeast("MODEL.SPEC.NUM_HEADS", 1),
                config.number("MODEL.SPEC.MLP_RATIO"), config.bool("MODEL.SPEC.QKV_BIAS"), config.bool("MODEL.SPEC.CLASS_TOKEN"),
                config.string("MODEL.SPEC.GLOBAL_POOL"), SpecValues.rate(config, "DROP_RATE"), SpecValues.rate(config, "ATTN_DROP_RATE"),
                SpecValues.rate(config, "DROP_PATH_RATE"));
        if (spec.embedDim % spec.numHeads != 0) {
            throw new ConfigException(config.origin("MODEL.SPEC.NUM_HEADS") + ": MODEL.SPEC.NUM_HEADS (" + spec.numHeads
                    + ") must divide MODEL.SPEC.EMBED_DIM (" + spec.embedDim + ")");
        }
        if (spec.mlpRatio <= 0) {
            throw new ConfigException(config.origin("MODEL.SPEC.MLP_RATIO") + ": MODEL.SPEC.MLP_RATIO must be more than 0");
        }
        if (!POOLS.contains(spec.globalPool)) {
            throw new ConfigException(config.origin("MODEL.SPEC.GLOBAL_POOL") + ": MODEL.SPEC.GLOBAL_POOL is '" + spec.globalPool
                    + "'; allowed: " + String.join(", ", POOLS));
        }
        if ("token".equals(spec.globalPool) && !spec.classToken) {
            throw new ConfigException(config.origin("MODEL.SPEC.GLOBAL_POOL") + ": MODEL.SPEC.GLOBAL_POOL token needs "
                    + "MODEL.SPEC.CLASS_TOKEN true; without a class token pool with avg");
        }
        return spec;
    }

    @Override
    public Backbone build() {
        return new VisionTransformer(this);
    }

    @Override
    public int features() {
        return embedDim;
    }

    @Override
    public String featuresKey() {
        return "EMBED_DIM";
    }

    @Override
    public VitSpec withoutDropout() {
        return new VitSpec(patchSize, embedDim, depth, numHeads, mlpRatio, qkvBias, classToken, globalPool, 0, 0, 0);
    }

    /** The hidden width of the MLP, as timm: {@code int(dim * mlp_ratio)}. */
    int mlpHidden() {
        return (int) (embedDim * mlpRatio);
    }

    @Override
    public Map<String, Object> toConfigTree() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("PRESET", "");
        spec.put("PATCH_SIZE", patchSize);
        spec.put("EMBED_DIM", embedDim);
        spec.put("DEPTH", depth);
        spec.put("NUM_HEADS", numHeads);
        spec.put("MLP_RATIO", mlpRatio);
        spec.put("QKV_BIAS", qkvBias);
        spec.put("CLASS_TOKEN", classToken);
        spec.put("GLOBAL_POOL", globalPool);
        spec.put("DROP_RATE", dropRate);
        spec.put("ATTN_DROP_RATE", attnDropRate);
        spec.put("DROP_PATH_RATE", dropPathRate);
        return spec;
    }
}
