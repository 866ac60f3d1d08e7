package dev.cvt.runtime.melgen;

import java.util.ArrayList;
import java.util.List;

/**
 * What a reader noticed in one file: lines that are not samples (skipped), sample lines that could
 * not be read (malformed) and rows at the same time as the row before (kept, reported). A malformed
 * line fails the run unless the recipe downgrades it to a counted warning ({@code MALFORMED: warn}).
 */
final class LineDiagnostics {
    private static final int LISTED = 10;

    private final String file;
    private final boolean skipMalformed;
    private final List<Integer> skipped = new ArrayList<>();
    private final List<String> malformed = new ArrayList<>();
    private final List<Integer> duplicateTimes = new ArrayList<>();

    LineDiagnostics(String file, boolean skipMalformed) {
        this.file = file;
        this.skipMalformed = skipMalformed;
    }

    void skipped(int line) {
        skipped.add(line);
    }

    /** A sample line that cannot be read: fatal, or counted when malformed lines are downgraded. */
    void malformed(int line, String problem) {
        String message = file + ":" + line + ": " + problem;
        if (!skipMalformed) {
            throw new InputException(message + " (set MELGEN.MALFORMED: warn to skip such lines)");
        }
        malformed.add(message);
    }

    /** A row with the same time as the previous one: kept, but worth a warning (a logger writing too fast, rows written twice). */
    void duplicateTime(int line) {
        duplicateTimes.add(line);
    }

    int skippedCount() {
        return skipped.size();
    }

    int malformedCount() {
        return malformed.size();
    }

    /** One line per kind of problem, listing the first few line numbers; empty when the file was clean. */
    List<String> report() {
        List<String> lines = new ArrayList<>();
        if (!skipped.isEmpty()) {
            lines.add(file + ": " + skipped.size() + " non-sample line(s) skipped, at line(s) " + firstFew(skipped));
        }
        if (!duplicateTimes.isEmpty()) {
            lines.add(file + ": " + duplicateTimes.size() + " duplicate timestamp(s), first at line " + duplicateTimes.get(0));
        }
        if (!malformed.isEmpty()) {
            lines.add(file + ": " + malformed.size() + " malformed line(s) skipped:");
            malformed.stream().limit(LISTED).forEach(m -> lines.add("  " + m));
            if (malformed.size() > LISTED) {
                lines.add("  ... and " + (malformed.size() - LISTED) + " more");
            }
        }
        return lines;
    }

    private static String firstFew(List<Integer> lines) {
        String listed = lines.stream().limit(LISTED).map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("");
        return lines.size() > LISTED ? listed + ", ..." : listed;
    }

    /** A number from a text field, or null with the problem recorded when it is not a finite number. */
    Double number(String field, int line, String what) {
        String text = field.trim();
        try {
            double v = Double.parseDouble(text);
            if (Double.isFinite(v)) {
                return v;
            }
            malformed(line, what + ": non-finite value '" + text + "'");
        } catch (NumberFormatException e) {
            malformed(line, what + ": not a number: '" + text + "'");
        }
        return null;
    }
}
