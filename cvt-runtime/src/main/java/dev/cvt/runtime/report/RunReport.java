package dev.cvt.runtime.report;

import dev.cvt.runtime.AtomicFiles;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.data.Folds;
import dev.cvt.runtime.train.RunDirectory;
import dev.cvt.runtime.train.RunRecord;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One self-contained HTML page per experiment run ({@code index.html}, inline SVG charts and CSS,
 * example images in {@code examples/} beside it), drawn from the files the run folder holds at
 * the time: before, during and after training, after a failure, with or without a test.
 */
public final class RunReport {
    /** The quality gate outcome to show, from cvt:test; null when none was set. */
    public record Gate(boolean met, String description) {
    }

    /** What the site's index lists per experiment. state: running | finished | failed | interrupted | not run. Null figures when unknown. */
    public record Summary(String id, String state, Double bestTop1, Integer bestEpoch, Double balancedAccuracy,
                          int epochsDone, int endEpoch, Double wallSeconds, Path page) {
    }

    private RunReport() {
    }

    /** Renders outDir/index.html (and outDir/examples/ thumbnails) for the experiment's run, whatever state it is in; returns its summary. */
    public static Summary render(ExperimentConfig config, Path workDir, String experimentId, Path outDir, Gate gate) {
        if (Folds.allFolds(config, workDir)) {
            return CrossValidationReport.render(config, workDir, experimentId, outDir, gate);
        }
        RunFiles run = RunFiles.read(RunDirectory.of(config, workDir).dir());
        EpochMetrics metrics = new EpochMetrics(run.epochs(), run.status());
        RunRecord status = run.status();
        Summary summary = new Summary(experimentId, run.state(), metrics.bestTop1(), metrics.bestEpoch(),
                balancedAccuracy(run, metrics), run.epochsDone(),
                status != null ? status.endEpoch() : config.integer("TRAIN.END_EPOCH"), status != null ? status.wallSeconds() : null,
                outDir.resolve("index.html"));

        Map<String, Object> page = new LinkedHashMap<>();
        page.put("id", experimentId);
        page.put("generated", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
        page.put("run", header(config, run, summary));
        page.put("outcome", metrics.outcome());
        // the split that picked model_best: DATASET.VAL_SET, or the test split itself as in the original
        page.put("testSplit", config.string("DATASET.TEST_SET"));
        page.put("selectedOn", config.string("DATASET.VAL_SET").isEmpty() ? config.string("DATASET.TEST_SET")
                : config.string("DATASET.VAL_SET"));
        page.put("gate", gate == null ? Map.of("present", false)
                : Map.of("present", true, "met", gate.met(), "description", gate.description()));
        page.put("charts", metrics.charts());
        page.put("evaluation", EvaluationSection.of(run.evaluation()));
        page.put("data", DatasetSection.of(config, workDir, outDir));
        page.put("model", ModelSection.of(run.modelText()));
        page.put("yaml", run.configYaml() != null ? run.configYaml() : config.toYaml());
        page.put("yamlFromRun", run.configYaml() != null);
        page.put("mistakes", Misclassified.of(run.predictions()));
        AtomicFiles.writeString(summary.page(), Templates.render("run.html.vm", page));
        return summary;
    }

    /** The test's balanced accuracy when the model was tested, else the best epoch's validation figure. */
    private static Double balancedAccuracy(RunFiles run, EpochMetrics metrics) {
        return run.evaluation() != null ? Double.valueOf(run.evaluation().balancedAccuracy()) : metrics.bestBalancedAccuracy();
    }

    private static Map<String, Object> header(ExperimentConfig config, RunFiles run, Summary summary) {
        RunRecord s = run.status();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", summary.state());
        out.put("stateClass", "state-" + summary.state().replace(' ', '-'));
        out.put("folder", run.dir().toString());
        String configFile = s == null ? "" : s.configFile();
        out.put("configFile", Format.text(configFile.isEmpty() && config.file() != null ? config.file().toString() : configFile));
        out.put("started", Format.text(s == null ? null : s.started()));
        out.put("updated", Format.text(s == null ? null : s.updated()));
        out.put("wall", Format.duration(summary.wallSeconds()));
        out.put("device", Format.text(s == null ? null : s.device()));
        out.put("cpu", Format.text(s == null ? null : s.cpu()));
        out.put("java", Format.text(s == null ? null : s.java()));
        out.put("djl", Format.text(s == null ? null : s.djl()));
        out.put("pytorch", Format.text(s == null ? null : s.pytorch()));
        out.put("seed", String.valueOf(s != null ? s.seed() : config.get("SEED")));
        out.put("message", s == null ? "" : s.message());
        out.put("epochsDone", summary.epochsDone());
        out.put("endEpoch", summary.endEpoch());
        return out;
    }
}
