package dev.cvt.maven;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * Reads {@code <experiments>} from the plugin's {@code <build>} configuration in the effective pom
 * (already interpolated): at plugin level, or else from the first execution that has it.
 */
final class BuildConfiguration {
    private BuildConfiguration() {
    }

    static List<Experiment> experiments(Plugin plugin) {
        if (plugin == null) {
            return List.of();
        }
        List<Experiment> found = experiments(plugin.getConfiguration());
        for (PluginExecution execution : plugin.getExecutions()) {
            if (!found.isEmpty()) {
                break;
            }
            found = experiments(execution.getConfiguration());
        }
        return found;
    }

    /** {@code <experiments><experiment><id/><file/><overrides><KEY>value</KEY>...</overrides></experiment>...}. */
    static List<Experiment> experiments(Object configuration) {
        List<Experiment> experiments = new ArrayList<>();
        if (!(configuration instanceof Xpp3Dom dom) || dom.getChild("experiments") == null) {
            return experiments;
        }
        for (Xpp3Dom entry : dom.getChild("experiments").getChildren()) {
            String file = text(entry.getChild("file"));
            Experiment experiment = new Experiment(text(entry.getChild("id")), file == null ? null : new File(file));
            Xpp3Dom overrides = entry.getChild("overrides");
            if (overrides != null) {
                for (Xpp3Dom override : overrides.getChildren()) {
                    experiment.getOverrides().put(override.getName(), override.getValue() == null ? "" : override.getValue().trim());
                }
            }
            experiments.add(experiment);
        }
        return experiments;
    }

    private static String text(Xpp3Dom node) {
        return node == null || node.getValue() == null || node.getValue().isBlank() ? null : node.getValue().trim();
    }
}
