package dev.cvt.runtime.report;

import dev.cvt.runtime.CvtException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the text files a run and melgen leave behind besides the JSON records: CSV, the model summary,
 * YAML configs. A file that is not there is {@code null} (the report says so); a file that is there
 * but damaged is a {@link CvtException} naming it.
 */
final class Reading {
    private Reading() {
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

    /** A number of a CSV field or a YAML value as a double; null when it is missing or not a number. */
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

    /** A YAML file's top-level mapping (the dataset's config.yaml). */
    static Map<?, ?> yaml(String text, Path file) {
        String where = file.toString();
        try {
            Object value = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
            if (value instanceof Map<?, ?> map) {
                return map;
            }
        } catch (RuntimeException e) {
            throw new CvtException(where + ": cannot be read (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")", e);
        }
        throw new CvtException(where + ": expected a mapping");
    }
}
