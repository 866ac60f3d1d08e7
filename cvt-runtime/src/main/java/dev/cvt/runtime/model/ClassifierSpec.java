package dev.cvt.runtime.model;

import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole model: the backbone named by {@code MODEL.NAME} with its spec, {@code MODEL.NUM_CLASSES}, and
 * the views per sample ({@code DATASET.NUM_DIMS}; more than one adds the MergeAttention block).
 */
public record ClassifierSpec(String name, BackboneSpec backbone, int numClasses, int views) {
    public static ClassifierSpec from(ExperimentConfig config) {
        BackboneSpec backbone = Backbones.spec(config);
        boolean singleView = config.integer("DATASET.NUM_DIMS") <= 1 || "imagenet".equals(config.string("DATASET.DATASET"));
        if (!singleView && backbone.features() % MergeAttention.HEADS != 0) {
            String key = "MODEL.SPEC." + backbone.featuresKey();
            throw new ConfigException(config.origin(key) + ": the features' size " + backbone.features() + " (" + key
                    + ") must be a multiple of " + MergeAttention.HEADS + ", the heads of the block that merges the views");
        }
        return new ClassifierSpec(config.string("MODEL.NAME"), backbone, config.integer("MODEL.NUM_CLASSES"),
                singleView ? 1 : config.integer("DATASET.NUM_DIMS"));
    }

    /** This spec with every dropout and drop-path rate 0. */
    public ClassifierSpec withoutDropout() {
        return new ClassifierSpec(name, backbone.withoutDropout(), numClasses, views);
    }

    public int features() {
        return backbone.features();
    }

    /** The keys this spec was read from, as a config tree: {@code from(fromTree(toConfigTree()))} is this spec. */
    public Map<String, Object> toConfigTree() {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("NAME", name);
        model.put("NUM_CLASSES", numClasses);
        model.put("SPEC", backbone.toConfigTree());
        Map<String, Object> dataset = new LinkedHashMap<>();
        dataset.put("DATASET", views > 1 ? "multidim_imagenet" : "imagenet");
        dataset.put("NUM_DIMS", views);
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("MODEL", model);
        tree.put("DATASET", dataset);
        return tree;
    }
}
