package dev.cvt.runtime.train;

import dev.cvt.runtime.Log;
import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.data.BatchLoader;
import dev.cvt.runtime.data.DataFingerprint;
import dev.cvt.runtime.data.DatasetListing;
import dev.cvt.runtime.data.DatasetRoot;
import dev.cvt.runtime.data.DecodedSamples;
import dev.cvt.runtime.data.InputNormalization;
import dev.cvt.runtime.data.MultiViewFolder;
import dev.cvt.runtime.data.SampleDecoder;
import dev.cvt.runtime.data.ViewTransforms;
import dev.cvt.runtime.data.Workers;
import dev.cvt.runtime.model.ClassifierSpec;
import dev.cvt.runtime.model.ModelFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

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

    /** The two splits' samples, listed but not read: enough to fingerprint the data. */
    record Listings(Path root, MultiViewFolder.Listing train, MultiViewFolder.Listing valid) {
        DataFingerprint trainFingerprint(ExperimentConfig config) {
            return DataFingerprint.of(root, config.string("DATASET.TRAIN_SET"), train);
        }

        DataFingerprint validFingerprint(ExperimentConfig config) {
            return DataFingerprint.of(root, validationSet(config), valid);
        }
    }

    /**
     * Lists both splits and checks that they have the same classes and that every class has training
     * samples; a class without validation samples is only warned about (its recall is not measured).
     */
    static Listings list(ExperimentConfig config, Path workDir, Log log) {
        String trainSet = config.string("DATASET.TRAIN_SET");
        String testSet = validationSet(config);
        MultiViewFolder.Listing trainList = DatasetListing.list(config, trainSet, workDir, log);
        MultiViewFolder.Listing validList = DatasetListing.list(config, testSet, workDir, log);
        Path root = DatasetRoot.of(config, workDir);
        if (!trainList.classes().equals(validList.classes())) {
            throw new ConfigException("the training split has classes " + trainList.classes() + " but the validation split '" + testSet + "' "
                    + validList.classes() + " (DATASET.ROOT " + root + ")");
        }
        List<String> untrained = withoutSamples(trainList);
        if (!untrained.isEmpty()) {
            throw new ConfigException(root.resolve(trainSet) + ": class(es) " + untrained + " have no training samples; "
                    + "a model cannot learn them (remove their folders or add data)");
        }
        List<String> unvalidated = withoutSamples(validList);
        if (!unvalidated.isEmpty()) {
            log.warn(root.resolve(testSet) + ": class(es) " + unvalidated + " have no validation samples: their recall "
                    + "is not measured, and balanced accuracy averages the other classes only");
        }
        return new Listings(root, trainList, validList);
    }

    /** The split that selects the model: DATASET.VAL_SET, or where it is empty DATASET.TEST_SET (the original's way). */
    static String validationSet(ExperimentConfig config) {
        String val = config.string("DATASET.VAL_SET");
        return val.isEmpty() ? config.string("DATASET.TEST_SET") : val;
    }

    private static List<String> withoutSamples(MultiViewFolder.Listing listing) {
        Set<Integer> labels = listing.samples().stream().map(MultiViewFolder.Sample::label).collect(Collectors.toSet());
        return IntStream.range(0, listing.classes().size()).filter(c -> !labels.contains(c)).mapToObj(listing.classes()::get).toList();
    }

    static Splits open(ExperimentConfig config, Listings listings, int batchSize, Log log) {
        ExecutorService workers = Workers.of(config);
        try {
            MultiViewFolder.Listing trainList = listings.train();
            MultiViewFolder.Listing validList = listings.valid();
            SampleDecoder decoder = Workers.decoder(config, listings.root());
            long start = System.nanoTime();
            DecodedSamples train = new DecodedSamples(trainList.samples(), decoder, workers, log);
            DecodedSamples valid = new DecodedSamples(validList.samples(), decoder, workers, log);
            log.info(String.format("=> data: %d training and %d validation samples ('%s', selects the model) of %d classes %s, read in %.1fs",
                    train.size(), valid.size(), validationSet(config), trainList.classes().size(), trainList.classes(), (System.nanoTime() - start) / 1e9));
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

    /** What a saved model needs to be fed as in validation, and the fingerprint of the run that trained it. */
    ModelFiles.Info modelInfo(ClassifierSpec spec, String fingerprint) {
        return new ModelFiles.Info(spec, classes, validLoader.transforms().width(), validLoader.transforms().height(),
                normalization.meanList(), normalization.stdList(), fingerprint);
    }

    @Override
    public void close() {
        trainLoader.close();
        validLoader.close();
        workers.shutdownNow();
    }
}
