package dev.cvt.runtime.eval;

import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.Log;
import dev.cvt.runtime.baseline.BaselineResult;
import dev.cvt.runtime.baseline.ForestBaseline;
import dev.cvt.runtime.config.ExperimentConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The classical baseline of {@code test} ({@code TEST.BASELINE}): {@link ForestBaseline} trained on
 * {@code DATASET.TRAIN_SET} and scored on the evaluated split with the model's own metrics, so that
 * evaluation.json and the report show whether the deep model earns its cost. It is an addition to
 * the model's evaluation, never a reason for it to fail: without raw windows it is skipped with an
 * info line, with unreadable ones with a warning.
 */
final class BaselineEvaluation {
    private BaselineEvaluation() {
    }

    /** The baseline's figures on {@code split}, or null when it is off or cannot run; logs them beside the model's. */
    static EvaluationRecord.Baseline run(ExperimentConfig config, Path datasetRoot, String split, List<String> classes, Scores model,
                                         Log log) {
        if (!config.bool("TEST.BASELINE")) {
            return null;
        }
        String trainSet = config.string("DATASET.TRAIN_SET");
        Optional<String> unavailable = ForestBaseline.unavailable(datasetRoot, trainSet, split, classes);
        if (unavailable.isPresent()) {
            log.info("baseline skipped: " + unavailable.get());
            return null;
        }
        long start = System.nanoTime();
        EvaluationRecord.Baseline baseline;
        try {
            baseline = record(ForestBaseline.evaluate(datasetRoot, trainSet, split, classes, config.integer("SEED")));
        } catch (CvtException e) {
            log.warn("baseline skipped: " + e.getMessage());
            return null;
        }
        log.info(String.format(Locale.ROOT, "baseline random forest (%d training windows, %.1fs): top-1 %.2f %% balanced %.2f %% "
                        + "macro-F1 %.2f %% \u2014 model: top-1 %.2f %% balanced %.2f %% macro-F1 %.2f %%", baseline.trainSamples(),
                (System.nanoTime() - start) / 1e9, baseline.top1(), baseline.balancedAccuracy(), baseline.macroF1(), model.top1(),
                model.balancedAccuracy(), model.macroF1()));
        return baseline;
    }

    /** The baseline's predictions scored as the model's are. */
    static EvaluationRecord.Baseline record(BaselineResult result) {
        ClassificationMetrics m = new ClassificationMetrics(result.classes().size());
        result.predictions().forEach(p -> m.add(p.truth(), p.probabilities()));
        return new EvaluationRecord.Baseline(result.method(), result.trainSamples(), (int) m.samples(), 100 * m.top1(),
                100 * m.balancedAccuracy(), 100 * m.macroF1(), EvaluationRecord.ClassScores.of(result.classes(), m),
                EvaluationRecord.confusionRows(m, result.classes().size()));
    }
}
