package dev.cvt.runtime.model;

import java.util.Map;

/**
 * A backbone's architecture as read from {@code MODEL.SPEC} (the keys of its {@code MODEL.NAME} in
 * {@code backbones.yaml}, already checked and filled in by the config loader).
 */
public interface BackboneSpec {
    /** A new, uninitialised backbone of this architecture. */
    Backbone build();

    /** The length of the feature vector per image. */
    int features();

    /** The MODEL.SPEC key that sets {@link #features()}, for messages. */
    String featuresKey();

    /** Classifier heads on the features: 2 where the architecture trains a distillation head beside the class head. */
    default int heads() {
        return 1;
    }

    /** This spec with every dropout and drop-path rate 0: a model whose training steps draw nothing at random. */
    BackboneSpec withoutDropout();

    /** The MODEL.SPEC keys this spec was read from: reading them back gives this spec. */
    Map<String, Object> toConfigTree();
}
