package dev.cvt.runtime.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.cvt.runtime.model.ScalarOps;

/**
 * An epoch's training loss and top-1/top-5 hits, summed on the device batch by batch and read into
 * Java only when the progress line or the epoch's end needs them: one read, not one per batch.
 */
final class DeviceTally implements AutoCloseable {
    private final NDManager manager;
    /** {@code [Σ loss·n, hits@1, hits@5]} over the epoch's batches so far. */
    private NDArray sums;
    /** {@code [loss, hits@1, hits@5]} of the last batch. */
    private NDArray last;
    private long samples;
    private int lastSize;

    /** The figures as read; accuracies in percent. */
    record Totals(double lossSum, double hits1, double hits5, long samples, double lastLoss, double lastHits1,
                  double lastHits5, int lastSize) {
        double loss() {
            return lossSum / samples;
        }

        double top1() {
            return 100 * hits1 / samples;
        }

        double top5() {
            return 100 * hits5 / samples;
        }

        double lastTop1() {
            return 100 * lastHits1 / lastSize;
        }

        double lastTop5() {
            return 100 * lastHits5 / lastSize;
        }
    }

    DeviceTally(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    /**
     * @param loss   the batch's mean loss, a scalar
     * @param logits {@code [B, classes]}, float32
     * @param truth  {@code [B]} class indices (the dominant target under Mixup, as the original measures)
     */
    void add(NDArray loss, NDArray logits, NDArray truth) {
        int n = (int) logits.getShape().get(0);
        try (NDManager scope = manager.newSubManager()) {
            NDArray detached = logits.stopGradient();
            detached.attach(scope);
            NDArray ranks = ranks(detached, truth, scope);
            NDArray batch = NDArrays.stack(new NDList(
                    ScalarOps.times(loss.stopGradient().toType(DataType.FLOAT32, true), n),
                    hitsWithin(ranks, 1), hitsWithin(ranks, 5)));
            NDArray total = sums == null ? batch.duplicate() : sums.add(batch);
            total.attach(manager);
            batch.attach(manager);
            replace(total, batch);
        }
        samples += n;
        lastSize = n;
    }

    private void replace(NDArray total, NDArray batch) {
        if (sums != null) {
            sums.close();
            last.close();
        }
        sums = total;
        last = batch;
    }

    /**
     * Each sample's rank of its true class: the classes scored higher, and those scored equal that come
     * first (as a stable sort by descending score would place them).
     */
    private static NDArray ranks(NDArray logits, NDArray truth, NDManager scope) {
        int classes = (int) logits.getShape().get(1);
        NDArray index = scope.arange(0, classes, 1, DataType.INT64).toDevice(logits.getDevice(), false).expandDims(0);
        NDArray column = truth.toType(DataType.INT64, false).expandDims(1);
        NDArray isTruth = index.eq(column);
        NDArray own = logits.mul(isTruth.toType(logits.getDataType(), false)).sum(new int[] {1}, true);
        NDArray above = logits.gt(own).toType(DataType.FLOAT32, false).sum(new int[] {1});
        NDArray tiedBefore = logits.eq(own).logicalAnd(index.lt(column)).toType(DataType.FLOAT32, false).sum(new int[] {1});
        return above.add(tiedBefore);
    }

    private static NDArray hitsWithin(NDArray ranks, int k) {
        try (NDArray limit = ScalarOps.constant(ranks, k)) {
            return ranks.lt(limit).toType(DataType.FLOAT32, false).sum();
        }
    }

    /** The sums so far, in one read; none before the first batch. */
    Totals read(HostReads reads) {
        if (sums == null) {
            return new Totals(0, 0, 0, 0, Double.NaN, 0, 0, 0);
        }
        float[] v;
        try (NDArray both = sums.concat(last)) {
            v = reads.floats(both);
        }
        return new Totals(v[0], v[1], v[2], samples, v[3] / lastSize, v[4], v[5], lastSize);
    }

    @Override
    public void close() {
        manager.close();
    }
}
