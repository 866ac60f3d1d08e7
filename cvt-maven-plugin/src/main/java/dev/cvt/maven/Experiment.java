package dev.cvt.maven;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One experiment declared in the pom: an experiment YAML, an id, and overrides of its keys
 * ({@code <TRAIN.END_EPOCH>3</TRAIN.END_EPOCH>}).
 */
public class Experiment {
    /** Name of the experiment in logs; defaults to the YAML file name without extension. */
    private String id;

    /** The experiment YAML (the original project's schema plus MELGEN). */
    private File file;

    /** Keys of the YAML to override, as in {@code KEY VALUE} on the command line. */
    private Map<String, String> overrides = new LinkedHashMap<>();

    public Experiment() {
    }

    Experiment(String id, File file) {
        this.id = id;
        this.file = file;
    }

    public String getId() {
        if (id != null) {
            return id;
        }
        return file == null ? "(no id)" : file.getName().replaceFirst("\\.[^.]*$", "");
    }

    public File getFile() {
        return file;
    }

    public Map<String, String> getOverrides() {
        return overrides;
    }
}
