package dev.cvt.maven;

import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.logging.SystemStreamLog;

/** A Maven log that records info, warning and error lines as {@code LEVEL text} instead of printing them. */
class RecordingLog extends SystemStreamLog {
    final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void info(CharSequence content) {
        lines.add("INFO " + content);
    }

    @Override
    public synchronized void warn(CharSequence content) {
        lines.add("WARN " + content);
    }

    @Override
    public synchronized void error(CharSequence content) {
        lines.add("ERROR " + content);
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
