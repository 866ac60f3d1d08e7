package dev.cvt.runtime.report;

import dev.cvt.runtime.eval.EvaluationRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * evaluation.json for the page: the test figures (the classical baseline's beside them), the
 * per-class table and the confusion matrix as a heat map (an HTML table whose cells are shaded by the
 * share of their row, so a small class's mistakes show as clearly as a large one's).
 */
final class EvaluationSection {
    private EvaluationSection() {
    }

    static Map<String, Object> of(EvaluationRecord evaluation) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("present", evaluation != null);
        if (evaluation == null) {
            return out;
        }
        out.put("split", Format.text(evaluation.split()));
        out.put("samples", String.valueOf(evaluation.samples()));
        out.put("model", Format.text(evaluation.model()));
        int k = evaluation.top5K();
        // the classical baseline's figures in a column beside the model's; it has no top-5 or loss
        EvaluationRecord.Baseline b = evaluation.baseline();
        out.put("baseline", b != null);
        out.put("baselineMethod", b != null ? b.method() : "");
        out.put("baselineTrainSamples", b != null ? String.valueOf(b.trainSamples()) : "");
        out.put("baselineSamples", b != null ? String.valueOf(b.samples()) : "");
        out.put("figures", List.of(
                figure("top-1", Format.percent(evaluation.top1()), b != null ? Format.percent(b.top1()) : Format.UNKNOWN),
                figure(k == 5 ? "top-5" : "top-" + k, Format.percent(evaluation.top5()), Format.UNKNOWN),
                figure("balanced accuracy", Format.percent(evaluation.balancedAccuracy()),
                        b != null ? Format.percent(b.balancedAccuracy()) : Format.UNKNOWN),
                figure("macro-F1", Format.percent(evaluation.macroF1()), b != null ? Format.percent(b.macroF1()) : Format.UNKNOWN),
                figure("loss", Format.decimals(evaluation.loss(), 4), Format.UNKNOWN)));
        Map<String, Double> baselineF1 = new LinkedHashMap<>();
        if (b != null) {
            b.perClass().forEach(r -> baselineF1.put(r.name(), r.f1()));
        }
        out.put("perClass", evaluation.perClass().stream().map(r -> Map.of("name", r.name(), "support", String.valueOf(r.support()),
                "precision", Format.percent(r.precision()), "recall", Format.percent(r.recall()), "f1", Format.percent(r.f1()),
                "baselineF1", Format.percent(baselineF1.get(r.name())))).toList());
        out.put("classes", evaluation.classes());
        // a head wider than the data's classes may predict outputs outside them: a last column
        out.put("outside", evaluation.predictedOutsideClasses() != null);
        out.put("confusion", confusion(evaluation.classes(), evaluation.confusion(), evaluation.predictedOutsideClasses()));
        return out;
    }

    private static Map<String, String> figure(String label, String value, String baseline) {
        return Map.of("label", label, "value", value, "baseline", baseline);
    }

    /** Rows = true class: its name and cells (count, shade); a last cell for predictions outside the classes. */
    private static List<Map<String, Object>> confusion(List<String> classes, List<List<Long>> matrix, List<Long> outside) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int r = 0; r < matrix.size(); r++) {
            List<Long> values = new ArrayList<>(matrix.get(r));
            if (outside != null && r < outside.size()) {
                values.add(outside.get(r));
            }
            long total = values.stream().mapToLong(Long::longValue).sum();
            List<Map<String, String>> cells = new ArrayList<>();
            for (int c = 0; c < values.size(); c++) {
                long count = values.get(c);
                double share = total > 0 ? (double) count / total : 0;
                cells.add(Map.of("count", String.valueOf(count), "style", shade(share),
                        "kind", c == r ? "hit" : count > 0 ? "miss" : "zero"));
            }
            rows.add(Map.of("name", r < classes.size() ? classes.get(r) : "class " + r, "cells", cells));
        }
        return rows;
    }

    /** White to deep blue by the share of the row; white text on the dark half. */
    static String shade(double share) {
        int red = (int) Math.round(255 + share * (31 - 255));
        int green = (int) Math.round(255 + share * (95 - 255));
        int blue = (int) Math.round(255 + share * (168 - 255));
        return String.format(Locale.ROOT, "background:rgb(%d,%d,%d);color:%s", red, green, blue, share > 0.5 ? "#fff" : "#111");
    }
}
