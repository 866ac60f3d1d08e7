package dev.cvt.runtime.report;

import dev.cvt.runtime.AtomicFiles;
import dev.cvt.runtime.JsonFiles;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.data.Folds;
import dev.cvt.runtime.eval.EvaluationRecord;
import dev.cvt.runtime.melgen.CrossValidationPlan;
import dev.cvt.runtime.train.RunDirectory;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The page of a cross-validated experiment: a table and a chart of every fold's figures, the pooled
 * evaluation (confusion matrix of all folds' test samples), and each fold's own run page below it
 * ({@code <fold>/index.html}).
 */
final class CrossValidationReport {
    private CrossValidationReport() {
    }

    static RunReport.Summary render(ExperimentConfig config, Path workDir, String experimentId, Path outDir, RunReport.Gate gate) {
        CrossValidationPlan plan = Folds.plan(config, workDir);
        List<ExperimentConfig> folds = Folds.of(config, workDir);
        EvaluationRecord evaluation = JsonFiles.readIfPresent(RunDirectory.experiment(config, workDir).dir().resolve("evaluation.json"),
                EvaluationRecord.class);
        List<Map<String, Object>> rows = new ArrayList<>();
        List<RunReport.Summary> runs = new ArrayList<>();
        List<double[]> top1 = new ArrayList<>();
        List<double[]> balanced = new ArrayList<>();
        for (int i = 0; i < folds.size(); i++) {
            CrossValidationPlan.Fold fold = plan.folds().get(i);
            RunReport.Summary run = RunReport.render(folds.get(i), workDir, experimentId + " — " + fold.name(), outDir.resolve(fold.name()),
                    null);
            runs.add(run);
            EvaluationRecord.FoldScores scores = evaluation == null || evaluation.crossValidation() == null ? null
                    : evaluation.crossValidation().folds().stream().filter(f -> f.fold().equals(fold.name())).findFirst().orElse(null);
            if (scores != null) {
                top1.add(new double[] {i + 1, scores.top1()});
                balanced.add(new double[] {i + 1, scores.balancedAccuracy()});
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("fold", fold.name());
            row.put("page", fold.name() + "/index.html");
            row.put("test", String.join(", ", fold.testGroups()));
            row.put("validation", fold.valGroups().isEmpty() ? "recordings of the training groups" : String.join(", ", fold.valGroups()));
            row.put("state", run.state());
            row.put("epochs", run.epochsDone() + " / " + run.endEpoch());
            row.put("samples", scores == null ? Format.UNKNOWN : String.valueOf(scores.samples()));
            row.put("top1", Format.percent(scores == null ? null : scores.top1()));
            row.put("balanced", Format.percent(scores == null ? null : scores.balancedAccuracy()));
            row.put("macroF1", Format.percent(scores == null ? null : scores.macroF1()));
            row.put("baselineTop1", Format.percent(scores == null ? null : scores.baselineTop1()));
            row.put("baselineBalanced", Format.percent(scores == null ? null : scores.baselineBalancedAccuracy()));
            rows.add(row);
        }
        String state = state(runs);
        boolean tested = evaluation != null && evaluation.crossValidation() != null;
        RunReport.Summary summary = new RunReport.Summary(experimentId, state, tested ? evaluation.top1() : null, null,
                tested ? evaluation.balancedAccuracy() : null, runs.stream().mapToInt(RunReport.Summary::epochsDone).sum(),
                runs.stream().mapToInt(RunReport.Summary::endEpoch).sum(), wall(runs), outDir.resolve("index.html"));

        Map<String, Object> page = new LinkedHashMap<>();
        page.put("id", experimentId);
        page.put("generated", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
        page.put("state", state);
        page.put("stateClass", "state-" + state.replace(' ', '-'));
        page.put("group", plan.group());
        page.put("folder", RunDirectory.experiment(config, workDir).dir().toString());
        page.put("wall", Format.duration(summary.wallSeconds()));
        page.put("folds", rows);
        page.put("gate", gate == null ? Map.of("present", false)
                : Map.of("present", true, "met", gate.met(), "description", gate.description()));
        page.put("tested", tested);
        if (tested) {
            EvaluationRecord.CrossValidationScores cv = evaluation.crossValidation();
            page.put("spread", List.of(spread("top-1", cv.top1()), spread("balanced accuracy", cv.balancedAccuracy()),
                    spread("macro-F1", cv.macroF1())));
        }
        page.put("chart", LineChart.of("folds", "Test figures per fold", "fold", "%",
                List.of(new LineChart.Series("top-1", top1), new LineChart.Series("balanced accuracy", balanced)), true, 100));
        page.put("evaluation", EvaluationSection.of(tested ? evaluation : null));
        page.put("yaml", config.toYaml());
        AtomicFiles.writeString(summary.page(), Templates.render("folds.html.vm", page));
        return summary;
    }

    /** Finished when every fold is; else the first fold's state that is not (failed, interrupted, running, not run). */
    private static String state(List<RunReport.Summary> runs) {
        for (String s : List.of("failed", "interrupted", "running", "not run")) {
            if (runs.stream().anyMatch(r -> r.state().equals(s))) {
                return s;
            }
        }
        return "finished";
    }

    private static Double wall(List<RunReport.Summary> runs) {
        List<Double> known = runs.stream().map(RunReport.Summary::wallSeconds).filter(Objects::nonNull).toList();
        return known.isEmpty() ? null : known.stream().mapToDouble(Double::doubleValue).sum();
    }

    private static Map<String, Object> spread(String name, EvaluationRecord.Spread s) {
        return Map.of("name", name, "mean", Format.percent(s.mean()), "std", Format.decimals(s.std(), 2));
    }
}
