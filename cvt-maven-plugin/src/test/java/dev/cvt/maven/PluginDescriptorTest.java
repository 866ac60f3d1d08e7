package dev.cvt.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The properties and phases users type, as Maven will read them from the generated plugin.xml
 * (the harness tests set fields directly and cannot see these).
 */
class PluginDescriptorTest {
    private static Element mojo(String goal) throws Exception {
        try (InputStream in = PluginDescriptorTest.class.getResourceAsStream("/META-INF/maven/plugin.xml")) {
            Document descriptor = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
            NodeList mojos = descriptor.getElementsByTagName("mojo");
            for (int i = 0; i < mojos.getLength(); i++) {
                Element mojo = (Element) mojos.item(i);
                if (goal.equals(text(mojo, "goal"))) {
                    return mojo;
                }
            }
        }
        throw new AssertionError("no goal " + goal);
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }

    /** parameter name → its {@code ${expression}} and default, from the mojo's configuration block. */
    private static Map<String, String> configuration(Element mojo) {
        Map<String, String> expressions = new LinkedHashMap<>();
        NodeList entries = ((Element) mojo.getElementsByTagName("configuration").item(0)).getChildNodes();
        for (int i = 0; i < entries.getLength(); i++) {
            if (entries.item(i) instanceof Element entry) {
                expressions.put(entry.getTagName(), entry.getTextContent().trim()
                        + (entry.hasAttribute("default-value") ? " default " + entry.getAttribute("default-value") : ""));
            }
        }
        return expressions;
    }

    @Test
    void trainAndTestAnswerToTheirProperties() throws Exception {
        Map<String, String> train = configuration(mojo("train"));
        assertEquals("process-classes", text(mojo("train"), "phase"));
        assertEquals("${cvt.train.skip} default false", train.get("skipTrain"));
        assertEquals("${cvt.skip} default false", train.get("skip"));
        assertEquals("${cvt.timeout} default 0", train.get("timeout"));
        assertEquals("${cvt.jvmArgs}", train.get("jvmArgLine"));
        assertEquals("${cvt.jvm} default ${java.home}/bin/java", train.get("jvm"));
        assertEquals("default ${plugin.artifacts}", train.get("pluginArtifacts").trim());

        Map<String, String> test = configuration(mojo("test"));
        assertEquals("test", text(mojo("test"), "phase"));
        assertEquals("${cvt.test.skip} default false", test.get("skipTest"));
        assertEquals("${skipTests} default false", test.get("skipTests"));
        assertEquals("${maven.test.skip} default false", test.get("mavenTestSkip"));
        for (String gate : new String[] {"minTop1", "minTop5", "minBalancedAccuracy", "minMacroF1"}) {
            assertEquals("${cvt." + gate + "}", test.get(gate));
        }
    }

    @Test
    void theReportReadsTheExperimentsAsTheBuildGoalsDo() throws Exception {
        Element report = mojo("report");
        assertEquals(null, text(report, "phase"));
        Map<String, String> parameters = configuration(report);
        assertEquals("${cvt.skip} default false", parameters.get("skip"));
        assertEquals("${cvt.config}", parameters.get("config"));
        assertEquals("${cvt.experiment}", parameters.get("experiment"));
        assertEquals("default ${project.basedir}", parameters.get("basedir").trim());
        Map<String, String> train = configuration(mojo("train"));
        for (String shared : new String[] {"skip", "config", "experiment", "basedir", "buildDirectory"}) {
            assertEquals(train.get(shared), parameters.get(shared), shared);
        }
    }

    @Test
    void descriptionsHaveNoAngleBracketsThatHelpDescribeWouldTakeForTags() throws Exception {
        // help:describe reads descriptions as HTML: '(<reporting>; needs' came out as '(; needs'. The tags
        // Javadoc itself writes ({@code} -> <code>, paragraphs, links) are fine; a literal <name> is not.
        java.util.List<String> texts = new java.util.ArrayList<>();
        for (String goal : new String[] {"melgen", "train", "test", "report"}) {
            texts.add(goal + ": " + text(mojo(goal), "description"));
            NodeList parameters = mojo(goal).getElementsByTagName("parameter");
            for (int i = 0; i < parameters.getLength(); i++) {
                Element parameter = (Element) parameters.item(i);
                // inherited from maven-reporting-impl's AbstractMavenReport, worded there
                if (!java.util.List.of("outputDirectory", "outputTimestamp").contains(text(parameter, "name"))) {
                    texts.add(goal + " " + text(parameter, "name") + ": " + text(parameter, "description"));
                }
            }
        }
        for (String description : texts) {
            String literal = description.replaceAll("</?(code|p|a|i|b|em|strong|ul|ol|li|br|pre)( [^>]*)?/?>", "");
            org.junit.jupiter.api.Assertions.assertFalse(literal.matches("(?s).*<[A-Za-z/].*"), description);
        }
    }
}
