package dev.cvt.runtime.report;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * model.txt ({@link dev.cvt.runtime.model.ModelSummary}) as a table: a caption line, a header,
 * one row per stage, and the totals line that gives the parameter count and MACs per sample.
 * A summary in another shape is shown as it is.
 */
final class ModelSection {
    private static final Pattern TOTALS = Pattern.compile(
            "total: ([\\d,]+) trainable parameters, ([\\d.]+ G) MACs per view, ([\\d.]+ G) per sample");

    private ModelSection() {
    }

    static Map<String, Object> of(String modelText) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("present", modelText != null && !modelText.isBlank());
        out.put("text", modelText == null ? "" : modelText.stripTrailing());
        List<String> lines = modelText == null ? List.of() : modelText.lines().filter(l -> !l.isBlank()).toList();
        Matcher totals = lines.isEmpty() ? null : TOTALS.matcher(lines.get(lines.size() - 1));
        out.put("table", totals != null && totals.matches() && lines.size() >= 3);
        if (totals == null || !totals.matches() || lines.size() < 3) {
            return out;
        }
        out.put("caption", lines.get(0));
        out.put("header", split(lines.get(1)));
        out.put("stages", lines.subList(2, lines.size() - 1).stream().map(ModelSection::split).toList());
        out.put("parameters", totals.group(1));
        out.put("macsPerView", totals.group(2));
        out.put("macsPerSample", totals.group(3));
        return out;
    }

    private static List<String> split(String line) {
        return Arrays.asList(line.trim().split("\\s+"));
    }
}
