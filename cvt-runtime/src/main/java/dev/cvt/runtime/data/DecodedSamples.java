package dev.cvt.runtime.data;

import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.Log;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The decoded views of a split's samples. When they fit in a share of the heap they are all decoded
 * once, in parallel, and kept, so epochs after the first cost no decoding; otherwise each access
 * decodes again.
 */
public final class DecodedSamples {
    /** The share of the maximum heap the cache may take. */
    private static final double HEAP_SHARE = 0.4;

    private final List<MultiViewFolder.Sample> samples;
    private final SampleDecoder decoder;
    private final List<RgbImage>[] cache;

    @SuppressWarnings("unchecked")
    public DecodedSamples(List<MultiViewFolder.Sample> samples, SampleDecoder decoder, ExecutorService workers, Log log) {
        this.samples = samples;
        this.decoder = decoder;
        List<RgbImage> first = decoder.decode(samples.get(0));
        long perSample = first.stream().mapToLong(RgbImage::bytes).sum();
        long needed = perSample * samples.size();
        long budget = (long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE);
        if (needed > budget) {
            log.info(String.format("decoded images (%.0f MB) exceed the cache budget (%.0f MB, %.0f %% of the heap): decoding every epoch; "
                    + "a larger -Xmx caches them", needed / 1e6, budget / 1e6, HEAP_SHARE * 100));
            cache = null;
            return;
        }
        cache = new List[samples.size()];
        cache[0] = first;
        List<Future<?>> pending = new java.util.ArrayList<>();
        for (int i = 1; i < samples.size(); i++) {
            int index = i;
            pending.add(workers.submit(() -> {
                cache[index] = decoder.decode(samples.get(index));
            }));
        }
        await(pending);
    }

    public int size() {
        return samples.size();
    }

    public MultiViewFolder.Sample sample(int index) {
        return samples.get(index);
    }

    public List<RgbImage> views(int index) {
        return cache != null ? cache[index] : decoder.decode(samples.get(index));
    }

    /** Waits for every task; a failed one's {@link CvtException} comes out as it was thrown. */
    static void await(List<? extends Future<?>> pending) {
        pending.forEach(DecodedSamples::join);
    }

    /** The task's result; its {@link CvtException} comes out as it was thrown. */
    static <T> T join(Future<T> task) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CvtException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CvtException c) {
                throw c;
            }
            throw new CvtException("reading samples failed: " + e.getCause(), e.getCause());
        }
    }
}
