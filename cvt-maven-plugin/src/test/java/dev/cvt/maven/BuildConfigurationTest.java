package dev.cvt.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3DomBuilder;
import org.junit.jupiter.api.Test;

class BuildConfigurationTest {
    /** A project whose build names this plugin with the given plugin-level and execution-level configurations (either may be null). */
    static MavenProject projectWith(String pluginConfiguration, String executionConfiguration) throws Exception {
        Plugin plugin = new Plugin();
        plugin.setGroupId("dev.cvt");
        plugin.setArtifactId("cvt-maven-plugin");
        if (pluginConfiguration != null) {
            plugin.setConfiguration(Xpp3DomBuilder.build(new StringReader(pluginConfiguration)));
        }
        PluginExecution other = new PluginExecution();
        other.setId("other");
        other.setConfiguration(Xpp3DomBuilder.build(new StringReader("<configuration><minTop1>95</minTop1></configuration>")));
        plugin.addExecution(other);
        if (executionConfiguration != null) {
            PluginExecution execution = new PluginExecution();
            execution.setId("model");
            execution.setConfiguration(Xpp3DomBuilder.build(new StringReader(executionConfiguration)));
            plugin.addExecution(execution);
        }
        Model model = new Model();
        model.setBuild(new Build());
        model.getBuild().addPlugin(plugin);
        return new MavenProject(model);
    }

    private static String describe(List<Experiment> experiments) {
        return experiments.stream().map(e -> e.getId() + " " + e.getFile() + " " + e.getOverrides()).toList().toString();
    }

    @Test
    void thePluginLevelExperimentsWithTheirOverrides() throws Exception {
        MavenProject project = projectWith("""
                <configuration><experiments>
                  <experiment><id>agmel</id><file>src/main/cvt/agmel.yaml</file>
                    <overrides><MELGEN.IMAGE_SIZE>[155, 116]</MELGEN.IMAGE_SIZE><TRAIN.LR> 0.003 </TRAIN.LR><EMPTY/></overrides></experiment>
                  <experiment><file>iq.yaml</file></experiment>
                </experiments></configuration>""", "<configuration><experiments><experiment><id>no</id></experiment></experiments></configuration>");
        List<Experiment> experiments = BuildConfiguration.experiments(project.getPlugin(ReportMojo.PLUGIN_KEY));
        assertEquals(2, experiments.size());
        assertEquals("agmel", experiments.get(0).getId());
        assertEquals(new File("src/main/cvt/agmel.yaml"), experiments.get(0).getFile());
        assertEquals(Map.of("MELGEN.IMAGE_SIZE", "[155, 116]", "TRAIN.LR", "0.003", "EMPTY", ""), experiments.get(0).getOverrides());
        assertEquals(List.of("MELGEN.IMAGE_SIZE", "TRAIN.LR", "EMPTY"), List.copyOf(experiments.get(0).getOverrides().keySet()));
        assertEquals("iq", experiments.get(1).getId());
    }

    @Test
    void orThoseOfTheFirstExecutionThatHasThem() throws Exception {
        MavenProject project = projectWith(null, "<configuration><experiments><experiment><id>x</id><file>x.yaml</file></experiment></experiments></configuration>");
        assertEquals("[x x.yaml {}]", describe(BuildConfiguration.experiments(project.getPlugin(ReportMojo.PLUGIN_KEY))));
    }

    @Test
    void noneWithoutThePluginOrItsExperiments() throws Exception {
        assertEquals(List.of(), BuildConfiguration.experiments(null));
        assertEquals(List.of(), BuildConfiguration.experiments(projectWith("<configuration/>", null).getPlugin(ReportMojo.PLUGIN_KEY)));
    }
}
