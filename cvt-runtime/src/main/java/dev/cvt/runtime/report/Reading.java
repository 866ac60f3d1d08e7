package dev.cvt.runtime.report;

import dev.cvt.runtime.CvtException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the files a run leaves behind: JSON (through SnakeYAML's safe loader, as JSON is YAML),
 * JSON lines and simple CSV. A file that is not there is {@code null} (the report says so); a file
 * that is there but damaged is a {@link CvtException} naming it.
 */
final class Reading {
    private Reading() {
    }

    /** The JSON object in {@code file}, or null when there is no such file. */
    static Map<?, ?> jsonObject(Path file) {
        String text = text(file);
        return text == null ? null : object(text, file.toString());
    }

    /** One JSON object per non-blank line, or null when there is no such file. */
    static List<Map<?, ?>> jsonLines(Path file) {
        String text = text(file);
        if (text == null) {
            return null;
        }
        List<Map<?, ?>> out = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                out.add(object(lines[i], file + ":" + (i + 1)));
            }
        }
        return out;
    }

    /** The rows of a CSV file (header included), or null when there is no such file. */
    static List<List<String>> csv(Path file) {
        String text = text(file);
        if (text == null) {
            return null;
        }
        List<List<String>> rows = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            if (!line.isEmpty()) {
                rows.add(csvLine(line));
            }
        }
        return rows;
    }

    /** The file's text, or null when there is no such file. */
    static String text(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CvtException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * A JSON number as a double; null for a missing value or JSON null (the runtime writes NaN as
     * null). Strings are parsed because YAML 1.1 reads {@code 1.0E10} (no exponent sign) as text.
     */
    static Double number(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static String string(Map<?, ?> map, String key) {
        Object value = map == null ? null : map.get(key);
        return value == null ? "" : value.toString();
    }

    /** One CSV line: fields split on commas, double quotes around fields that hold commas or quotes. */
    static List<String> csvLine(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    /** A YAML file's top-level mapping (the dataset's config.yaml). */
    static Map<?, ?> yaml(String text, Path file) {
        return object(text, file.toString());
    }

    private static Map<?, ?> object(String text, String where) {
        try {
            Object value = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
            if (value instanceof Map<?, ?> map) {
                return map;
            }
        } catch (RuntimeException e) {
            throw new CvtException(where + ": cannot be read (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")", e);
        }
        throw new CvtException(where + ": expected a JSON object (a mapping)");
    }
}
