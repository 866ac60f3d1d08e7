package dev.cvt.runtime.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.representer.Representer;

/** SnakeYAML, safe loading only: plain maps, lists and scalars; never arbitrary Java types. */
final class YamlFiles {
    /**
     * Experiment files are a few KB. A much larger file is not one, and SnakeYAML spends minutes on a
     * single huge scalar before its own size limit fires, so the size is checked before parsing.
     */
    static final long MAX_FILE_BYTES = 1 << 20;

    private YamlFiles() {
    }

    static Yaml safeYaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options));
    }

    /** A parsed YAML file: its top-level mapping and the line of every key path in it. */
    record Parsed(Map<String, Object> tree, Map<String, Integer> lines) {
    }

    static Parsed read(Path file) {
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ConfigException(file + ": " + size + " bytes; an experiment file may be at most 1 MiB ("
                        + MAX_FILE_BYTES + " bytes): is this the experiment file?");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the experiment file (" + e.getMessage() + ")");
        }
        try {
            Object loaded = safeYaml().load(text);
            Map<String, Object> tree = loaded == null ? new LinkedHashMap<>() : mapping(loaded, file.toString());
            Map<String, Integer> lines = new LinkedHashMap<>();
            try (Reader reader = new java.io.StringReader(text)) {
                Node root = safeYaml().compose(reader);
                if (root != null) {
                    recordLines(root, "", lines);
                }
            }
            return new Parsed(tree, lines);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ConfigException(file + ":" + line + ": not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigException(file + ": not valid YAML: " + e.getMessage());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the experiment file (" + e.getMessage() + ")");
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> mapping(Object loaded, String source) {
        if (!(loaded instanceof Map<?, ?> map)) {
            throw new ConfigException(source + ": the top level must be a mapping of sections (KEY: value)");
        }
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                throw new ConfigException(source + ": key " + key + " is not a string");
            }
        }
        return (Map<String, Object>) map;
    }

    private static void recordLines(Node node, String prefix, Map<String, Integer> lines) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    String path = prefix.isEmpty() ? key.getValue() : prefix + "." + key.getValue();
                    lines.put(path, key.getStartMark().getLine() + 1);
                    recordLines(tuple.getValueNode(), path, lines);
                }
            }
        } else if (node instanceof SequenceNode sequence) {
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                String path = prefix + "[" + i + "]";
                lines.put(path, items.get(i).getStartMark().getLine() + 1);
                recordLines(items.get(i), path, lines);
            }
        }
    }

    /** Block-style YAML of a config tree, readable and loadable again. */
    static String dump(Map<String, Object> tree) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(120);
        return new Yaml(new Representer(options), options).dump(tree);
    }
}
