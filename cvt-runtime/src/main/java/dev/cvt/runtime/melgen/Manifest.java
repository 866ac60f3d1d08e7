package dev.cvt.runtime.melgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.LinkedHashMap;

/** {@code manifest.csv} (one row per sample) and {@code counts.csv} (samples per split and class). */
final class Manifest {
    private Manifest() {
    }

    /** A sample: its split and index ({@code <split>/<class>/dim<d>/<index>.jpg}), source recording and window. */
    record Row(String className, String split, int index, String source, int window, double startSeconds) {
    }

    static void write(Path root, List<Row> rows, List<String> splits) throws IOException {
        StringBuilder manifest = new StringBuilder("id,class,split,index,source,window,start_s\n");
        for (int id = 0; id < rows.size(); id++) {
            Row r = rows.get(id);
            manifest.append(id).append(',').append(csv(r.className())).append(',').append(csv(r.split())).append(',')
                    .append(r.index()).append(',').append(csv(r.source())).append(',').append(r.window()).append(',')
                    .append(String.format(Locale.ROOT, "%.3f", r.startSeconds())).append('\n');
        }
        Files.writeString(root.resolve("manifest.csv"), manifest, StandardCharsets.UTF_8);
        StringBuilder counts = new StringBuilder("split,class,samples\n");
        counts(rows.stream().map(r -> new String[] {r.split(), r.className()}).toList(), splits)
                .forEach((key, n) -> counts.append(csv(key[0])).append(',').append(csv(key[1])).append(',').append(n).append('\n'));
        Files.writeString(root.resolve("counts.csv"), counts, StandardCharsets.UTF_8);
    }

    /** The per-split class counts as a table for the console. */
    static String summary(List<String[]> splitAndClass, List<String> splits, int views) {
        Map<String[], Integer> counts = counts(splitAndClass, splits);
        int classWidth = Math.max(5, counts.keySet().stream().mapToInt(k -> k[1].length()).max().orElse(5));
        int splitWidth = Math.max(5, counts.keySet().stream().mapToInt(k -> k[0].length()).max().orElse(5));
        String format = "%-" + splitWidth + "s  %-" + classWidth + "s  %8s  %8s%n";
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, format, "split", "class", "samples", "images"));
        counts.forEach((key, n) -> table.append(String.format(Locale.ROOT, format, key[0], key[1], n, n * views)));
        return table.toString();
    }

    /** Counts by (split, class), splits in the given order, classes in order of appearance within them. */
    private static Map<String[], Integer> counts(List<String[]> splitAndClass, List<String> splits) {
        Map<String, Map<String, Integer>> bySplit = new LinkedHashMap<>();
        splitAndClass.forEach(k -> bySplit.computeIfAbsent(k[0], s -> new LinkedHashMap<>()).merge(k[1], 1, Integer::sum));
        Map<String[], Integer> out = new LinkedHashMap<>();
        splits.stream().filter(bySplit::containsKey)
                .forEach(split -> bySplit.get(split).forEach((c, n) -> out.put(new String[] {split, c}, n)));
        return out;
    }

    private static String csv(String field) {
        return field.contains(",") || field.contains("\"") ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }
}
