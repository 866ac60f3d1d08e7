package dev.cvt.runtime.model;

import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.model.casvit.CasVitSpec;
import dev.cvt.runtime.model.crossformer.CrossFormerSpec;
import dev.cvt.runtime.model.unireplknet.UniRepLkNetSpec;
import dev.cvt.runtime.model.vit.VitSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The backbones by {@code MODEL.NAME}, as timm's model registry: each name reads its spec from
 * {@code MODEL.SPEC}. The config loader has checked the name and the spec's keys against
 * {@code backbones.yaml}, whose names are these.
 */
public final class Backbones {
    private static final Map<String, Function<ExperimentConfig, BackboneSpec>> REGISTRY = new LinkedHashMap<>();

    static {
        REGISTRY.put("cls_cvt", CvtSpec::from);
        REGISTRY.put("vit", VitSpec::from);
        REGISTRY.put("cas_vit", CasVitSpec::from);
        REGISTRY.put("crossformer", CrossFormerSpec::from);
        REGISTRY.put("unireplknet", UniRepLkNetSpec::from);
    }

    private Backbones() {
    }

    public static List<String> names() {
        return List.copyOf(REGISTRY.keySet());
    }

    /** The spec of the configured backbone. */
    public static BackboneSpec spec(ExperimentConfig config) {
        Function<ExperimentConfig, BackboneSpec> reader = REGISTRY.get(config.string("MODEL.NAME"));
        if (reader == null) {
            // the loader rejects unknown names; a name in backbones.yaml but not here is a bug
            throw new IllegalStateException("no backbone registered for MODEL.NAME " + config.string("MODEL.NAME"));
        }
        return reader.apply(config);
    }
}
