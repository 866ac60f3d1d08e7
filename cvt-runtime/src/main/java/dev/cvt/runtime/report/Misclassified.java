package dev.cvt.runtime.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The worst predictions of predictions.csv ({@code sample,true,predicted,p_<class>...}, and for a
 * melgen dataset {@code source,window,start_s}): the misclassified samples, the most confident
 * mistakes first, since those are the ones a person should look at (a label error, a recording that
 * does not belong to its class), with the recording and window each came from where known.
 */
final class Misclassified {
    static final int SHOWN = 20;

    private Misclassified() {
    }

    private record Mistake(String sample, String truth, String predicted, double confidence, double truthProbability,
                           String recording) {
    }

    static Map<String, Object> of(List<List<String>> csv) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("present", csv != null && !csv.isEmpty());
        if (csv == null || csv.isEmpty()) {
            return out;
        }
        List<String> header = csv.get(0);
        int source = header.indexOf("source");
        int window = header.indexOf("window");
        List<Mistake> mistakes = new ArrayList<>();
        for (List<String> row : csv.subList(1, csv.size())) {
            if (row.size() >= 3 && !row.get(1).equals(row.get(2))) {
                String recording = source < 0 || window < 0 || row.size() <= Math.max(source, window) || row.get(source).isEmpty() ? ""
                        : row.get(source) + ", window " + row.get(window);
                mistakes.add(new Mistake(row.get(0), row.get(1), row.get(2), probability(header, row, row.get(2)),
                        probability(header, row, row.get(1)), recording));
            }
        }
        out.put("recordings", source >= 0);
        mistakes.sort(Comparator.comparingDouble((Mistake m) -> -confidenceOrZero(m)).thenComparingDouble(Mistake::truthProbability));
        out.put("samples", csv.size() - 1);
        out.put("count", mistakes.size());
        out.put("rows", mistakes.stream().limit(SHOWN).map(m -> Map.of("sample", m.sample(), "truth", m.truth(),
                "predicted", m.predicted(), "confidence", show(m.confidence()), "truthProbability", show(m.truthProbability()),
                "recording", m.recording()))
                .toList());
        return out;
    }

    /** The probability column {@code p_<class>} of the row; NaN when there is none (an output outside the classes). */
    private static double probability(List<String> header, List<String> row, String className) {
        int column = header.indexOf("p_" + className);
        if (column < 0 || column >= row.size()) {
            return Double.NaN;
        }
        Double p = Reading.number(row.get(column));
        return p == null ? Double.NaN : p;
    }

    private static double confidenceOrZero(Mistake m) {
        return Double.isNaN(m.confidence()) ? 0 : m.confidence();
    }

    private static String show(double p) {
        return Double.isNaN(p) ? Format.UNKNOWN : Format.probability(p);
    }
}
