package dev.cvt.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.maven.plugin.surefire.log.api.NullConsoleLogger;
import org.apache.maven.plugins.surefire.report.ReportTestCase;
import org.apache.maven.plugins.surefire.report.ReportTestSuite;
import org.apache.maven.plugins.surefire.report.TestSuiteXmlParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cvt:test's JUnit XML as surefire's own report parser reads it, the way CI servers' test reporters do. */
class GateTestReportTest {
    @TempDir
    Path target;

    private static ReportTestSuite parse(Path file) throws Exception {
        TestSuiteXmlParser parser = new TestSuiteXmlParser(new NullConsoleLogger());
        List<ReportTestSuite> suites = parser.parse(file.toString());
        assertTrue(parser.isValid());
        assertEquals(1, suites.size());
        return suites.get(0);
    }

    @Test
    void aMissedMinimumIsAFailedTestCaseAndTheFiguresAreInSystemOut() throws Exception {
        QualityGate gate = new QualityGate(95.0, null, 90.0, null);
        QualityGate.Outcome outcome = gate.check("agmel/v2", QualityGateTest.scores(87.5, 100, 91, 80));
        Path file = GateTestReport.write(target, "agmel/v2", gate.parametersSet(), outcome, null, Duration.ofMillis(1500));

        assertEquals(target.resolve("cvt-reports/TEST-agmel_v2.xml"), file);
        ReportTestSuite suite = parse(file);
        assertEquals(3, suite.getNumberOfTests());
        assertEquals(1, suite.getNumberOfFailures());
        assertEquals(0, suite.getNumberOfErrors());
        assertEquals(1.5f, suite.getTimeElapsed());
        List<ReportTestCase> cases = suite.getTestCases();
        assertEquals(List.of("evaluation", "minTop1", "minBalancedAccuracy"), cases.stream().map(ReportTestCase::getName).toList());
        assertEquals("cvt.agmel/v2", cases.get(0).getFullClassName());
        assertTrue(cases.get(0).isSuccessful());
        ReportTestCase top1 = cases.get(1);
        assertTrue(top1.hasFailure());
        assertEquals("top-1 87.50 % < minTop1 95.00 % (val, 139 samples)", top1.getFailureMessage());
        assertEquals("quality gate", top1.getFailureType());
        assertTrue(cases.get(2).isSuccessful());
        String xml = Files.readString(file);
        assertTrue(xml.contains("<system-out>top-1 87.50 %, top-5 100.00 %, balanced accuracy 91.00 %, macro-F1 80.00 %,"
                + " loss 0.2500 (val, 139 samples)</system-out>"), xml);
        assertTrue(xml.contains("&lt; minTop1"), xml); // escaped by the XML writer, not by hand
    }

    @Test
    void anEvaluationThatDidNotCompleteIsAnErrorAndItsMinimumsAreSkipped() throws Exception {
        QualityGate gate = new QualityGate(95.0, 99.0, null, null);
        Path file = GateTestReport.write(target, "tiny", gate.parametersSet(), null, "experiment 'tiny': cvt-runtime test failed with exit code 3",
                Duration.ofSeconds(2));

        ReportTestSuite suite = parse(file);
        assertEquals(3, suite.getNumberOfTests());
        assertEquals(1, suite.getNumberOfErrors());
        assertEquals(2, suite.getNumberOfSkipped());
        List<ReportTestCase> cases = suite.getTestCases();
        assertTrue(cases.get(0).hasError());
        assertEquals("experiment 'tiny': cvt-runtime test failed with exit code 3", cases.get(0).getFailureMessage());
        assertTrue(cases.get(1).hasSkipped());
        assertTrue(cases.get(2).hasSkipped());
    }

    @Test
    void withoutMinimumsTheEvaluationIsTheOnlyTestCase() throws Exception {
        QualityGate none = new QualityGate(null, null, null, null);
        Path file = GateTestReport.write(target, "tiny", List.of(), none.check("tiny", QualityGateTest.scores(10, 20, 30, 40)), null,
                Duration.ZERO);

        ReportTestSuite suite = parse(file);
        assertEquals(1, suite.getNumberOfTests());
        assertFalse(suite.getTestCases().get(0).hasFailure());
    }
}
