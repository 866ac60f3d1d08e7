package dev.cvt.runtime.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code MODEL.SPEC}'s keys depend on {@code MODEL.NAME}: {@code backbones.yaml} holds, per backbone, the
 * keys with their defaults (their types, as in {@code defaults.yaml}) and the presets. The loader keeps
 * MODEL.SPEC as written while merging (the name may come later, in another file or an override), then
 * checks it here against the named backbone and fills it in: defaults, the preset's values, the
 * experiment's keys.
 */
final class BackboneSchemas {
    static final String NAME = "MODEL.NAME";
    static final String SPEC = "MODEL.SPEC";
    private static final String PRESET = "PRESET";
    private static final Map<String, Map<String, Object>> SCHEMAS = read();

    private BackboneSchemas() {
    }

    static List<String> names() {
        return List.copyOf(SCHEMAS.keySet());
    }

    /**
     * Called before a file or an override is merged: when it names another backbone than an earlier file or
     * override did, the spec written for that one is dropped, so that an experiment can take a BASE file's
     * recipe with another backbone. (A spec written under the default name is kept: whichever name is set
     * last decides what it may hold.)
     */
    @SuppressWarnings("unchecked")
    static void beforeMerge(Map<String, Object> tree, Map<String, String> origins, Map<String, Object> source) {
        if (!(source.get("MODEL") instanceof Map<?, ?> model) || !(model.get("NAME") instanceof String name)
                || !origins.containsKey(NAME)) {
            return;
        }
        Map<String, Object> current = (Map<String, Object>) tree.get("MODEL");
        if (!name.equals(current.get("NAME"))) {
            current.put("SPEC", new LinkedHashMap<>());
            origins.keySet().removeIf(p -> p.startsWith(SPEC + "."));
        }
    }

    /**
     * Replaces MODEL.SPEC in {@code tree} with the named backbone's complete spec.
     *
     * @throws ConfigException for an unknown name, preset or key, or a value of the wrong type, naming where it was set
     */
    @SuppressWarnings("unchecked")
    static void resolve(Map<String, Object> tree, Map<String, String> origins, ConfigLoader.Locator locator) {
        Map<String, Object> model = (Map<String, Object>) tree.get("MODEL");
        String name = (String) model.get("NAME");
        Map<String, Object> schema = SCHEMAS.get(name);
        if (schema == null) {
            throw new ConfigException(locator.where(NAME) + ": MODEL.NAME is '" + name + "'; known backbones: "
                    + String.join(", ", SCHEMAS.keySet()));
        }
        Map<String, Object> keys = (Map<String, Object>) schema.get("SPEC");
        Map<String, Object> written = (Map<String, Object>) model.get("SPEC");
        Map<String, Object> spec = (Map<String, Object>) ConfigSchema.deepCopy(keys);
        for (Map.Entry<String, Object> e : written.entrySet()) {
            String path = SPEC + "." + e.getKey();
            if (!keys.containsKey(e.getKey())) {
                StringBuilder message = new StringBuilder(locator.where(path) + ": unknown key " + path + " for MODEL.NAME " + name);
                KeySuggester.nearest(e.getKey(), keys.keySet())
                        .ifPresent(s -> message.append(" (did you mean ").append(SPEC).append('.').append(s).append("?)"));
                message.append("; ").append(name).append(" takes ").append(String.join(", ", keys.keySet()));
                throw new ConfigException(message.toString());
            }
            String where = locator.where(path);
            spec.put(e.getKey(), ConfigSchema.coerce(keys.get(e.getKey()), e.getValue(), path, where, where.startsWith("override ")));
        }
        String preset = (String) spec.get(PRESET);
        if (!preset.isEmpty()) {
            Map<String, Object> presets = (Map<String, Object>) schema.get("PRESETS");
            Map<String, Object> values = (Map<String, Object>) presets.get(preset);
            if (values == null) {
                throw new ConfigException(locator.where(SPEC + "." + PRESET) + ": MODEL.SPEC.PRESET is '" + preset + "'; "
                        + name + " has " + String.join(", ", presets.keySet()));
            }
            values.forEach((key, value) -> {
                if (!written.containsKey(key)) {
                    String where = locator.where(SPEC + "." + PRESET) + " (preset " + preset + ")";
                    spec.put(key, ConfigSchema.coerce(keys.get(key), value, SPEC + "." + key, where, false));
                    origins.put(SPEC + "." + key, where);
                }
            });
        }
        model.put("SPEC", spec);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> read() {
        try (InputStream in = BackboneSchemas.class.getResourceAsStream("backbones.yaml")) {
            Map<String, Map<String, Object>> schemas = new LinkedHashMap<>();
            YamlFiles.mapping(YamlFiles.safeYaml().load(in), "backbones.yaml").forEach((k, v) -> schemas.put(k, (Map<String, Object>) v));
            return schemas;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every preset of every backbone, as (name, preset): for tests that each one resolves. */
    @SuppressWarnings("unchecked")
    static List<List<String>> presets() {
        List<List<String>> out = new ArrayList<>();
        SCHEMAS.forEach((name, schema) -> ((Map<String, Object>) schema.get("PRESETS")).keySet()
                .forEach(p -> out.add(List.of(name, p))));
        return out;
    }
}
