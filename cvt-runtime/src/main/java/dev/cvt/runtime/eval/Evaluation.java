package dev.cvt.runtime.eval;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import dev.cvt.runtime.AtomicFiles;
import dev.cvt.runtime.CsvFiles;
import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.FolderLock;
import dev.cvt.runtime.JsonFiles;
import dev.cvt.runtime.Log;
import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.data.BatchLoader;
import dev.cvt.runtime.data.DataFingerprint;
import dev.cvt.runtime.data.DatasetListing;
import dev.cvt.runtime.data.DatasetRoot;
import dev.cvt.runtime.data.Folds;
import dev.cvt.runtime.data.DecodedSamples;
import dev.cvt.runtime.data.MultiViewFolder;
import dev.cvt.runtime.data.ViewTransforms;
import dev.cvt.runtime.data.Workers;
import dev.cvt.runtime.melgen.Manifest;
import dev.cvt.runtime.model.Engines;
import dev.cvt.runtime.model.ModelFiles;
import dev.cvt.runtime.model.ModelSummary;
import dev.cvt.runtime.model.MultiViewClassifier;
import dev.cvt.runtime.train.Checkpoint;
import dev.cvt.runtime.train.RunDirectory;
import dev.cvt.runtime.train.RunRecord;
import dev.cvt.runtime.train.TrainingFingerprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * {@code test}: evaluates {@code TEST.MODEL_FILE} (default: the run's {@code model_best}) on
 * {@code DATASET.TEST_SET} with the test pipeline and writes {@code predictions.csv} (sample,
 * truth, prediction, one probability per class) and {@code evaluation.json} (loss, top-1, top-5
 * capped at the class count, per-class precision / recall / F1, balanced accuracy, macro-F1,
 * confusion matrix; accuracies in percent; the classical baseline's figures beside them, see
 * {@link BaselineEvaluation}) into the run folder. It evaluates the run's own model
 * only while it is up to date with the experiment, and fails when the model's scores are not finite.
 */
public final class Evaluation {
    private Evaluation() {
    }

    /** A model's evaluation, and its figures in a form that pools with other folds'. */
    record Outcome(EvaluationRecord record, ClassificationMetrics metrics) {
    }

    /**
     * Evaluates the experiment's model; on a cross-validated dataset each fold's model on its fold's test
     * split, then writes their summary (each fold's figures and all folds' test samples pooled) into the
     * experiment's folder.
     *
     * @param extraCopy a second place for evaluation.json (the Maven goal reads it there), or null
     */
    public static EvaluationRecord run(ExperimentConfig config, Path workDir, Path extraCopy, Log console) {
        int batchSize = config.integerAtLeast("TEST.BATCH_SIZE_PER_GPU", 1);
        if (!Folds.allFolds(config, workDir)) {
            return runOne(config, workDir, batchSize, extraCopy, console).record();
        }
        if (!config.string("TEST.MODEL_FILE").isEmpty()) {
            throw new ConfigException(config.origin("TEST.MODEL_FILE") + ": TEST.MODEL_FILE names one model, but the dataset is "
                    + "cross-validated: each fold is evaluated with its own model; set DATASET.FOLD to evaluate a model on one fold");
        }
        List<ExperimentConfig> folds = Folds.of(config, workDir);
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < folds.size(); i++) {
            console.info(Folds.describe(folds.get(i), workDir, i, folds.size()));
            outcomes.add(runOne(folds.get(i), workDir, batchSize, null, console));
        }
        RunDirectory experiment = RunDirectory.experiment(config, workDir);
        try (FolderLock lock = FolderLock.acquire(experiment.dir(), "testing")) {
            EvaluationRecord summary = CrossValidationSummary.of(Folds.plan(config, workDir), outcomes);
            JsonFiles.write(experiment.dir().resolve("evaluation.json"), summary);
            if (extraCopy != null) {
                JsonFiles.write(extraCopy, summary);
            }
            console.info(CrossValidationSummary.table(summary));
            console.info("=> wrote " + experiment.dir().resolve("evaluation.json"));
            return summary;
        }
    }

    private static Outcome runOne(ExperimentConfig config, Path workDir, int batchSize, Path extraCopy, Log console) {
        RunDirectory run = RunDirectory.of(config, workDir);
        try (FolderLock lock = FolderLock.acquire(run.dir(), "testing")) {
            return evaluate(config, workDir, run, batchSize, extraCopy, run.teeLog("test", console));
        }
    }

    private static Outcome evaluate(ExperimentConfig config, Path workDir, RunDirectory run, int batchSize, Path extraCopy,
                                             Log log) {
        String configured = config.string("TEST.MODEL_FILE");
        Path modelPath = configured.isEmpty() ? run.dir().resolve("model_best") : workDir.resolve(configured);
        Path modelDir = modelPath.toAbsolutePath().getParent();
        String name = modelPath.getFileName().toString().replaceFirst("(-0000\\.params|\\.yaml)$", "");
        if (!Files.exists(modelDir.resolve(name + ".yaml"))) {
            throw new CvtException(modelDir.resolve(name + ".yaml") + ": no trained model there (TEST.MODEL_FILE"
                    + (configured.isEmpty() ? " is empty, so the run's model_best is used; train first)" : ")"));
        }
        ModelFiles.Info info = ModelFiles.info(modelDir, name);
        TrainingFingerprint current = configured.isEmpty() ? requireUpToDate(config, workDir, run, info, modelDir.resolve(name), log) : null;
        Engine engine = Engines.pytorch(config.integer("THREADS"));
        Device device = Engines.device(engine, config);
        String split = config.string("DATASET.TEST_SET");
        MultiViewFolder.Listing listing = DatasetListing.list(config, split, workDir, log);
        if (!listing.classes().equals(info.classes())) {
            throw new CvtException("the model " + modelDir.resolve(name) + " knows the classes " + info.classes()
                    + " but " + split + " has " + listing.classes());
        }
        Path root = DatasetRoot.of(config, workDir);
        DataFingerprint data = current != null && current.valid().split().equals(split) ? current.valid() // hashed already
                : DataFingerprint.of(root, split, listing);
        ExecutorService workers = Workers.of(config);
        try (Model model = ModelFiles.load(modelDir, name, device)) {
            DecodedSamples samples = new DecodedSamples(listing.samples(), Workers.decoder(config, root), workers, log);
            float[] mean = floats(info.mean());
            float[] std = floats(info.std());
            int views = info.spec().views();
            ParameterStore store = new ParameterStore(model.getNDManager(), false);
            // the saved model is the training structure; evaluation runs its inference form (UniRepLKNet: folded)
            MultiViewClassifier trained = (MultiViewClassifier) model.getBlock();
            MultiViewClassifier block = trained.inferenceForm(model.getNDManager());
            if (block != trained) {
                log.info(String.format(Locale.ROOT, "=> evaluating the inference form: %s, %,d parameters (trained: %,d)",
                        block.backbone().caption(), ModelSummary.trainable(block), ModelSummary.trainable(trained)));
            }
            Evaluator.Result result;
            long start = System.nanoTime();
            try (BatchLoader loader = new BatchLoader(samples, ViewTransforms.test(config, mean, std), batchSize, workers)) {
                result = Evaluator.evaluate(samples, loader, info.spec().numClasses(), model.getNDManager(), x -> {
                    NDArray input = views > 1 ? x : x.squeeze(1);
                    return block.forward(store, new NDList(input), false).singletonOrThrow();
                });
            }
            log.info(String.format("=> TEST %s (%d samples, %s, %.1fs):\t%s", split, samples.size(), modelDir.resolve(name),
                    (System.nanoTime() - start) / 1e9, Evaluator.summary(result)));
            EvaluationRecord.Baseline baseline = BaselineEvaluation.run(config, root, split, info.classes(), Scores.of(result), log);
            EvaluationRecord record = record(modelDir.resolve(name).toString(), info.fingerprint(), data.split(), data.hash(),
                    info.classes(), result.metrics(), result.loss(), baseline, null);
            AtomicFiles.writeString(run.dir().resolve("predictions.csv"),
                    predictions(samples, info.classes(), result, Manifest.origins(root, split)));
            JsonFiles.write(run.dir().resolve("evaluation.json"), record);
            if (extraCopy != null) {
                JsonFiles.write(extraCopy, record);
            }
            log.info("=> wrote " + run.dir().resolve("evaluation.json") + " and predictions.csv");
            if (record.nonFiniteScores() > 0) {
                // the files stay for the report; the run must not pass
                throw new CvtException(modelDir.resolve(name) + ": the model gave scores that are not finite for "
                        + record.nonFiniteScores() + " of " + record.samples() + " samples (counted as misses in evaluation.json): "
                        + "its weights are broken");
            }
            return new Outcome(record, result.metrics());
        } finally {
            workers.shutdownNow();
        }
    }

    /**
     * The run's own model must be the one the experiment describes now: a model trained for another
     * config or data would pass a stale verdict off as the current one. Returns the current fingerprint.
     */
    private static TrainingFingerprint requireUpToDate(ExperimentConfig config, Path workDir, RunDirectory run, ModelFiles.Info info,
                                                       Path model, Log log) {
        TrainingFingerprint current = TrainingFingerprint.current(config, workDir, log);
        if (current.hash().equals(info.fingerprint())) {
            RunRecord status = JsonFiles.readIfPresent(run.dir().resolve("run.json"), RunRecord.class);
            if (status != null && status.state() != RunRecord.State.FINISHED) {
                log.warn(model + ": its run is " + status.state().label() + " after " + status.epochsDone() + " of "
                        + status.endEpoch() + " epochs: this is the best model of those; train again to finish the run");
            }
            return current;
        }
        String changes = "";
        try {
            Checkpoint.Header header = Files.exists(run.checkpoint()) ? Checkpoint.open(run.checkpoint()).header() : null;
            if (header != null && header.fingerprint().hash().equals(info.fingerprint())) {
                changes = " (" + String.join("; ", current.changesFrom(header.fingerprint())) + ")";
            }
        } catch (CvtException unreadable) {
            // the message below stands without the details
        }
        throw new CvtException(model + ": trained for another experiment config or data than the current one" + changes
                + "; train first (cvt:train), or name the model in TEST.MODEL_FILE to evaluate it anyway");
    }

    static EvaluationRecord record(String model, String modelFingerprint, String split, String dataFingerprint, List<String> classes,
                                   ClassificationMetrics m, double loss, EvaluationRecord.Baseline baseline,
                                   EvaluationRecord.CrossValidationScores crossValidation) {
        long[][] confusion = m.confusion();
        // rows and columns of the data's classes; a head wider than the data (MODEL.NUM_CLASSES above the
        // class count, as the original experiments had) may predict other outputs: counted per row
        List<Long> outside = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            outside.add(Arrays.stream(confusion[c], classes.size(), confusion.length).sum());
        }
        Scores scores = Scores.of(m, loss);
        return new EvaluationRecord(split, model, modelFingerprint, dataFingerprint, (int) m.samples(),
                (int) m.nonFiniteSamples(), scores.loss(), scores.top1(), scores.top5(), Math.min(5, confusion.length),
                scores.balancedAccuracy(), scores.macroF1(), classes, EvaluationRecord.ClassScores.of(classes, m),
                EvaluationRecord.confusionRows(m, classes.size()), confusion.length > classes.size() ? outside : null, baseline,
                crossValidation);
    }

    /** One row per sample: id, true class, predicted class (empty for scores that are not finite), one probability per class. */
    /**
     * One row per sample; with melgen's manifest also the recording and window it was cut from, so that a
     * miss can be traced to a person or device without a join.
     */
    private static String predictions(DecodedSamples samples, List<String> classes, Evaluator.Result result,
                                      Map<String, Manifest.Origin> origins) {
        List<List<?>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("sample", "true", "predicted"));
        classes.forEach(c -> header.add("p_" + c));
        if (!origins.isEmpty()) {
            header.addAll(List.of("source", "window", "start_s"));
        }
        rows.add(header);
        for (int i = 0; i < samples.size(); i++) {
            float[] p = result.probabilities()[i];
            int predicted = 0;
            boolean finite = true;
            for (int c = 0; c < p.length; c++) {
                predicted = p[c] > p[predicted] ? c : predicted;
                finite &= Float.isFinite(p[c]);
            }
            MultiViewFolder.Sample sample = samples.sample(i);
            List<Object> row = new ArrayList<>(List.of(sample.id(), classes.get(sample.label()),
                    !finite ? "" : predicted < classes.size() ? classes.get(predicted) : "output_" + predicted));
            for (int c = 0; c < classes.size(); c++) {
                row.add(String.format(Locale.ROOT, "%.6f", p[c]));
            }
            if (!origins.isEmpty()) {
                // the id is <class>/<index>.<image extension>
                Manifest.Origin origin = origins.get(sample.id().replaceFirst("\\.[^./]+$", ""));
                row.addAll(origin == null ? List.of("", "", "") : List.of(origin.source(), origin.window(), origin.startSeconds()));
            }
            rows.add(row);
        }
        return CsvFiles.text(rows);
    }

    private static float[] floats(List<Double> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }
}
