package dev.cvt.runtime.report;

import dev.cvt.runtime.AtomicFiles;
import dev.cvt.runtime.CsvFiles;
import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.data.DatasetRoot;
import dev.cvt.runtime.melgen.Melgen;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The data the run trained on: melgen's counts.csv per split and class (a class under 10 % of its
 * split is flagged, as melgen warns), the split method and image size from the dataset's
 * config.yaml, and a few of the dataset's own images per class, copied next to the page so it
 * stays self-contained.
 */
final class DatasetSection {
    static final int EXAMPLES_PER_CLASS = 3;
    static final double IMBALANCE_SHARE = 0.10;

    private DatasetSection() {
    }

    static Map<String, Object> of(ExperimentConfig config, Path workDir, Path outDir) {
        Path root = DatasetRoot.of(config, workDir);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("root", root.toString());
        out.put("views", String.valueOf(config.integer("DATASET.NUM_DIMS")));
        out.put("inputSize", size(config.list("TRAIN.IMAGE_SIZE")));
        Map<?, ?> melgen = melgenSection(root.resolve("config.yaml"));
        out.put("melgen", melgen != null);
        Map<?, ?> split = melgen != null && melgen.get("SPLIT") instanceof Map<?, ?> s ? s : Map.of();
        out.put("splitMethod", Format.text(Reading.string(split, "METHOD")));
        out.put("imageSize", melgen != null && melgen.get("IMAGE_SIZE") instanceof List<?> l ? size(l) : Format.UNKNOWN);
        out.putAll(counts(CsvFiles.readIfPresent(root.resolve(Melgen.COUNTS_FILE))));
        out.put("examples", examples(root.resolve(config.string("DATASET.TRAIN_SET")), outDir.resolve("examples")));
        return out;
    }

    /** The MELGEN section of the dataset's config.yaml, or null when melgen did not make this dataset. */
    private static Map<?, ?> melgenSection(Path file) {
        String text = Reading.text(file);
        if (text == null) {
            return null;
        }
        Map<?, ?> tree = Reading.yaml(text, file);
        return tree.get("MELGEN") instanceof Map<?, ?> m ? m : null;
    }

    /** counts.csv (split,class,samples) as a table: a row per class, a column per split. */
    private static Map<String, Object> counts(List<List<String>> csv) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("counts", csv != null);
        if (csv == null) {
            return out;
        }
        Set<String> splits = new LinkedHashSet<>();
        Set<String> classes = new LinkedHashSet<>();
        Map<String, Double> samples = new LinkedHashMap<>();
        Map<String, Double> splitTotals = new LinkedHashMap<>();
        for (List<String> row : csv.subList(1, csv.size())) {
            if (row.size() >= 3 && Reading.number(row.get(2)) != null) {
                splits.add(row.get(0));
                classes.add(row.get(1));
                samples.merge(row.get(0) + "\n" + row.get(1), Reading.number(row.get(2)), Double::sum);
                splitTotals.merge(row.get(0), Reading.number(row.get(2)), Double::sum);
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean imbalanced = false;
        for (String c : classes) {
            List<Map<String, Object>> cells = new ArrayList<>();
            for (String s : splits) {
                double n = samples.getOrDefault(s + "\n" + c, 0.0);
                double share = splitTotals.get(s) > 0 ? n / splitTotals.get(s) : 0;
                boolean flagged = share < IMBALANCE_SHARE;
                imbalanced |= flagged;
                cells.add(Map.of("samples", Format.decimals(n, 0), "share", String.format(Locale.ROOT, "%.1f %%", 100 * share),
                        "flagged", flagged));
            }
            rows.add(Map.of("name", c, "cells", cells));
        }
        out.put("splits", List.copyOf(splits));
        out.put("totals", splits.stream().map(s -> Format.decimals(splitTotals.get(s), 0)).toList());
        out.put("rows", rows);
        out.put("imbalanced", imbalanced);
        return out;
    }

    /**
     * Up to three images per class of the split, from view dim1 (or the first view; or the class
     * folder itself in the single-view layout), copied to {@code examples/<class index>-<n>.<ext>}:
     * names without spaces, so the page's links need no escaping rules of their own.
     */
    private static List<Map<String, Object>> examples(Path splitDir, Path examplesDir) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<Path> classDirs = list(splitDir).stream().filter(Files::isDirectory).toList();
        for (int c = 0; c < classDirs.size(); c++) {
            Path classDir = classDirs.get(c);
            Path viewDir = list(classDir).stream().filter(p -> Files.isDirectory(p) && p.getFileName().toString().matches("dim\\d+"))
                    .min(Comparator.comparing((Path p) -> Integer.parseInt(p.getFileName().toString().substring(3))))
                    .orElse(classDir);
            List<Map<String, String>> images = new ArrayList<>();
            for (Path image : list(viewDir).stream().filter(DatasetSection::isImage).limit(EXAMPLES_PER_CLASS).toList()) {
                String name = image.getFileName().toString();
                String copy = c + "-" + images.size() + name.substring(name.lastIndexOf('.')).toLowerCase(Locale.ROOT);
                AtomicFiles.write(examplesDir.resolve(copy), sink -> Files.copy(image, sink));
                images.add(Map.of("src", "examples/" + copy, "alt", classDir.getFileName() + " " + name));
            }
            out.add(Map.of("name", classDir.getFileName().toString(),
                    "view", viewDir.equals(classDir) ? "" : viewDir.getFileName().toString(), "images", images));
        }
        return out;
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png"));
    }

    /** A folder's entries in natural order (2.jpg before 10.jpg, as melgen numbers them); none when it is absent. */
    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted(Comparator.comparing((Path p) -> naturalKey(p.getFileName().toString()))).toList();
        } catch (IOException e) {
            throw new CvtException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    /** Digit runs padded to 20 places, so a plain string comparison orders numbers by value. */
    private static String naturalKey(String name) {
        StringBuilder key = new StringBuilder();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+|\\D+").matcher(name);
        while (m.find()) {
            String part = m.group();
            key.append(Character.isDigit(part.charAt(0)) ? "0".repeat(Math.max(0, 20 - part.length())) + part : part);
        }
        return key.toString();
    }

    private static String size(List<?> widthHeight) {
        return widthHeight.size() == 2 ? widthHeight.get(0) + " \u00d7 " + widthHeight.get(1) + " (w \u00d7 h)" : widthHeight.toString();
    }
}
