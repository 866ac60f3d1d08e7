package dev.cvt.runtime.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Loads an experiment the way the original yacs code did (defaults, then each BASE file relative
 * to the including file, then the file, then {@code KEY VALUE} overrides), but strictly: an unknown
 * key or a value of the wrong type is an error naming the file, line and key, with the nearest
 * valid key as a hint.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /** The backbones {@code MODEL.NAME} may name (backbones.yaml), in its order. */
    public static List<String> backbones() {
        return BackboneSchemas.names();
    }

    /** Defaults only, plus overrides: for tests and for runs configured entirely by overrides. */
    public static ExperimentConfig defaults(List<String> overrides) {
        return load(null, overrides);
    }

    /**
     * @param file      the experiment YAML, or null for defaults only
     * @param overrides alternating keys and values, as on the command line ({@code TRAIN.END_EPOCH 3})
     */
    public static ExperimentConfig load(Path file, List<String> overrides) {
        Map<String, Object> tree = ConfigSchema.defaults();
        Map<String, String> origins = new HashMap<>();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(file + ": experiment file not found");
            }
            mergeFile(tree, origins, file.toAbsolutePath().normalize(), new ArrayDeque<>());
        }
        applyOverrides(tree, origins, overrides);
        BackboneSchemas.resolve(tree, origins, path -> new ExperimentConfig(tree, origins, file).origin(path));
        AudioDefaults.resolve(tree, origins);
        // the includes are merged in: the effective config stands alone
        tree.put("BASE", new ArrayList<>(List.of("")));
        derive(tree, file);
        return new ExperimentConfig(tree, origins, file);
    }

    /** Defaults overlaid with a tree read from elsewhere (a model's sidecar file), checked like a file. */
    public static ExperimentConfig fromTree(Map<String, Object> source, String name) {
        Map<String, Object> tree = ConfigSchema.defaults();
        Map<String, String> origins = new HashMap<>();
        merge(tree, source, "", path -> name, origins, false);
        BackboneSchemas.resolve(tree, origins, path -> name);
        AudioDefaults.resolve(tree, origins);
        return new ExperimentConfig(tree, origins, null);
    }

    private static void mergeFile(Map<String, Object> tree, Map<String, String> origins, Path file, Deque<Path> including) {
        if (including.contains(file)) {
            throw new ConfigException(file + ": BASE includes form a cycle: " + including);
        }
        YamlFiles.Parsed parsed = YamlFiles.read(file);
        including.push(file);
        Object bases = parsed.tree().get("BASE");
        if (bases != null) {
            if (!(bases instanceof List<?> list)) {
                throw new ConfigException(file + ":" + parsed.lines().get("BASE") + ": BASE must be a list of file names");
            }
            for (Object base : list) {
                if (base != null && !String.valueOf(base).isEmpty()) {
                    Path basePath = file.getParent().resolve(String.valueOf(base)).normalize();
                    if (!Files.isRegularFile(basePath)) {
                        throw new ConfigException(file + ":" + parsed.lines().get("BASE") + ": BASE file not found: " + basePath);
                    }
                    mergeFile(tree, origins, basePath, including);
                }
            }
        }
        including.pop();
        BackboneSchemas.beforeMerge(tree, origins, parsed.tree());
        merge(tree, parsed.tree(), "", path -> file + ":" + parsed.lines().getOrDefault(path, 0), origins, false);
        // lines of entries inside list values (MELGEN.CLASSES[1].TRIM) too, for later checks of those entries
        parsed.lines().forEach((path, line) -> origins.put(path, file + ":" + line));
    }

    interface Locator {
        String where(String path);
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> target, Map<String, Object> source, String prefix,
                              Locator locator, Map<String, String> origins, boolean textual) {
        boolean open = ConfigSchema.isOpen(prefix);
        // MODEL.SPEC is kept as written until MODEL.NAME, known only at the end, says what it may hold
        boolean asWritten = BackboneSchemas.SPEC.equals(prefix);
        for (Map.Entry<String, Object> entry : source.entrySet()) {
            String key = entry.getKey();
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            Object value = entry.getValue();
            String where = locator.where(path);
            if (!target.containsKey(key) || asWritten) {
                if (!open && !asWritten) {
                    throw unknownKey(path, where, prefix, target);
                }
                target.put(key, ConfigSchema.deepCopy(value));
            } else if (target.get(key) instanceof Map<?, ?> section) {
                if (!(value instanceof Map<?, ?> sub)) {
                    throw new ConfigException(where + ": " + path + " is a section; it must hold keys, not "
                            + ConfigSchema.describe(value));
                }
                merge((Map<String, Object>) section, (Map<String, Object>) sub, path, locator, origins, textual);
            } else {
                target.put(key, ConfigSchema.coerce(target.get(key), value, path, where, textual));
            }
            if (target.get(key) instanceof Map) {
                origins.putIfAbsent(path, where);
            } else {
                // a new value replaces whatever the old one held, its entries' origins too
                origins.keySet().removeIf(p -> p.startsWith(path + ".") || p.startsWith(path + "["));
                origins.put(path, where);
            }
        }
    }

    /**
     * Checks an entry of a list value (a MELGEN class, a recording) against {@code base}: only its keys,
     * with their types; returns base overlaid with the entry. Errors name {@code path} and its origin.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> overlay(Map<String, Object> base, Object entry, String path, Locator locator) {
        if (!(entry instanceof Map<?, ?> map)) {
            throw new ConfigException(locator.where(path) + ": " + path + " must be a mapping of keys, not "
                    + ConfigSchema.describe(entry));
        }
        Map<String, Object> merged = (Map<String, Object>) ConfigSchema.deepCopy(base);
        merge(merged, (Map<String, Object>) map, path, locator, new HashMap<>(), false);
        return merged;
    }

    private static ConfigException unknownKey(String path, String where, String prefix, Map<String, Object> siblings) {
        StringBuilder message = new StringBuilder(where + ": unknown key " + path);
        KeySuggester.nearest(path.substring(prefix.isEmpty() ? 0 : prefix.length() + 1), siblings.keySet())
                .map(s -> prefix.isEmpty() ? s : prefix + "." + s)
                .or(() -> KeySuggester.nearest(path, allPaths(ConfigSchema.defaults(), "")))
                .ifPresent(s -> message.append(" (did you mean ").append(s).append("?)"));
        return new ConfigException(message.toString());
    }

    @SuppressWarnings("unchecked")
    private static List<String> allPaths(Map<String, Object> tree, String prefix) {
        List<String> paths = new ArrayList<>();
        tree.forEach((k, v) -> {
            String path = prefix.isEmpty() ? k : prefix + "." + k;
            paths.add(path);
            if (v instanceof Map) {
                paths.addAll(allPaths((Map<String, Object>) v, path));
            }
        });
        return paths;
    }

    private static void applyOverrides(Map<String, Object> tree, Map<String, String> origins, List<String> overrides) {
        if (overrides.size() % 2 != 0) {
            throw new ConfigException("overrides must be KEY VALUE pairs; '" + overrides.get(overrides.size() - 1)
                    + "' has no value");
        }
        for (int i = 0; i < overrides.size(); i += 2) {
            String key = overrides.get(i);
            String text = overrides.get(i + 1);
            if (key.isEmpty() || key.startsWith(".") || key.endsWith(".")) {
                throw new ConfigException("override '" + key + "': not a KEY.PATH");
            }
            Map<String, Object> nested = new LinkedHashMap<>();
            Map<String, Object> leaf = nested;
            String[] parts = key.split("\\.");
            for (int p = 0; p < parts.length - 1; p++) {
                Map<String, Object> next = new LinkedHashMap<>();
                leaf.put(parts[p], next);
                leaf = next;
            }
            leaf.put(parts[parts.length - 1], parseValue(text));
            BackboneSchemas.beforeMerge(tree, origins, nested);
            merge(tree, nested, "", path -> "override " + key + " " + text, origins, true);
        }
    }

    /** A command-line value read as YAML ("3" is a number, "[64, 64]" a list); anything else stays text. */
    private static Object parseValue(String text) {
        try {
            return YamlFiles.safeYaml().load(text);
        } catch (YAMLException e) {
            return text;
        }
    }

    /** The derived values the original computed at load time (lib/config/default.py update_config). */
    @SuppressWarnings("unchecked")
    private static void derive(Map<String, Object> tree, Path file) {
        // the original prefixed NAME with the file name; doing it only while NAME is empty keeps
        // the written effective config loadable to the same values
        if (file != null && "".equals(tree.get("NAME"))) {
            tree.put("NAME", file.getFileName().toString().replaceFirst("\\.[^.]*$", ""));
        }
        Map<String, Object> train = (Map<String, Object>) tree.get("TRAIN");
        Map<String, Object> scheduler = (Map<String, Object>) train.get("LR_SCHEDULER");
        if ("timm".equals(scheduler.get("METHOD")) && scheduler.get("ARGS") instanceof Map<?, ?> args) {
            ((Map<String, Object>) args).put("epochs", train.get("END_EPOCH"));
        }
        Map<String, Object> aug = (Map<String, Object>) tree.get("AUG");
        if ((Double) aug.get("MIXUP") > 0 || (Double) aug.get("MIXCUT") > 0 || !((List<?>) aug.get("MIXCUT_MINMAX")).isEmpty()) {
            aug.put("MIXUP_PROB", 1.0);
        }
    }
}
