package dev.cvt.runtime.train;

import ai.djl.ndarray.NDArray;

/**
 * The training loop's reads of device arrays into Java. Each one waits until the device has done all
 * the work queued before it: on a GPU a synchronisation, which stops the host from queuing the next
 * kernels while the device computes. The loop therefore reads rarely, only through here, and counts
 * the reads, so a test can hold their number per step.
 */
public final class HostReads {
    private long count;

    public float[] floats(NDArray array) {
        count++;
        return array.toFloatArray();
    }

    public long count() {
        return count;
    }
}
