package dev.cvt.runtime.report;

import dev.cvt.runtime.eval.Scores;
import dev.cvt.runtime.train.EpochRecord;
import dev.cvt.runtime.train.RunRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * metrics.jsonl read for the page: the figures of the epoch training kept as {@code model_best}
 * (run.json's {@code best_epoch}, scored as {@code best_scores} says: the weights' or their EMA's)
 * and of the last epoch, and the curves.
 */
final class EpochMetrics {
    private final List<EpochRecord> epochs;
    private final String scores;
    private final EpochRecord best;

    EpochMetrics(List<EpochRecord> epochs, RunRecord status) {
        this.epochs = epochs == null ? List.of() : epochs;
        this.scores = status == null ? EpochRecord.RAW : status.bestScores();
        Integer bestEpoch = status == null ? null : status.bestEpoch();
        this.best = this.epochs.stream().filter(e -> bestEpoch != null && e.epoch() == bestEpoch).findFirst().orElse(null);
    }

    Double bestTop1() {
        return best == null ? null : best.scores(scores).top1();
    }

    Integer bestEpoch() {
        return best == null ? null : best.epoch();
    }

    Double bestBalancedAccuracy() {
        return best == null ? null : best.scores(scores).balancedAccuracy();
    }

    /** For the outcome table: one row per score, at the best and at the last epoch. */
    Map<String, Object> outcome() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("present", best != null);
        out.put("ema", EpochRecord.EMA.equals(scores));
        if (best == null) {
            return out;
        }
        EpochRecord last = epochs.get(epochs.size() - 1);
        Scores b = best.scores(scores);
        Scores l = last.scores(scores);
        out.put("bestEpoch", String.valueOf(best.epoch()));
        out.put("finalEpoch", String.valueOf(last.epoch()));
        out.put("rows", List.of(
                row("val top-1", Format.percent(b.top1()), Format.percent(l.top1())),
                row("val top-5", Format.percent(b.top5()), Format.percent(l.top5())),
                row("val balanced accuracy", Format.percent(b.balancedAccuracy()), Format.percent(l.balancedAccuracy())),
                row("val macro-F1", Format.percent(b.macroF1()), Format.percent(l.macroF1())),
                row("val loss", Format.decimals(b.loss(), 4), Format.decimals(l.loss(), 4))));
        return out;
    }

    private static Map<String, String> row(String label, String best, String last) {
        return Map.of("label", label, "best", best, "last", last);
    }

    /** The four charts: losses, top-1, learning rate, throughput. */
    List<Map<String, Object>> charts() {
        if (epochs.isEmpty()) {
            return List.of();
        }
        List<LineChart.Series> top1 = new ArrayList<>(List.of(series("train", EpochRecord::trainTop1), series("val", EpochRecord::valTop1)));
        if (EpochRecord.EMA.equals(scores)) {
            top1.add(series("val (EMA)", EpochRecord::emaValTop1));
        }
        return List.of(
                LineChart.of("loss", "Loss", "loss", List.of(series("train", EpochRecord::trainLoss), series("val", EpochRecord::valLoss)),
                        true, Double.POSITIVE_INFINITY),
                LineChart.of("top1", "Top-1 accuracy", "top-1 (%)", top1, false, 100),
                LineChart.of("lr", "Learning rate", "learning rate", List.of(series("lr", EpochRecord::lr)), true, Double.POSITIVE_INFINITY),
                LineChart.of("throughput", "Training throughput", "samples/s", List.of(series("train", EpochRecord::samplesPerS)), true,
                        Double.POSITIVE_INFINITY));
    }

    private LineChart.Series series(String name, ToDoubleFunction<EpochRecord> value) {
        List<double[]> points = new ArrayList<>();
        for (EpochRecord e : epochs) {
            double v = value.applyAsDouble(e);
            if (Double.isFinite(v)) {
                points.add(new double[] {e.epoch(), v});
            }
        }
        return new LineChart.Series(name, points);
    }
}
