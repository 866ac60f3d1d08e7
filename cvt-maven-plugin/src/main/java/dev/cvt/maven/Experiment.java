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

    /** cvt:test's minimum top-1 accuracy in percent for this experiment; unset = the plugin's {@code minTop1}. */
    private Double minTop1;

    /** cvt:test's minimum top-5 accuracy in percent for this experiment; unset = the plugin's {@code minTop5}. */
    private Double minTop5;

    /** cvt:test's minimum balanced accuracy in percent for this experiment; unset = the plugin's {@code minBalancedAccuracy}. */
    private Double minBalancedAccuracy;

    /** cvt:test's minimum macro-F1 in percent for this experiment; unset = the plugin's {@code minMacroF1}. */
    private Double minMacroF1;

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

    /** This experiment's own minimums; those unset fall back to the plugin's ({@link QualityGate#orElse}). */
    QualityGate gate() {
        return new QualityGate(minTop1, minTop5, minBalancedAccuracy, minMacroF1);
    }

    void setGate(QualityGate gate) {
        minTop1 = gate.minTop1();
        minTop5 = gate.minTop5();
        minBalancedAccuracy = gate.minBalancedAccuracy();
        minMacroF1 = gate.minMacroF1();
    }
}
