package dev.cvt.runtime.data;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Batches {@code [B, views, 3, H, W]} for an epoch's sample order. Samples are transformed by the
 * worker threads, each with its own {@link Random} seeded from the epoch seed and the sample's place
 * in the order, so the batches do not depend on which thread ran first; the next batches are
 * prepared while the model works on the current one.
 */
public final class BatchLoader implements AutoCloseable {
    /** Batches prepared ahead of the one being used. */
    private static final int PREFETCH = 2;

    private final DecodedSamples data;
    private final ViewTransforms transforms;
    private final int batchSize;
    private final ExecutorService workers;
    /** The workers' arrays: on the CPU whatever device trains, each sample's closed when it is done. */
    private final NDManager cpu = NDManager.newBaseManager(Device.cpu());

    public BatchLoader(DecodedSamples data, ViewTransforms transforms, int batchSize, ExecutorService workers) {
        this.data = data;
        this.transforms = transforms;
        this.batchSize = batchSize;
        this.workers = workers;
    }

    @Override
    public void close() {
        cpu.close();
    }

    /** One batch: the images, the labels, and the sample indices (into the split's listing). */
    public record Batch(NDArray images, int[] labels, int[] indices) {
    }

    public int batches(int samples, boolean dropLast) {
        return dropLast ? samples / batchSize : (samples + batchSize - 1) / batchSize;
    }

    public ViewTransforms transforms() {
        return transforms;
    }

    /** The batches of {@code order} (indices into the split); the caller closes each batch's images. */
    public Iterator<Batch> epoch(NDManager manager, int[] order, boolean dropLast, long seed) {
        int count = batches(order.length, dropLast);
        Deque<List<Future<float[]>>> ahead = new ArrayDeque<>();
        return new Iterator<>() {
            private int submitted;
            private int delivered;

            @Override
            public boolean hasNext() {
                return delivered < count;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                while (submitted < count && ahead.size() <= PREFETCH) {
                    ahead.add(submit(order, submitted++, seed));
                }
                List<Future<float[]>> tasks = ahead.poll();
                int start = delivered++ * batchSize;
                int n = tasks.size();
                int[] labels = new int[n];
                int[] indices = new int[n];
                float[] images = null;
                for (int i = 0; i < n; i++) {
                    float[] one = DecodedSamples.join(tasks.get(i));
                    if (images == null) {
                        images = new float[n * one.length];
                    }
                    System.arraycopy(one, 0, images, i * one.length, one.length);
                    indices[i] = order[start + i];
                    labels[i] = data.sample(indices[i]).label();
                }
                long views = images.length / ((long) n * 3 * transforms.height() * transforms.width());
                NDArray array = manager.create(images, new Shape(n, views, 3, transforms.height(), transforms.width()));
                return new Batch(array, labels, indices);
            }
        };
    }

    private List<Future<float[]>> submit(int[] order, int batch, long seed) {
        int start = batch * batchSize;
        int end = Math.min(order.length, start + batchSize);
        List<Future<float[]>> tasks = new ArrayList<>(end - start);
        for (int position = start; position < end; position++) {
            int index = order[position];
            long sampleSeed = seed * 0x9E3779B97F4A7C15L + position;
            tasks.add(workers.submit(() -> transforms.apply(cpu, data.views(index), new Random(sampleSeed))));
        }
        return tasks;
    }
}
