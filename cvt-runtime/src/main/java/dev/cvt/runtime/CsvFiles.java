package dev.cvt.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The CSV files the runtime writes and reads back (manifest.csv, counts.csv, predictions.csv), with
 * Apache commons-csv: RFC 4180 quoting (a field holding a comma, a quote or a line break is quoted),
 * lines ending in {@code \n}.
 */
public final class CsvFiles {
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();

    private CsvFiles() {
    }

    /** The rows (a header first) as CSV text. */
    public static String text(List<? extends List<?>> rows) {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(out, FORMAT)) {
            for (List<?> row : rows) {
                printer.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a StringBuilder does not fail", e);
        }
        return out.toString();
    }

    /** The rows of {@code file} (its header first), or null when there is no such file; damage is a {@link CvtException}. */
    public static List<List<String>> readIfPresent(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (CSVParser parser = CSVParser.parse(file, StandardCharsets.UTF_8, FORMAT)) {
            List<List<String>> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                rows.add(record.toList());
            }
            return rows;
        } catch (IOException | UncheckedIOException e) {
            throw new CvtException(file + ": cannot be read as CSV (" + e.getMessage() + ")", e);
        }
    }
}
