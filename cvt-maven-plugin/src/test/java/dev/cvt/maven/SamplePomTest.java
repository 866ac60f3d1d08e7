package dev.cvt.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * {@code mvn cvt:train} / {@code mvn cvt:test} typed on the command line run in the {@code default-cli}
 * execution, which reads the plugin-level configuration only: the sample project keeps there what its
 * goals need (experiment, JVM size, timeout, the gate's skipTests), so the command line gets them too.
 */
class SamplePomTest {
    private static final Path SAMPLE_POM = Path.of("../sample-project/pom.xml");

    @Test
    void whatTheGoalsNeedIsAtPluginLevelWhereDefaultCliReadsIt() throws Exception {
        assertTrue(Files.isRegularFile(SAMPLE_POM), SAMPLE_POM.toAbsolutePath().toString());
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(SAMPLE_POM.toFile()).getDocumentElement();
        Element plugin = null;
        for (Element p : children(child(child(project, "build"), "plugins"), "plugin")) {
            if ("cvt-maven-plugin".equals(child(p, "artifactId").getTextContent())) {
                plugin = p;
            }
        }
        assertNotNull(plugin, "the sample uses the plugin");
        Element configuration = child(plugin, "configuration");
        assertEquals("${sample.experiment}", child(configuration, "experiment").getTextContent());
        assertEquals("-Xmx4g", child(child(configuration, "jvmArgs"), "jvmArg").getTextContent());
        assertNotNull(child(configuration, "timeout"));
        assertEquals("false", child(configuration, "skipTests").getTextContent());
        // the gate is in properties the parameters read by default (cvt.minTop1, ...), for default-cli as well
        Element properties = child(project, "properties");
        assertEquals("95", child(properties, "cvt.minTop1").getTextContent());
        assertEquals("95", child(properties, "cvt.minBalancedAccuracy").getTextContent());
        for (Element execution : children(child(plugin, "executions"), "execution")) {
            Element own = child(execution, "configuration");
            if (own != null) {
                for (String key : List.of("jvmArgs", "timeout", "skipTests", "minTop1", "minBalancedAccuracy")) {
                    assertEquals(null, child(own, key), "execution " + child(execution, "id").getTextContent() + " sets " + key
                            + ": default-cli would not have it");
                }
            }
        }
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }
}
