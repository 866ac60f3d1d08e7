package dev.cvt.runtime.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** metrics.jsonl read for the page: the best and final validation figures, and the curves. */
final class EpochMetrics {
    private static final String[][] SCORES = {
        {"top1", "top-1"}, {"top5", "top-5"}, {"balanced_accuracy", "balanced accuracy"}, {"macro_f1", "macro-F1"}};

    private final List<Map<?, ?>> epochs;
    /** {@code ema_val_} when the run kept an EMA (its top-1 picks model_best, as timm), else {@code val_}. */
    private final String prefix;

    EpochMetrics(List<Map<?, ?>> epochs) {
        this.epochs = epochs == null ? List.of() : epochs;
        this.prefix = this.epochs.stream().anyMatch(e -> Reading.number(e.get("ema_val_top1")) != null) ? "ema_val_" : "val_";
    }

    /** The epoch with the highest validation top-1 (the first of equals, as training keeps it), or null. */
    Map<?, ?> best() {
        Map<?, ?> best = null;
        for (Map<?, ?> e : epochs) {
            Double top1 = Reading.number(e.get(prefix + "top1"));
            if (Format.known(top1) && (best == null || top1 > Reading.number(best.get(prefix + "top1")))) {
                best = e;
            }
        }
        return best;
    }

    Double bestTop1() {
        Map<?, ?> best = best();
        return best == null ? null : Reading.number(best.get(prefix + "top1"));
    }

    Integer bestEpoch() {
        Map<?, ?> best = best();
        Double epoch = best == null ? null : Reading.number(best.get("epoch"));
        return epoch == null ? null : epoch.intValue();
    }

    Double bestBalancedAccuracy() {
        Map<?, ?> best = best();
        return best == null ? null : Reading.number(best.get(prefix + "balanced_accuracy"));
    }

    /** For the outcome table: one row per score, at the best and at the last epoch. */
    Map<String, Object> outcome() {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<?, ?> best = best();
        out.put("present", best != null);
        out.put("ema", prefix.equals("ema_val_"));
        if (best == null) {
            return out;
        }
        Map<?, ?> last = epochs.get(epochs.size() - 1);
        out.put("bestEpoch", Format.decimals(Reading.number(best.get("epoch")), 0));
        out.put("finalEpoch", Format.decimals(Reading.number(last.get("epoch")), 0));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String[] score : SCORES) {
            rows.add(Map.of("label", "val " + score[1], "best", Format.percent(Reading.number(best.get(prefix + score[0]))),
                    "last", Format.percent(Reading.number(last.get(prefix + score[0])))));
        }
        rows.add(Map.of("label", "val loss", "best", Format.decimals(Reading.number(best.get(prefix + "loss")), 4),
                "last", Format.decimals(Reading.number(last.get(prefix + "loss")), 4)));
        out.put("rows", rows);
        return out;
    }

    /** The four charts: losses, top-1, learning rate, throughput. */
    List<Map<String, Object>> charts() {
        if (epochs.isEmpty()) {
            return List.of();
        }
        List<LineChart.Series> top1 = new ArrayList<>(List.of(series("train", "train_top1"), series("val", "val_top1")));
        if (prefix.equals("ema_val_")) {
            top1.add(series("val (EMA)", "ema_val_top1"));
        }
        return List.of(
                LineChart.of("loss", "Loss", "loss", List.of(series("train", "train_loss"), series("val", "val_loss")), true,
                        Double.POSITIVE_INFINITY),
                LineChart.of("top1", "Top-1 accuracy", "top-1 (%)", top1, false, 100),
                LineChart.of("lr", "Learning rate", "learning rate", List.of(series("lr", "lr")), true, Double.POSITIVE_INFINITY),
                LineChart.of("throughput", "Training throughput", "samples/s", List.of(series("train", "samples_per_s")), true,
                        Double.POSITIVE_INFINITY));
    }

    private LineChart.Series series(String name, String key) {
        List<double[]> points = new ArrayList<>();
        for (Map<?, ?> e : epochs) {
            Double epoch = Reading.number(e.get("epoch"));
            Double value = Reading.number(e.get(key));
            if (Format.known(epoch) && Format.known(value)) {
                points.add(new double[] {epoch, value});
            }
        }
        return new LineChart.Series(name, points);
    }
}
