package dev.cvt.runtime.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * evaluation.json for the page: the test figures, the per-class table and the confusion matrix as
 * a heat map (an HTML table whose cells are shaded by the share of their row, so a small class's
 * mistakes show as clearly as a large one's).
 */
final class EvaluationSection {
    private EvaluationSection() {
    }

    static Map<String, Object> of(Map<?, ?> evaluation) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("present", evaluation != null);
        if (evaluation == null) {
            return out;
        }
        out.put("split", Format.text(Reading.string(evaluation, "split")));
        out.put("samples", Format.decimals(Reading.number(evaluation.get("samples")), 0));
        out.put("model", Format.text(Reading.string(evaluation, "model")));
        Double k = Reading.number(evaluation.get("top5_k"));
        out.put("figures", List.of(
                figure("top-1", Format.percent(Reading.number(evaluation.get("top1")))),
                figure(k == null || k == 5 ? "top-5" : "top-" + k.intValue(), Format.percent(Reading.number(evaluation.get("top5")))),
                figure("balanced accuracy", Format.percent(Reading.number(evaluation.get("balanced_accuracy")))),
                figure("macro-F1", Format.percent(Reading.number(evaluation.get("macro_f1")))),
                figure("loss", Format.decimals(Reading.number(evaluation.get("loss")), 4))));
        out.put("perClass", perClass(evaluation.get("per_class")));
        List<String> classes = evaluation.get("classes") instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
        out.put("classes", classes);
        // a head wider than the data's classes may predict outputs outside them: a last column
        out.put("outside", evaluation.get("predicted_outside_classes") instanceof List<?>);
        out.put("confusion", confusion(classes, evaluation.get("confusion"), evaluation.get("predicted_outside_classes")));
        return out;
    }

    private static Map<String, String> figure(String label, String value) {
        return Map.of("label", label, "value", value);
    }

    private static List<Map<String, String>> perClass(Object rows) {
        List<Map<String, String>> out = new ArrayList<>();
        if (rows instanceof List<?> list) {
            for (Object row : list) {
                if (row instanceof Map<?, ?> r) {
                    out.add(Map.of("name", Reading.string(r, "class"), "support", Format.decimals(Reading.number(r.get("support")), 0),
                            "precision", Format.percent(Reading.number(r.get("precision"))),
                            "recall", Format.percent(Reading.number(r.get("recall"))),
                            "f1", Format.percent(Reading.number(r.get("f1")))));
                }
            }
        }
        return out;
    }

    /** Rows = true class: its name and cells (count, shade); a last cell for predictions outside the classes. */
    private static List<Map<String, Object>> confusion(List<String> classes, Object matrix, Object outside) {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (!(matrix instanceof List<?> matrixRows)) {
            return rows;
        }
        for (int r = 0; r < matrixRows.size(); r++) {
            List<?> counts = matrixRows.get(r) instanceof List<?> l ? l : List.of();
            List<Object> values = new ArrayList<>(counts);
            if (outside instanceof List<?> o && r < o.size()) {
                values.add(o.get(r));
            }
            double total = values.stream().map(Reading::number).filter(Format::known).mapToDouble(Double::doubleValue).sum();
            List<Map<String, String>> cells = new ArrayList<>();
            for (int c = 0; c < values.size(); c++) {
                Double count = Reading.number(values.get(c));
                double share = total > 0 && Format.known(count) ? count / total : 0;
                cells.add(Map.of("count", Format.decimals(count, 0), "style", shade(share),
                        "kind", c == r ? "hit" : count != null && count > 0 ? "miss" : "zero"));
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
