package dev.cvt.runtime.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The effective (merged) configuration of one experiment: defaults, BASE files, the experiment file,
 * then overrides. Immutable; values are read by dotted key path ({@code TRAIN.END_EPOCH}).
 */
public final class ExperimentConfig {
    private final Map<String, Object> tree;
    private final Map<String, String> origins;
    private final Path file;

    ExperimentConfig(Map<String, Object> tree, Map<String, String> origins, Path file) {
        this.tree = tree;
        this.origins = origins;
        this.file = file;
    }

    /** The experiment file this config was loaded from, or null when built from defaults only. */
    public Path file() {
        return file;
    }

    /** Where the value of {@code path} was set ("exp.yaml:12", "override TRAIN.LR", "default"), for messages. */
    public String origin(String path) {
        for (String p = path; !p.isEmpty(); p = parent(p)) {
            String where = origins.get(p);
            if (where != null) {
                return where;
            }
        }
        return file == null ? "default" : file.toString();
    }

    public Object get(String path) {
        Object node = tree;
        for (String key : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
                throw new IllegalArgumentException("no config key " + path);
            }
            node = map.get(key);
        }
        return node;
    }

    public String string(String path) {
        return (String) get(path);
    }

    public int integer(String path) {
        return (Integer) get(path);
    }

    /** An integer that must be at least {@code min}; else a {@link ConfigException} naming the key and where it was set. */
    public int integerAtLeast(String path, int min) {
        int value = integer(path);
        if (value < min) {
            throw new ConfigException(origin(path) + ": " + path + " is " + value + "; it must be at least " + min);
        }
        return value;
    }

    public double number(String path) {
        return ((Number) get(path)).doubleValue();
    }

    public boolean bool(String path) {
        return (Boolean) get(path);
    }

    @SuppressWarnings("unchecked")
    public List<Object> list(String path) {
        return Collections.unmodifiableList((List<Object>) get(path));
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> section(String path) {
        return Collections.unmodifiableMap((Map<String, Object>) get(path));
    }

    /**
     * An entry of a list value (such as one of {@code MELGEN.CLASSES}) checked against {@code base}: every key
     * of the entry must be a key of base, with base's type. Returns base overlaid with the entry.
     */
    public Map<String, Object> overlay(Map<String, Object> base, Object entry, String path) {
        return Collections.unmodifiableMap(ConfigLoader.overlay(base, entry, path, this::origin));
    }

    /**
     * Every value by its dotted key path ({@code TRAIN.LR}), sections flattened and list values kept whole,
     * as text ({@code [64, 64]}), in the tree's order: what fingerprints hash and change reports compare.
     */
    public Map<String, String> values() {
        Map<String, String> out = new LinkedHashMap<>();
        flatten(tree, "", out);
        return out;
    }

    /** Whether the key path is one of {@code sections} or inside one ({@code TRAIN.LR} is inside {@code TRAIN}). */
    public static boolean within(String key, List<String> sections) {
        return sections.stream().anyMatch(s -> key.equals(s) || key.startsWith(s + "."));
    }

    private static void flatten(Map<?, ?> section, String prefix, Map<String, String> out) {
        section.forEach((key, value) -> {
            String path = prefix + key;
            if (value instanceof Map<?, ?> sub) {
                flatten(sub, path + ".", out);
            } else {
                out.put(path, String.valueOf(value));
            }
        });
    }

    /**
     * This config with one value replaced (a key the runtime sets itself, such as DATASET.FOLD for each
     * fold of a cross-validation); {@code why} is the value's origin in messages.
     */
    public ExperimentConfig with(String path, Object value, String why) {
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) ConfigSchema.deepCopy(tree);
        Map<String, Object> section = copy;
        String[] keys = path.split("\\.");
        for (int i = 0; i < keys.length - 1; i++) {
            section = asMap(section.get(keys[i]), path);
        }
        if (!section.containsKey(keys[keys.length - 1])) {
            throw new IllegalArgumentException("no config key " + path);
        }
        section.put(keys[keys.length - 1], value);
        Map<String, String> newOrigins = new LinkedHashMap<>(origins);
        newOrigins.put(path, why);
        return new ExperimentConfig(copy, newOrigins, file);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object node, String path) {
        if (!(node instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("no config key " + path);
        }
        return (Map<String, Object>) node;
    }

    /** The whole tree as YAML: loading it back (with no overrides) reproduces this config. */
    public String toYaml() {
        return YamlFiles.dump(tree);
    }

    static String parent(String path) {
        int dot = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return dot < 0 ? "" : path.substring(0, dot);
    }
}
