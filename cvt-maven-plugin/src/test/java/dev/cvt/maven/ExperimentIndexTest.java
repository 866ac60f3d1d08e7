package dev.cvt.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvt.runtime.report.RunReport;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.doxia.sink.impl.Xhtml5BaseSink;
import org.junit.jupiter.api.Test;

class ExperimentIndexTest {
    /** The rows of the first table of an HTML page, each as its cells' text (links as {@code text -> href}). */
    static List<List<String>> tableRows(String html) {
        List<List<String>> rows = new ArrayList<>();
        Matcher row = Pattern.compile("<tr[^>]*>(.*?)</tr>", Pattern.DOTALL).matcher(html);
        while (row.find()) {
            List<String> cells = new ArrayList<>();
            Matcher cell = Pattern.compile("<t[hd][^>]*>(.*?)</t[hd]>", Pattern.DOTALL).matcher(row.group(1));
            while (cell.find()) {
                String content = cell.group(1).trim();
                Matcher link = Pattern.compile("<a href=\"([^\"]*)\"[^>]*>(.*?)</a>", Pattern.DOTALL).matcher(content);
                cells.add(unescape(link.find() ? link.group(2) + " -> " + link.group(1) : content.replaceAll("<[^>]+>", "")));
            }
            rows.add(cells);
        }
        return rows;
    }

    /** Numeric character references and the usual entities to text. */
    static String unescape(String html) {
        Matcher ref = Pattern.compile("&#(x?)([0-9a-fA-F]+);").matcher(html);
        StringBuilder text = new StringBuilder();
        while (ref.find()) {
            int code = Integer.parseInt(ref.group(2), ref.group(1).isEmpty() ? 10 : 16);
            ref.appendReplacement(text, Matcher.quoteReplacement(Character.toString(code)));
        }
        ref.appendTail(text);
        return text.toString().replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    }

    @Test
    void wallTimesReadAsSecondsMinutesOrHours() {
        assertEquals("\u2014", ExperimentIndex.wallTime(null));
        assertEquals("\u2014", ExperimentIndex.wallTime(Double.NaN));
        assertEquals("0.0 s", ExperimentIndex.wallTime(0.0));
        assertEquals("59.9 s", ExperimentIndex.wallTime(59.94));
        assertEquals("1 min 0 s", ExperimentIndex.wallTime(59.96));
        assertEquals("1 min 26 s", ExperimentIndex.wallTime(86.4));
        assertEquals("59 min 59 s", ExperimentIndex.wallTime(3599.4));
        assertEquals("1 h 00 min", ExperimentIndex.wallTime(3600.0));
        assertEquals("2 h 05 min", ExperimentIndex.wallTime(7500.0));
    }

    @Test
    void aRowShowsTheSummarysFigures() {
        RunReport.Summary summary = new RunReport.Summary("agmel", "running", 97.36842, 3, 96.5, 4, 12, 86.4, Path.of("x/index.html"));
        assertEquals(new ExperimentIndex.Row("agmel", "running", "97.37 % (epoch 3)", "96.50 %", "4 / 12", "1 min 26 s", "agmel/index.html"),
                ExperimentIndex.Row.of("agmel", summary, "agmel/index.html"));
        RunReport.Summary notRun = new RunReport.Summary("iq", "not run", null, null, null, 0, 12, null, Path.of("y"));
        assertEquals(new ExperimentIndex.Row("iq", "not run", "\u2014", "\u2014", "0 / 12", "\u2014", "iq/index.html"),
                ExperimentIndex.Row.of("iq", notRun, "iq/index.html"));
    }

    @Test
    void thePageIsATableWithARowAndALinkPerExperiment() {
        StringWriter html = new StringWriter();
        ExperimentIndex.write(new Xhtml5BaseSink(html), "CvT experiments", List.of(
                new ExperimentIndex.Row("agmel", "finished", "100.00 % (epoch 7)", "100.00 %", "12 / 12", "55.1 s", "agmel/index.html"),
                ExperimentIndex.Row.unreadable("broken", "broken.yaml: no such file")));
        assertEquals(List.of(
                ExperimentIndex.HEADERS,
                List.of("agmel", "finished", "100.00 % (epoch 7)", "100.00 %", "12 / 12", "55.1 s", "agmel -> agmel/index.html"),
                List.of("broken", "unreadable: broken.yaml: no such file", "\u2014", "\u2014", "\u2014", "\u2014", "\u2014")),
                tableRows(html.toString()));
    }
}
