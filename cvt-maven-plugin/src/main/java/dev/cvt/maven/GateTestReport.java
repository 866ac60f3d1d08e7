package dev.cvt.maven;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.apache.maven.plugin.MojoExecutionException;

/**
 * One {@code cvt:test} as a surefire-format JUnit XML file, {@code target/cvt-reports/TEST-<id>.xml}, so
 * the test reporters of CI servers (Jenkins, GitLab, GitHub) list the quality gate next to unit tests:
 * a test case {@code evaluation} (an error when the evaluation did not complete) and one per limit
 * set, named after its parameter ({@code minTop1}, {@code maxTop1Drop}), a failure when missed. Class name {@code cvt.<id>}.
 */
final class GateTestReport {
    static final String FOLDER = "cvt-reports";

    private GateTestReport() {
    }

    /** {@code <build directory>/cvt-reports/TEST-<id>.xml}, the id made safe as a file name. */
    static Path file(Path buildDirectory, String experimentId) {
        return buildDirectory.resolve(FOLDER).resolve("TEST-" + Experiments.folder(experimentId) + ".xml");
    }

    /**
     * Writes the file.
     *
     * @param limits the parameters of the gate's limits set, e.g. {@code [minTop1, maxTop1Drop]}
     * @param outcome the gate's outcome; {@code null} when the evaluation did not complete
     * @param evaluationError why the evaluation did not complete; {@code null} when it did
     * @param elapsed how long the evaluation took
     */
    static Path write(Path buildDirectory, String experimentId, List<String> limits, QualityGate.Outcome outcome, String evaluationError,
            Duration elapsed) throws MojoExecutionException {
        Path file = file(buildDirectory, experimentId);
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
                writeSuite(xml, "cvt." + experimentId, limits, outcome, evaluationError, elapsed);
                xml.close();
            }
        } catch (IOException | XMLStreamException e) {
            throw new MojoExecutionException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private static void writeSuite(XMLStreamWriter xml, String className, List<String> limits, QualityGate.Outcome outcome,
            String evaluationError, Duration elapsed) throws XMLStreamException {
        int limitCount = limits.size();
        long failures = outcome == null ? 0 : outcome.checks().stream().filter(c -> !c.met()).count();
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", className);
        xml.writeAttribute("time", seconds(elapsed));
        xml.writeAttribute("tests", String.valueOf(1 + limitCount));
        xml.writeAttribute("errors", outcome == null ? "1" : "0");
        // without an evaluation the limits are not checked: skipped, as surefire marks tests that did not run
        xml.writeAttribute("skipped", outcome == null ? String.valueOf(limitCount) : "0");
        xml.writeAttribute("failures", String.valueOf(failures));

        xml.writeStartElement("testcase");
        xml.writeAttribute("name", "evaluation");
        xml.writeAttribute("classname", className);
        xml.writeAttribute("time", seconds(elapsed));
        if (outcome == null) {
            xml.writeStartElement("error");
            xml.writeAttribute("message", evaluationError);
            xml.writeAttribute("type", "evaluation");
            xml.writeCharacters(evaluationError);
            xml.writeEndElement();
        } else {
            systemOut(xml, outcome.figures() + " (" + outcome.measuredOn() + ")");
        }
        xml.writeEndElement();

        if (outcome == null) {
            for (String parameter : limits) {
                xml.writeStartElement("testcase");
                xml.writeAttribute("name", parameter);
                xml.writeAttribute("classname", className);
                xml.writeAttribute("time", "0");
                xml.writeEmptyElement("skipped");
                xml.writeAttribute("message", "not checked: the evaluation did not complete");
                xml.writeEndElement();
            }
        } else {
            for (QualityGate.Check check : outcome.checks()) {
                String description = check.description() + " (" + outcome.measuredOn() + ")";
                xml.writeStartElement("testcase");
                xml.writeAttribute("name", check.parameter());
                xml.writeAttribute("classname", className);
                xml.writeAttribute("time", "0");
                if (!check.met()) {
                    xml.writeStartElement("failure");
                    xml.writeAttribute("message", description);
                    xml.writeAttribute("type", "quality gate");
                    xml.writeCharacters(description);
                    xml.writeEndElement();
                }
                systemOut(xml, description);
                xml.writeEndElement();
            }
        }
        xml.writeEndElement();
        xml.writeEndDocument();
    }

    private static void systemOut(XMLStreamWriter xml, String text) throws XMLStreamException {
        xml.writeStartElement("system-out");
        xml.writeCharacters(text);
        xml.writeEndElement();
    }

    private static String seconds(Duration elapsed) {
        return String.format(Locale.ROOT, "%.3f", elapsed.toMillis() / 1000.0);
    }
}
