package dev.cvt.runtime.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The known keys, their defaults and their types: {@code defaults.yaml}. As in yacs, a value's type
 * is the type of its default; a few sections are open (any key allowed) because they carry the
 * arguments of other libraries (timm schedulers, optimizers, augmentations).
 */
final class ConfigSchema {
    /** Sections whose keys are free-form, as {@code CN(new_allowed=True)} in the original. */
    static final Set<String> OPEN_SECTIONS = Set.of(
            "LOSS", "AUG.TIMM_AUG", "TRAIN.LR_SCHEDULER", "TRAIN.OPTIMIZER_ARGS", "FINETUNE.LR_SCHEDULER");

    /** List keys that may also be the word {@code auto} (computed from the data). */
    private static final Set<String> AUTO_LISTS = Set.of("INPUT.MEAN", "INPUT.STD");

    /**
     * String keys that may also be written as a plain number (a word or a number, such as
     * {@code MELGEN.REF: max} or {@code 1.0}): the number is kept as its text, for the reader to parse.
     */
    private static final Set<String> WORD_OR_NUMBER = Set.of("MELGEN.REF");

    private ConfigSchema() {
    }

    /** A fresh, mutable copy of the defaults tree. */
    static Map<String, Object> defaults() {
        try (InputStream in = ConfigSchema.class.getResourceAsStream("defaults.yaml")) {
            return YamlFiles.mapping(YamlFiles.safeYaml().load(in), "defaults.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isOpen(String sectionPath) {
        return OPEN_SECTIONS.contains(sectionPath);
    }

    /**
     * {@code value} converted to the type of {@code current} (the default or the value merged so far),
     * or a {@link ConfigException} naming {@code path} and {@code where}. Integers widen to floats;
     * {@code textual} values (command-line overrides, which cannot be quoted) may become strings.
     */
    static Object coerce(Object current, Object value, String path, String where, boolean textual) {
        if (current == null || (AUTO_LISTS.contains(path) && "auto".equals(value))) {
            return value;
        }
        if (current instanceof List<?> defaults) {
            if (!(value instanceof List<?> values)) {
                throw typeError(path, where, "a list", value);
            }
            List<Object> out = new ArrayList<>(values.size());
            Object elementDefault = defaults.isEmpty() ? null : defaults.get(0);
            for (int i = 0; i < values.size(); i++) {
                out.add(coerce(elementDefault, values.get(i), path + "[" + i + "]", where, textual));
            }
            return out;
        }
        if (current instanceof Map) {
            // a mapping inside a list (a MELGEN class entry): its keys are checked by whoever reads it
            if (value instanceof Map) {
                return deepCopy(value);
            }
            throw typeError(path, where, "a mapping", value);
        }
        if (current instanceof Boolean) {
            if (value instanceof Boolean) {
                return value;
            }
            throw typeError(path, where, "true or false", value);
        }
        if (current instanceof Integer || current instanceof Long) {
            if ((value instanceof Integer || value instanceof Long)
                    && ((Number) value).longValue() == ((Number) value).intValue()) {
                return ((Number) value).intValue();
            }
            throw typeError(path, where, "an integer", value);
        }
        if (current instanceof Double) {
            if (value instanceof Number n && !(value instanceof java.math.BigInteger)) {
                return n.doubleValue();
            }
            throw typeError(path, where, "a number", value);
        }
        if (current instanceof String) {
            if (value == null) {
                return "";
            }
            if (value instanceof String) {
                return value;
            }
            if (WORD_OR_NUMBER.contains(path) && value instanceof Number n && !(value instanceof java.math.BigInteger)) {
                return String.valueOf(n.doubleValue());
            }
            if (textual && !(value instanceof Map) && !(value instanceof List)) {
                return String.valueOf(value);
            }
            throw typeError(path, where, "a string", value);
        }
        throw new IllegalStateException("unsupported default type at " + path + ": " + current.getClass());
    }

    private static ConfigException typeError(String path, String where, String expected, Object value) {
        return new ConfigException(where + ": " + path + " must be " + expected + ", not " + describe(value));
    }

    static String describe(Object value) {
        if (value == null) {
            return "an empty value";
        }
        if (value instanceof Map) {
            return "a section";
        }
        if (value instanceof List) {
            return "a list " + value;
        }
        if (value instanceof String) {
            return "the string '" + value + "'";
        }
        if (value instanceof Boolean) {
            return "the boolean " + value;
        }
        return (value instanceof Double ? "the number " : "the integer ") + value;
    }

    /** Deep copy of a config tree, so merged trees never share mutable parts. */
    @SuppressWarnings("unchecked")
    static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, deepCopy(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(deepCopy(v)));
            return copy;
        }
        return value;
    }
}
