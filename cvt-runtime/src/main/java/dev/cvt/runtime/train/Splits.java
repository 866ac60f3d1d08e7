package dev.cvt.runtime.train;

import dev.cvt.runtime.Log;
import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.data.BatchLoader;
import dev.cvt.runtime.data.DatasetListing;
import dev.cvt.runtime.data.DecodedSamples;
import dev.cvt.runtime.data.InputNormalization;
import dev.cvt.runtime.data.MultiViewFolder;
import dev.cvt.runtime.data.SampleDecoder;
import dev.cvt.runtime.data.ViewTransforms;
import dev.cvt.runtime.data.Workers;
import dev.cvt.runtime.model.CvtSpec;
import dev.cvt.runtime.model.ModelFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * The training and validation splits of an experiment, decoded (and cached), with their
 * normalisation, transforms and batch loaders, and the worker threads ({@code WORKERS}) they share.
 */
final class Splits implements AutoCloseable {
    private final List<String> classes;
    private final DecodedSamples train;
    private final DecodedSamples valid;
    private final InputNormalization normalization;
    private final BatchLoader trainLoader;
    private final BatchLoader validLoader;
    private final ExecutorService workers;
    private final ExperimentConfig config;

    private Splits(ExperimentConfig config, List<String> classes, DecodedSamples train, DecodedSamples valid,
                   InputNormalization normalization, BatchLoader trainLoader, BatchLoader validLoader, ExecutorService workers) {
        this.config = config;
        this.classes = classes;
        this.train = train;
        this.valid = valid;
        this.normalization = normalization;
        this.trainLoader = trainLoader;
        this.validLoader = validLoader;
        this.workers = workers;
    }

    static Splits open(ExperimentConfig config, Path workDir, int batchSize, Log log) {
        ExecutorService workers = Workers.of(config);
        try {
            MultiViewFolder.Listing trainList = DatasetListing.list(config, config.string("DATASET.TRAIN_SET"), workDir, log);
            MultiViewFolder.Listing validList = DatasetListing.list(config, config.string("DATASET.TEST_SET"), workDir, log);
            if (!trainList.classes().equals(validList.classes())) {
                throw new ConfigException("the training split has classes " + trainList.classes() + " but the test split "
                        + validList.classes() + " (DATASET.ROOT " + config.string("DATASET.ROOT") + ")");
            }
            SampleDecoder decoder = Workers.decoder(config);
            long start = System.nanoTime();
            DecodedSamples train = new DecodedSamples(trainList.samples(), decoder, workers, log);
            DecodedSamples valid = new DecodedSamples(validList.samples(), decoder, workers, log);
            log.info(String.format("=> data: %d training and %d test samples of %d classes %s, read in %.1fs", train.size(),
                    valid.size(), trainList.classes().size(), trainList.classes(), (System.nanoTime() - start) / 1e9));
            InputNormalization normalization = InputNormalization.of(config, train, log);
            BatchLoader trainLoader = new BatchLoader(train,
                    ViewTransforms.train(config, normalization.mean(), normalization.std()), batchSize, workers);
            BatchLoader validLoader = new BatchLoader(valid,
                    ViewTransforms.test(config, normalization.mean(), normalization.std()),
                    config.integer("TEST.BATCH_SIZE_PER_GPU"), workers);
            return new Splits(config, trainList.classes(), train, valid, normalization, trainLoader, validLoader, workers);
        } catch (RuntimeException e) {
            workers.shutdownNow();
            throw e;
        }
    }

    List<String> classes() {
        return classes;
    }

    DecodedSamples train() {
        return train;
    }

    DecodedSamples valid() {
        return valid;
    }

    int[] trainLabels() {
        int[] labels = new int[train.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = train.sample(i).label();
        }
        return labels;
    }

    BatchLoader trainLoader() {
        return trainLoader;
    }

    BatchLoader validLoader() {
        return validLoader;
    }

    /** What a saved model needs to be fed as in validation. */
    ModelFiles.Info modelInfo(CvtSpec spec) {
        return new ModelFiles.Info(spec, classes, validLoader.transforms().width(), validLoader.transforms().height(),
                normalization.meanList(), normalization.stdList());
    }

    @Override
    public void close() {
        trainLoader.close();
        validLoader.close();
        workers.shutdownNow();
    }
}
