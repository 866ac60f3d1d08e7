package dev.cvt.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A block's forward pass whose intermediates are released when it returns. DJL keeps every array an
 * operation makes until its manager (the batch's) closes, so a pass writes each intermediate to fresh
 * memory the system must first map in; PyTorch frees a tensor when its last reference goes and the next
 * operation reuses that memory. Autograd keeps its own references to what the backward pass needs, so
 * releasing the Java handles early is safe in training too.
 */
public final class BlockScope {
    private BlockScope() {
    }

    /**
     * {@code block(x)}, attached to {@code x}'s manager; {@code x} itself, an intermediate of the caller
     * that nothing reads after this block, is closed with the block's intermediates.
     */
    public static NDArray forward(Block block, ParameterStore ps, NDArray x, boolean training) {
        return forward(block, ps, x, training, null);
    }

    /** As {@link #forward(Block, ParameterStore, NDArray, boolean)}, with the block's forward parameters. */
    public static NDArray forward(Block block, ParameterStore ps, NDArray x, boolean training, PairList<String, Object> params) {
        NDManager owner = x.getManager();
        try (NDManager scope = owner.newSubManager()) {
            x.attach(scope);
            NDArray y = block.forward(ps, new NDList(x), training, params).head();
            y.attach(owner);
            return y;
        }
    }
}
