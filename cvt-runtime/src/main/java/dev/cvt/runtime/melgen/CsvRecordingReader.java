package dev.cvt.runtime.melgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * CSV recordings with a header row: value columns chosen by name, times from a time column in a
 * declared unit or from a fixed sample rate. A recording may span several files (an accelerometer
 * file and a gyroscope file at different rates): they are fused onto one uniform time grid over the
 * span all files cover, by linear interpolation; with ANTI_ALIAS a file faster than the grid is first
 * low-passed below the grid's Nyquist frequency. A single file keeps its own (possibly irregular)
 * timestamps. Times start at 0 at the first row.
 */
final class CsvRecordingReader {
    /**
     * How far above the grid's rate a file's mean rate must be to be low-passed: files meant to run at
     * the grid's rate differ from it by their clocks' drift, and low-passing those whose clock runs fast
     * (but not those whose clock runs slow) would treat recordings of one sensor differently, for the
     * sake of a band at most 1 % of the rate wide.
     */
    static final double RATE_TOLERANCE = 0.01;

    private CsvRecordingReader() {
    }

    /** One file's rows: absolute times in seconds and the requested columns found in it. */
    private record Table(String name, double[] time, Map<String, double[]> columns) {
        double rate() {
            return (time.length - 1) / (time[time.length - 1] - time[0]);
        }
    }

    static Signal read(List<Path> files, List<String> names, Recipe recipe, List<LineDiagnostics> diagnostics) {
        Recipe.CsvLayout layout = recipe.csv();
        if (layout.columns().isEmpty()) {
            throw new InputException(names.get(0) + ": MELGEN.CSV.COLUMNS is empty: name the value columns to read");
        }
        List<Table> tables = new ArrayList<>();
        Map<String, Table> owner = new LinkedHashMap<>();
        for (int f = 0; f < files.size(); f++) {
            Table table = readTable(files.get(f), names.get(f), layout, recipe.sampleRate(), diagnostics.get(f));
            tables.add(table);
            for (String column : table.columns().keySet()) {
                Table other = owner.putIfAbsent(column, table);
                if (other != null) {
                    // which file's values the view should have is ambiguous (two accelerometer files paired by mistake)
                    throw new InputException(String.join(", ", names) + ": column '" + column + "' (MELGEN.CSV.COLUMNS) is in both "
                            + other.name() + " and " + table.name() + ": each value column must come from one file of a recording");
                }
            }
        }
        for (String column : layout.columns()) {
            if (!owner.containsKey(column)) {
                throw new InputException(String.join(", ", names) + ": missing column '" + column + "' (MELGEN.CSV.COLUMNS)");
            }
        }
        if (tables.size() == 1) {
            Table only = tables.get(0);
            double[] time = only.time().clone();
            double t0 = time[0];
            for (int i = 0; i < time.length; i++) {
                time[i] -= t0;
            }
            return new Signal(time, layout.columns().stream().map(c -> only.columns().get(c)).toArray(double[][]::new));
        }
        return fuse(tables, owner, layout, names, recipe.antiAlias());
    }

    private static Signal fuse(List<Table> tables, Map<String, Table> owner, Recipe.CsvLayout layout, List<String> names,
                               boolean antiAlias) {
        double rate = layout.gridRate() > 0 ? layout.gridRate() : tables.stream().mapToDouble(Table::rate).max().orElseThrow();
        if (antiAlias) {
            Map<Table, Table> limited = new IdentityHashMap<>();
            for (Table table : tables) {
                if (Double.isFinite(table.rate()) && table.rate() > rate * (1 + RATE_TOLERANCE)) {
                    limited.put(table, bandLimited(table, rate));
                }
            }
            tables = tables.stream().map(t -> limited.getOrDefault(t, t)).toList();
            owner = new LinkedHashMap<>(owner);
            owner.replaceAll((column, t) -> limited.getOrDefault(t, t));
        }
        // the span every file covers (a low-passed file: its samples at the grid's rate)
        double start = tables.stream().mapToDouble(t -> t.time()[0]).max().orElseThrow();
        double end = tables.stream().mapToDouble(t -> t.time()[t.time().length - 1]).min().orElseThrow();
        if (!(end > start) || !Double.isFinite(rate)) {
            throw new InputException(String.join(", ", names) + ": the files of this recording do not overlap in time");
        }
        int count = (int) Math.floor((end - start) * rate) + 1;
        double[] grid = new double[count];
        for (int i = 0; i < count; i++) {
            grid[i] = start + i / rate;
        }
        double[][] channels = new double[layout.columns().size()][];
        for (int c = 0; c < channels.length; c++) {
            Table table = owner.get(layout.columns().get(c));
            double[] values = table.columns().get(layout.columns().get(c));
            channels[c] = Interpolation.onGrid(table.time(), values, 0, values.length, grid);
        }
        for (int i = 0; i < count; i++) {
            grid[i] -= start;
        }
        return new Signal(grid, channels);
    }

    /**
     * A file faster than the grid at the grid's rate, band-limited by {@link Resampling} (which low-passes
     * below the new Nyquist frequency), its samples at {@code t0 + k / gridRate}; fusing then shifts them
     * by less than a sample onto the common grid, a linear interpolation that folds nothing. Resampling
     * takes evenly spaced samples, so rows with uneven times are first interpolated onto the file's own
     * even grid at its mean rate.
     */
    private static Table bandLimited(Table table, double gridRate) {
        double fileRate = table.rate();
        double factor = gridRate / fileRate;
        if (factor < Resampling.MIN_FACTOR) {
            throw new InputException(String.format(Locale.ROOT, "%s: at %.6g Hz it is over 256 times MELGEN.CSV.GRID_RATE (%.6g Hz), "
                    + "beyond the range of ANTI_ALIAS's resampler: set a higher GRID_RATE, or ANTI_ALIAS false", table.name(),
                    fileRate, gridRate));
        }
        double[] time = table.time();
        double t0 = time[0];
        double[] grid = new double[(int) Math.ceil(time.length * factor)]; // as many as Resampling gives
        if (grid.length < 2) {
            throw new InputException(table.name() + ": its " + time.length + " rows span less than one step of the "
                    + "MELGEN.CSV.GRID_RATE grid: too short to fuse");
        }
        for (int k = 0; k < grid.length; k++) {
            grid[k] = t0 + k / gridRate;
        }
        double[] even = new double[time.length];
        for (int i = 0; i < even.length; i++) {
            even[i] = t0 + i / fileRate;
        }
        Map<String, double[]> columns = new LinkedHashMap<>();
        table.columns().forEach((name, values) -> columns.put(name,
                Resampling.resample(Interpolation.onGrid(time, values, 0, values.length, even), factor)));
        return new Table(table.name(), grid, columns);
    }

    private static Table readTable(Path file, String name, Recipe.CsvLayout layout, double sampleRate, LineDiagnostics diagnostics) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(layout.delimiter()).setIgnoreSurroundingSpaces(true)
                .setIgnoreEmptyLines(false).get(); // blank lines come back as records, so every line is counted below
        int line = 1;
        try (CSVParser parser = CSVParser.parse(csvText(file), format)) {
            Iterator<CSVRecord> records = parser.iterator();
            CSVRecord header = records.hasNext() ? records.next() : null;
            if (header == null || blank(header)) {
                throw new InputException(name + ": empty file (expected a header row)");
            }
            List<String> headers = header.toList();
            boolean timed = !layout.timeColumn().isEmpty();
            int timeIndex = headers.indexOf(layout.timeColumn());
            if (timed && timeIndex < 0) {
                throw new InputException(name + ":1: no time column '" + layout.timeColumn() + "' in header " + headers);
            }
            List<String> wanted = layout.columns().stream().filter(headers::contains).toList();
            int[] indexes = wanted.stream().mapToInt(headers::indexOf).toArray();
            DoubleColumns values = new DoubleColumns(indexes.length + 1);
            double[] row = new double[indexes.length + 1];
            TimeParser times = new TimeParser(layout.timeUnit());
            // a record starts on the line after those the parser has consumed (a quoted field may span lines)
            for (line = (int) parser.getCurrentLineNumber() + 1; records.hasNext(); line = (int) parser.getCurrentLineNumber() + 1) {
                CSVRecord record = records.next();
                if (blank(record)) {
                    continue;
                }
                if (record.size() != headers.size()) {
                    diagnostics.malformed(line, "expected " + headers.size() + " columns, found " + record.size());
                    continue;
                }
                Double t = timed ? times.seconds(record.get(timeIndex), line, diagnostics) : Double.valueOf(values.size() / sampleRate);
                boolean ok = t != null;
                for (int c = 0; c < indexes.length && ok; c++) {
                    Double v = diagnostics.number(record.get(indexes[c]), line, "column '" + wanted.get(c) + "'");
                    ok = v != null;
                    row[c + 1] = ok ? v : 0;
                }
                if (ok) {
                    row[0] = t;
                    values.add(row);
                }
            }
            if (values.size() < 2) {
                throw new InputException(name + ": " + values.size() + " data row(s); a recording needs at least 2");
            }
            double[][] arrays = values.toArrays();
            Map<String, double[]> columns = new LinkedHashMap<>();
            for (int c = 0; c < wanted.size(); c++) {
                columns.put(wanted.get(c), arrays[c + 1]);
            }
            return new Table(name, arrays[0], columns);
        } catch (UncheckedIOException e) {
            // broken quoting: the parser cannot tell where the record ends, so no later line can be trusted
            throw new InputException(name + ":" + line + ": bad quoting: " + e.getCause().getMessage());
        } catch (IOException e) {
            throw new InputException(name + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /**
     * The file's text with its lines as {@link TextLines} splits them, so that the parser counts the lines
     * editors show (it would take the first {@code \r} of a {@code \r\r\n} ending for a line break of its own).
     */
    private static String csvText(Path file) throws IOException {
        String text = String.join("\n", TextLines.read(file, StandardCharsets.UTF_8));
        return text.startsWith("\uFEFF") ? text.substring(1) : text; // a byte-order mark is not part of the first column's name
    }

    private static boolean blank(CSVRecord record) {
        return record.size() == 1 && record.get(0).isEmpty();
    }

    /** Parses one time unit and keeps times non-decreasing (wall clocks wrap at midnight). */
    private static final class TimeParser {
        private final String unit;
        private double previous = Double.NEGATIVE_INFINITY;
        private double dayOffset;

        TimeParser(String unit) {
            this.unit = unit;
        }

        Double seconds(String text, int line, LineDiagnostics diagnostics) {
            Double t = parse(text);
            if (t == null) {
                diagnostics.malformed(line, "time '" + text + "' is not " + describe());
                return null;
            }
            if ("hms".equals(unit) && t + dayOffset < previous - 12 * 3600) {
                dayOffset += 24 * 3600; // past midnight
            }
            t += dayOffset;
            if (t < previous) {
                diagnostics.malformed(line, "time '" + text + "' goes back from the previous row");
                return null;
            }
            if (t == previous) {
                diagnostics.duplicateTime(line);
            }
            previous = t;
            return t;
        }

        private Double parse(String text) {
            try {
                double t = switch (unit) {
                    case "epoch_ms" -> Double.parseDouble(text) / 1000.0;
                    case "seconds" -> Double.parseDouble(text);
                    case "hms" -> hms(text);
                    case "iso" -> iso(text);
                    default -> throw new IllegalStateException(unit);
                };
                return Double.isFinite(t) ? t : null;
            } catch (NumberFormatException | DateTimeParseException e) {
                return null;
            }
        }

        /** {@code HH-MM-SS.mmm}, the seconds not always zero-padded ({@code 10-39-0.156}). */
        private static double hms(String text) {
            String[] parts = text.split("-");
            if (parts.length != 3) {
                throw new NumberFormatException(text);
            }
            return Integer.parseInt(parts[0]) * 3600.0 + Integer.parseInt(parts[1]) * 60.0 + Double.parseDouble(parts[2]);
        }

        private static double iso(String text) {
            Instant instant;
            if (text.endsWith("Z")) {
                instant = Instant.parse(text);
            } else if (text.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                instant = OffsetDateTime.parse(text).toInstant();
            } else {
                instant = LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            }
            return instant.getEpochSecond() + instant.getNano() / 1e9;
        }

        private String describe() {
            return switch (unit) {
                case "epoch_ms" -> "milliseconds since the epoch";
                case "seconds" -> "a number of seconds";
                case "hms" -> "HH-MM-SS.mmm";
                default -> "an ISO-8601 timestamp";
            };
        }
    }
}
