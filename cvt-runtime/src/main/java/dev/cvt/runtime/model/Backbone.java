package dev.cvt.runtime.model;

import ai.djl.nn.AbstractBlock;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import java.util.List;

/**
 * An image backbone: {@code [N, 3, H, W]} → features {@code [N, features()]}. The classifier shares one
 * backbone across the views of a sample.
 */
public abstract class Backbone extends AbstractBlock {
    /** The length of the feature vector per image. */
    public abstract int features();

    /** The architecture in a few words, for the first line of the model summary ("ViT, 12 blocks"). */
    public abstract String caption();

    /**
     * The summary's rows, one per stage or part, for the input size the backbone was initialised with;
     * {@link SummaryRow#of} counts the parameters and MACs of a row's blocks.
     */
    public abstract List<SummaryRow> summary();

    /**
     * How linear layers start, the classifier's merge block and head included: timm's
     * {@code trunc_normal_(std=.02)} (its cut-off, ±2 absolute, is 100 standard deviations: a plain normal).
     */
    public Initializer linearInitializer() {
        return new NormalInitializer(0.02f);
    }
}
