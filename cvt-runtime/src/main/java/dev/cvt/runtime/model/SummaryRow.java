package dev.cvt.runtime.model;

import ai.djl.nn.Block;
import java.util.List;

/**
 * One row of the model summary: a stage or part of a backbone, its token grid (or feature map) and
 * token count, width, attention heads ("-" without attention), blocks, trainable parameters and
 * multiply-accumulates per image.
 */
public record SummaryRow(String part, String grid, long tokens, long dim, String heads, int depth, long params, long macs) {
    /** A row whose parameters and MACs are counted from its (initialised) blocks. */
    public static SummaryRow of(String part, long height, long width, long tokens, long dim, String heads, int depth,
                                List<? extends Block> blocks) {
        long params = 0;
        long macs = 0;
        for (Block b : blocks) {
            params += ModelSummary.trainable(b);
            macs += MacCounter.perSample(b);
        }
        return new SummaryRow(part, height + "x" + width, tokens, dim, heads, depth, params, macs);
    }
}
