package dev.cvt.runtime.data;

import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The threads that decode and transform samples ({@code WORKERS}, as the original's data loader workers). */
public final class Workers {
    private Workers() {
    }

    public static ExecutorService of(ExperimentConfig config) {
        int n = config.integer("WORKERS");
        if (n < 0) {
            throw new ConfigException(config.origin("WORKERS") + ": WORKERS must be 0 or more");
        }
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(Math.max(1, n), task -> {
            Thread thread = new Thread(task, "cvt-data-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The decoder for the experiment's data format; arrays are drawn at {@code MELGEN.IMAGE_SIZE}. */
    public static SampleDecoder decoder(ExperimentConfig config) {
        List<Object> size = config.list("MELGEN.IMAGE_SIZE");
        return new SampleDecoder(DatasetListing.arrays(config), config.integer("DATASET.NUM_DIMS"), (Integer) size.get(0),
                (Integer) size.get(1));
    }
}
