package dev.cvt.runtime.eval;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import dev.cvt.runtime.AtomicFiles;
import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.Json;
import dev.cvt.runtime.Log;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.data.BatchLoader;
import dev.cvt.runtime.data.DatasetListing;
import dev.cvt.runtime.data.DecodedSamples;
import dev.cvt.runtime.data.MultiViewFolder;
import dev.cvt.runtime.data.ViewTransforms;
import dev.cvt.runtime.data.Workers;
import dev.cvt.runtime.model.Engines;
import dev.cvt.runtime.model.ModelFiles;
import dev.cvt.runtime.train.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * {@code test}: evaluates {@code TEST.MODEL_FILE} (default: the run's {@code model_best}) on
 * {@code DATASET.TEST_SET} with the test pipeline and writes {@code predictions.csv} (sample,
 * truth, prediction, one probability per class) and {@code evaluation.json} (loss, top-1, top-5
 * capped at the class count, per-class precision / recall / F1, balanced accuracy, macro-F1,
 * confusion matrix; accuracies in percent) into the run folder.
 */
public final class Evaluation {
    private Evaluation() {
    }

    /** @param extraCopy a second place for evaluation.json (the Maven goal reads it there), or null */
    public static Map<String, Object> run(ExperimentConfig config, Path workDir, Path extraCopy, Log console) {
        RunDirectory run = RunDirectory.of(config, workDir);
        Log log = run.teeLog("test", console);
        String configured = config.string("TEST.MODEL_FILE");
        Path modelPath = configured.isEmpty() ? run.dir().resolve("model_best") : workDir.resolve(configured);
        Path modelDir = modelPath.toAbsolutePath().getParent();
        String name = modelPath.getFileName().toString().replaceFirst("(-0000\\.params|\\.yaml)$", "");
        if (!Files.exists(modelDir.resolve(name + ".yaml"))) {
            throw new CvtException(modelDir.resolve(name + ".yaml") + ": no trained model there (TEST.MODEL_FILE"
                    + (configured.isEmpty() ? " is empty, so the run's model_best is used; train first)" : ")"));
        }
        ModelFiles.Info info = ModelFiles.info(modelDir, name);
        Engine engine = Engines.pytorch(config.integer("THREADS"));
        Device device = Engines.device(engine, config);
        String split = config.string("DATASET.TEST_SET");
        MultiViewFolder.Listing listing = DatasetListing.list(config, split, workDir, log);
        if (!listing.classes().equals(info.classes())) {
            throw new CvtException("the model " + modelDir.resolve(name) + " knows the classes " + info.classes()
                    + " but " + split + " has " + listing.classes());
        }
        ExecutorService workers = Workers.of(config);
        try (Model model = ModelFiles.load(modelDir, name, device)) {
            DecodedSamples samples = new DecodedSamples(listing.samples(), Workers.decoder(config), workers, log);
            float[] mean = floats(info.mean());
            float[] std = floats(info.std());
            int views = info.spec().views();
            ParameterStore store = new ParameterStore(model.getNDManager(), false);
            Evaluator.Result result;
            long start = System.nanoTime();
            try (BatchLoader loader = new BatchLoader(samples, ViewTransforms.test(config, mean, std),
                    config.integer("TEST.BATCH_SIZE_PER_GPU"), workers)) {
                result = Evaluator.evaluate(samples, loader, info.spec().numClasses(), model.getNDManager(), x -> {
                    NDArray input = views > 1 ? x : x.squeeze(1);
                    return model.getBlock().forward(store, new NDList(input), false).singletonOrThrow();
                });
            }
            log.info(String.format("=> TEST %s (%d samples, %s, %.1fs):\t%s", split, samples.size(), modelDir.resolve(name),
                    (System.nanoTime() - start) / 1e9, Evaluator.summary(result)));
            Map<String, Object> report = report(split, modelDir.resolve(name).toString(), info.classes(), result);
            AtomicFiles.writeString(run.dir().resolve("predictions.csv"), predictions(samples, info.classes(), result));
            String json = Json.write(report) + "\n";
            AtomicFiles.writeString(run.dir().resolve("evaluation.json"), json);
            if (extraCopy != null) {
                AtomicFiles.writeString(extraCopy, json);
            }
            log.info("=> wrote " + run.dir().resolve("evaluation.json") + " and predictions.csv");
            return report;
        } finally {
            workers.shutdownNow();
        }
    }

    static Map<String, Object> report(String split, String model, List<String> classes, Evaluator.Result result) {
        ClassificationMetrics m = result.metrics();
        long[][] confusion = m.confusion();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("split", split);
        out.put("model", model);
        out.put("samples", m.samples());
        out.put("loss", result.loss());
        out.put("top1", 100 * m.top1());
        out.put("top5", 100 * m.topK(5));
        out.put("top5_k", Math.min(5, confusion.length));
        out.put("balanced_accuracy", 100 * m.balancedAccuracy());
        out.put("macro_f1", 100 * m.macroF1());
        out.put("classes", classes);
        List<Object> perClass = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("class", classes.get(c));
            row.put("support", java.util.Arrays.stream(confusion[c]).sum());
            row.put("precision", 100 * m.precision(c));
            row.put("recall", 100 * m.recall(c));
            row.put("f1", 100 * m.f1(c));
            perClass.add(row);
        }
        out.put("per_class", perClass);
        // rows and columns of the data's classes; a head wider than the data (MODEL.NUM_CLASSES above the
        // class count, as the original experiments had) may predict other outputs: counted per row
        List<Object> rows = new ArrayList<>();
        List<Long> outside = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            rows.add(java.util.Arrays.stream(confusion[c], 0, classes.size()).boxed().toList());
            outside.add(java.util.Arrays.stream(confusion[c], classes.size(), confusion.length).sum());
        }
        out.put("confusion", rows);
        if (confusion.length > classes.size()) {
            out.put("predicted_outside_classes", outside);
        }
        return out;
    }

    private static String predictions(DecodedSamples samples, List<String> classes, Evaluator.Result result) {
        StringBuilder csv = new StringBuilder("sample,true,predicted");
        classes.forEach(c -> csv.append(",p_").append(csvField(c)));
        csv.append('\n');
        for (int i = 0; i < samples.size(); i++) {
            float[] p = result.probabilities()[i];
            int predicted = 0;
            for (int c = 1; c < p.length; c++) {
                predicted = p[c] > p[predicted] ? c : predicted;
            }
            MultiViewFolder.Sample sample = samples.sample(i);
            csv.append(csvField(sample.id())).append(',').append(csvField(classes.get(sample.label()))).append(',')
                    .append(csvField(predicted < classes.size() ? classes.get(predicted) : "output_" + predicted));
            for (int c = 0; c < classes.size(); c++) {
                csv.append(',').append(String.format(java.util.Locale.ROOT, "%.6f", p[c]));
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static float[] floats(List<Double> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }
}
