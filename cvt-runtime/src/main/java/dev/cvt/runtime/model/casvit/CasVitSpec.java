package dev.cvt.runtime.model.casvit;

import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.model.Backbone;
import dev.cvt.runtime.model.BackboneSpec;
import dev.cvt.runtime.model.SpecValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CAS-ViT architecture of {@code MODEL.SPEC} ({@code MODEL.NAME: cas_vit}), as the authors' {@code RCViT}:
 * additive blocks per stage ({@code layers}) at each stage's width ({@code embedDims}), a strided
 * embedding between stages i and i+1 where {@code downsamples[i]} or the width changes.
 */
public record CasVitSpec(int[] layers, int[] embedDims, boolean[] downsamples, double mlpRatio, boolean attnBias,
                         double dropRate, double dropPathRate, boolean distillation) implements BackboneSpec {

    public static CasVitSpec from(ExperimentConfig config) {
        int[] layers = SpecValues.ints(config, "LAYERS", 1);
        int[] dims = SpecValues.ints(config, "EMBED_DIMS", 1);
        if (layers.length == 0) {
            throw new ConfigException(config.origin("MODEL.SPEC.LAYERS") + ": MODEL.SPEC.LAYERS is empty; it needs one entry per stage");
        }
        if (layers.length != dims.length) {
            throw new ConfigException(config.origin("MODEL.SPEC.EMBED_DIMS") + ": MODEL.SPEC.EMBED_DIMS has " + dims.length
                    + " entries but MODEL.SPEC.LAYERS has " + layers.length + "; both need one entry per stage");
        }
        if (dims[0] < 2) {
            throw new ConfigException(config.origin("MODEL.SPEC.EMBED_DIMS") + ": MODEL.SPEC.EMBED_DIMS[0] is " + dims[0]
                    + "; it must be at least 2 (the stem's first convolution has half as many channels)");
        }
        List<Object> down = config.list("MODEL.SPEC.DOWNSAMPLES");
        if (down.size() < layers.length - 1) {
            throw new ConfigException(config.origin("MODEL.SPEC.DOWNSAMPLES") + ": MODEL.SPEC.DOWNSAMPLES has " + down.size()
                    + " entries; it needs at least " + (layers.length - 1) + ", one per gap between the stages of MODEL.SPEC.LAYERS");
        }
        boolean[] downsamples = new boolean[down.size()];
        for (int i = 0; i < downsamples.length; i++) {
            downsamples[i] = (Boolean) down.get(i);
        }
        double mlpRatio = config.number("MODEL.SPEC.MLP_RATIO");
        for (int i = 0; i < dims.length; i++) {
            if (!(mlpRatio > 0) || (int) (dims[i] * mlpRatio) < 1) {
                throw new ConfigException(config.origin("MODEL.SPEC.MLP_RATIO") + ": MODEL.SPEC.MLP_RATIO is " + mlpRatio
                        + "; it must be positive and give EMBED_DIMS[" + i + "] (" + dims[i] + ") at least one hidden channel");
            }
        }
        return new CasVitSpec(layers, dims, downsamples, mlpRatio, config.bool("MODEL.SPEC.ATTN_BIAS"),
                SpecValues.rate(config, "DROP_RATE"), SpecValues.rate(config, "DROP_PATH_RATE"), config.bool("MODEL.SPEC.DISTILLATION"));
    }

    /** The number of stages. */
    public int stages() {
        return layers.length;
    }

    /** The blocks of all stages. */
    public int blocks() {
        return Arrays.stream(layers).sum();
    }

    /** Whether a strided embedding sits between stage {@code i} and stage {@code i + 1}. */
    public boolean embeddingAfter(int i) {
        return i < stages() - 1 && (downsamples[i] || embedDims[i] != embedDims[i + 1]);
    }

    /** The drop-path rate of the {@code j}-th block over all stages: rising linearly from 0 to DROP_PATH_RATE. */
    public float dropPath(int j) {
        // the original divides by (blocks - 1), which fails for a single block; its one block gets 0
        int blocks = blocks();
        return blocks > 1 ? (float) (dropPathRate * j / (blocks - 1)) : 0f;
    }

    @Override
    public Backbone build() {
        return new CasVit(this);
    }

    @Override
    public int features() {
        return embedDims[embedDims.length - 1];
    }

    @Override
    public String featuresKey() {
        return "EMBED_DIMS";
    }

    @Override
    public int heads() {
        return distillation ? 2 : 1;
    }

    @Override
    public CasVitSpec withoutDropout() {
        return new CasVitSpec(layers, embedDims, downsamples, mlpRatio, attnBias, 0, 0, distillation);
    }

    @Override
    public Map<String, Object> toConfigTree() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("PRESET", "");
        spec.put("LAYERS", Arrays.stream(layers).boxed().toList());
        spec.put("EMBED_DIMS", Arrays.stream(embedDims).boxed().toList());
        List<Boolean> down = new ArrayList<>();
        for (boolean d : downsamples) {
            down.add(d);
        }
        spec.put("DOWNSAMPLES", down);
        spec.put("MLP_RATIO", mlpRatio);
        spec.put("ATTN_BIAS", attnBias);
        spec.put("DROP_RATE", dropRate);
        spec.put("DROP_PATH_RATE", dropPathRate);
        spec.put("DISTILLATION", distillation);
        return spec;
    }
}
