package dev.cvt.maven;

import dev.cvt.runtime.report.RunReport;
import java.util.List;
import java.util.Locale;
import org.apache.maven.doxia.sink.Sink;

/**
 * The site's index of experiments ({@code cvt/index.html}): one table row per experiment with the
 * figures of its run and a link to its own page, written through the Doxia sink so that it takes the
 * site's skin and menu.
 */
final class ExperimentIndex {
    static final String NONE = "\u2014";
    static final List<String> HEADERS = List.of("Experiment", "State", "Best top-1", "Balanced accuracy", "Epochs",
            "Wall time", "Report");

    private ExperimentIndex() {
    }

    /** One row, every cell already formatted; {@code link} is relative to the index page, or null. */
    record Row(String id, String state, String bestTop1, String balancedAccuracy, String epochs, String wallTime,
            String link) {

        static Row of(String id, RunReport.Summary summary, String link) {
            String best = ExperimentIndex.percent(summary.bestTop1());
            if (summary.bestTop1() != null && summary.bestEpoch() != null) {
                best += " (epoch " + summary.bestEpoch() + ")";
            }
            return new Row(id, summary.state(), best, ExperimentIndex.percent(summary.balancedAccuracy()),
                    summary.epochsDone() + " / " + summary.endEpoch(), ExperimentIndex.wallTime(summary.wallSeconds()), link);
        }

        /** An experiment whose config or run files could not be read: the problem in place of its state. */
        static Row unreadable(String id, String problem) {
            return new Row(id, "unreadable: " + problem, NONE, NONE, NONE, NONE, null);
        }
    }

    static String percent(Double value) {
        return value == null || value.isNaN() ? NONE : String.format(Locale.ROOT, "%.2f %%", value);
    }

    /** {@code 42.3 s}, {@code 1 min 26 s}, {@code 2 h 05 min}. */
    static String wallTime(Double seconds) {
        if (seconds == null || seconds.isNaN() || seconds < 0) {
            return NONE;
        }
        if (Math.round(seconds * 10) < 600) { // 59.96 s reads 1 min 0 s, not 60.0 s
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long whole = Math.round(seconds);
        if (whole < 3600) {
            return whole / 60 + " min " + whole % 60 + " s";
        }
        long minutes = Math.round(seconds / 60);
        return String.format(Locale.ROOT, "%d h %02d min", minutes / 60, minutes % 60);
    }

    /** The whole page: a title, a line on what it shows, the table. */
    static void write(Sink sink, String title, List<Row> rows) {
        sink.head();
        sink.title();
        sink.text(title);
        sink.title_();
        sink.head_();
        sink.body();
        sink.section1();
        sink.sectionTitle1();
        sink.text(title);
        sink.sectionTitle1_();
        sink.paragraph();
        sink.text("Each experiment of the project as its run folder shows it now (finished, running, failed or not run): "
                + "the best validation top-1 and its epoch, balanced accuracy, epochs done of those planned and wall time. "
                + "Its report has the curves, the confusion matrix, the data and the model.");
        sink.paragraph_();
        sink.table();
        sink.tableRows(null, false);
        sink.tableRow();
        for (String header : HEADERS) {
            sink.tableHeaderCell();
            sink.text(header);
            sink.tableHeaderCell_();
        }
        sink.tableRow_();
        for (Row row : rows) {
            sink.tableRow();
            for (String cell : List.of(row.id(), row.state(), row.bestTop1(), row.balancedAccuracy(), row.epochs(),
                    row.wallTime())) {
                sink.tableCell();
                sink.text(cell);
                sink.tableCell_();
            }
            sink.tableCell();
            if (row.link() == null) {
                sink.text(NONE);
            } else {
                sink.link(row.link());
                sink.text(row.id());
                sink.link_();
            }
            sink.tableCell_();
            sink.tableRow_();
        }
        sink.tableRows_();
        sink.table_();
        sink.section1_();
        sink.body_();
        sink.flush();
    }
}
