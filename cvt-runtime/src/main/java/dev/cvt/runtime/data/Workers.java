package dev.cvt.runtime.data;

import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.melgen.ColourScale;
import java.nio.file.Path;
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

    /**
     * The decoder for the experiment's data format; arrays are drawn at {@code MELGEN.IMAGE_SIZE} with the colour
     * ranges of the dataset at {@code root} (what melgen recorded there, not what the config says now).
     */
    public static SampleDecoder decoder(ExperimentConfig config, Path root) {
        List<Object> size = config.list("MELGEN.IMAGE_SIZE");
        boolean arrays = DatasetListing.arrays(config);
        return new SampleDecoder(arrays, config.integer("DATASET.NUM_DIMS"), (Integer) size.get(0), (Integer) size.get(1),
                arrays ? ColourScale.read(root) : ColourScale.PER_IMAGE);
    }
}
