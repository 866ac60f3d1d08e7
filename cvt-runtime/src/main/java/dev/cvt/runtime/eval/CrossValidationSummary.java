package dev.cvt.runtime.eval;

import dev.cvt.runtime.Sha256;
import dev.cvt.runtime.melgen.CrossValidationPlan;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A cross-validation's result: every fold's model scored on its own test groups, then all folds'
 * test samples pooled (each sample is in exactly one fold's test split, so the pooled figures score
 * every group once, by a model that never saw it), with each fold's figures and their mean and spread.
 */
final class CrossValidationSummary {
    private CrossValidationSummary() {
    }

    static EvaluationRecord of(CrossValidationPlan plan, List<Evaluation.Outcome> outcomes) {
        EvaluationRecord first = outcomes.get(0).record();
        ClassificationMetrics pooled = new ClassificationMetrics(outcomes.get(0).metrics().confusion().length);
        double lossSum = 0;
        MessageDigest models = Sha256.digest();
        MessageDigest data = Sha256.digest();
        List<EvaluationRecord.FoldScores> folds = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            EvaluationRecord r = outcomes.get(i).record();
            if (!r.classes().equals(first.classes())) {
                throw new IllegalStateException("fold models know different classes: " + r.classes() + " and " + first.classes());
            }
            pooled.add(outcomes.get(i).metrics());
            lossSum += r.loss() * r.samples();
            CrossValidationPlan.Fold fold = plan.folds().get(i);
            Sha256.line(models, fold.name() + " " + r.modelFingerprint());
            Sha256.line(data, fold.name() + " " + r.dataFingerprint());
            folds.add(new EvaluationRecord.FoldScores(fold.name(), fold.testGroups(), fold.valGroups(), r.model(), r.samples(), r.top1(),
                    r.balancedAccuracy(), r.macroF1(), r.baseline() == null ? Double.NaN : r.baseline().top1(),
                    r.baseline() == null ? Double.NaN : r.baseline().balancedAccuracy()));
        }
        EvaluationRecord.CrossValidationScores cv = new EvaluationRecord.CrossValidationScores(folds,
                spread(folds, EvaluationRecord.FoldScores::top1), spread(folds, EvaluationRecord.FoldScores::balancedAccuracy),
                spread(folds, EvaluationRecord.FoldScores::macroF1));
        String modelsPlace = Path.of(first.model()).getParent().getParent().resolve("<fold>").resolve(Path.of(first.model()).getFileName())
                .toString();
        return Evaluation.record(modelsPlace, Sha256.hex(models), first.split(), Sha256.hex(data), first.classes(), pooled,
                pooled.samples() == 0 ? Double.NaN : lossSum / pooled.samples(),
                pooledBaseline(outcomes.stream().map(o -> o.record().baseline()).toList(), first.classes()), cv);
    }

    /**
     * The baseline's predictions of all folds scored together, as the model's are (its folds' confusion
     * matrices summed); null when any fold's baseline was skipped. train_samples is the folds' sum.
     */
    private static EvaluationRecord.Baseline pooledBaseline(List<EvaluationRecord.Baseline> folds, List<String> classes) {
        if (folds.contains(null)) {
            return null;
        }
        ClassificationMetrics m = new ClassificationMetrics(classes.size());
        for (EvaluationRecord.Baseline fold : folds) {
            for (int truth = 0; truth < classes.size(); truth++) {
                for (int predicted = 0; predicted < classes.size(); predicted++) {
                    float[] vote = new float[classes.size()];
                    vote[predicted] = 1;
                    for (long n = fold.confusion().get(truth).get(predicted); n > 0; n--) {
                        m.add(truth, vote);
                    }
                }
            }
        }
        return new EvaluationRecord.Baseline(folds.get(0).method(), folds.stream().mapToInt(EvaluationRecord.Baseline::trainSamples).sum(),
                (int) m.samples(), 100 * m.top1(), 100 * m.balancedAccuracy(), 100 * m.macroF1(),
                EvaluationRecord.ClassScores.of(classes, m), EvaluationRecord.confusionRows(m, classes.size()));
    }

    /** Mean and population standard deviation over the folds (NaN where a fold has no figure). */
    private static EvaluationRecord.Spread spread(List<EvaluationRecord.FoldScores> folds, ToDoubleFunction<EvaluationRecord.FoldScores> value) {
        double mean = folds.stream().mapToDouble(value).average().orElse(Double.NaN);
        double variance = folds.stream().mapToDouble(f -> Math.pow(value.applyAsDouble(f) - mean, 2)).average().orElse(Double.NaN);
        return new EvaluationRecord.Spread(mean, Math.sqrt(variance));
    }

    /** The console table: a row per fold, the mean ± std and the pooled figures. */
    static String table(EvaluationRecord summary) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "=> cross-validation on '%s', %d folds:%n", summary.split(),
                summary.crossValidation().folds().size()));
        String format = "%-8s %-16s %8s %10s %10s %10s %14s %14s%n";
        out.append(String.format(Locale.ROOT, format, "fold", "test groups", "samples", "top-1", "balanced", "macro-F1", "baseline top-1",
                "baseline bal."));
        for (EvaluationRecord.FoldScores f : summary.crossValidation().folds()) {
            out.append(String.format(Locale.ROOT, format, f.fold(), String.join(",", f.testGroups()), f.samples(), percent(f.top1()),
                    percent(f.balancedAccuracy()), percent(f.macroF1()), percent(f.baselineTop1()), percent(f.baselineBalancedAccuracy())));
        }
        EvaluationRecord.CrossValidationScores cv = summary.crossValidation();
        out.append(String.format(Locale.ROOT, format, "mean±std", "", "", spread(cv.top1()), spread(cv.balancedAccuracy()),
                spread(cv.macroF1()), "", ""));
        EvaluationRecord.Baseline b = summary.baseline();
        out.append(String.format(Locale.ROOT, format, "pooled", "all", summary.samples(), percent(summary.top1()),
                percent(summary.balancedAccuracy()), percent(summary.macroF1()), b == null ? "-" : percent(b.top1()),
                b == null ? "-" : percent(b.balancedAccuracy())));
        return out.toString().stripTrailing();
    }

    private static String percent(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String spread(EvaluationRecord.Spread s) {
        return String.format(Locale.ROOT, "%.1f±%.1f", s.mean(), s.std());
    }
}
