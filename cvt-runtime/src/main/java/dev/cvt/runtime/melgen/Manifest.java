package dev.cvt.runtime.melgen;

import dev.cvt.runtime.CsvFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.LinkedHashMap;

/** {@code manifest.csv} (one row per sample) and {@code counts.csv} (samples per split and class). */
public final class Manifest {
    /** The manifest's file in a dataset (or fold) root. */
    public static final String FILE = "manifest.csv";

    private Manifest() {
    }

    /** Where a sample came from, as the manifest records it: its recording(s) and window. */
    public record Origin(String source, String window, String startSeconds) {
    }

    /** A sample: its split and index ({@code <split>/<class>/dim<d>/<index>.jpg}), source recording and window. */
    record Row(String className, String split, int index, String source, int window, double startSeconds) {
    }

    /** Counts list every split and class, 0 where a class has no samples in a split. */
    static void write(Path root, List<Row> rows, List<String> splits, List<String> classes) throws IOException {
        List<List<?>> manifest = new ArrayList<>(List.of(List.of("id", "class", "split", "index", "source", "window", "start_s")));
        for (int id = 0; id < rows.size(); id++) {
            Row r = rows.get(id);
            manifest.add(List.of(id, r.className(), r.split(), r.index(), r.source(), r.window(),
                    String.format(Locale.ROOT, "%.3f", r.startSeconds())));
        }
        Files.writeString(root.resolve(FILE), CsvFiles.text(manifest), StandardCharsets.UTF_8);
        List<List<?>> counts = new ArrayList<>(List.of(List.of("split", "class", "samples")));
        Map<String[], Integer> found = counts(rows.stream().map(r -> new String[] {r.split(), r.className()}).toList(), splits);
        for (String split : splits) {
            for (String c : classes) {
                counts.add(List.of(split, c, found.entrySet().stream().filter(e -> e.getKey()[0].equals(split) && e.getKey()[1].equals(c))
                        .mapToInt(Map.Entry::getValue).sum()));
            }
        }
        Files.writeString(root.resolve(Melgen.COUNTS_FILE), CsvFiles.text(counts), StandardCharsets.UTF_8);
    }

    /**
     * The origins of a split's samples, by {@code <class>/<index>}; empty when the dataset has no manifest
     * (images not made by melgen, or by a melgen before it wrote one).
     */
    public static Map<String, Origin> origins(Path root, String split) {
        List<List<String>> rows = CsvFiles.readIfPresent(root.resolve(FILE));
        Map<String, Origin> origins = new LinkedHashMap<>();
        for (List<String> row : rows == null || rows.isEmpty() ? List.<List<String>>of() : rows.subList(1, rows.size())) {
            // id, class, split, index, source, window, start_s
            if (row.size() == 7 && row.get(2).equals(split)) {
                origins.put(row.get(1) + "/" + row.get(3), new Origin(row.get(4), row.get(5), row.get(6)));
            }
        }
        return origins;
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
}
