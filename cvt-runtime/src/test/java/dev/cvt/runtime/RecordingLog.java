package dev.cvt.runtime;

import java.util.ArrayList;
import java.util.List;

/** A {@link Log} for tests: keeps what was said, infos and warnings apart and all of it in order. */
public final class RecordingLog implements Log {
    public final List<String> infos = new ArrayList<>();
    public final List<String> warnings = new ArrayList<>();
    /** Every line in order, warnings prefixed {@code WARN }. */
    public final List<String> all = new ArrayList<>();
    private final String ignoredWarningPrefix;

    public RecordingLog() {
        this(null);
    }

    /** @param ignoredWarningPrefix warnings starting with it are not kept (one that another test checks) */
    public RecordingLog(String ignoredWarningPrefix) {
        this.ignoredWarningPrefix = ignoredWarningPrefix;
    }

    @Override
    public void info(String message) {
        infos.add(message);
        all.add(message);
    }

    @Override
    public void warn(String message) {
        if (ignoredWarningPrefix == null || !message.startsWith(ignoredWarningPrefix)) {
            warnings.add(message);
            all.add("WARN " + message);
        }
    }

    public void clear() {
        infos.clear();
        warnings.clear();
        all.clear();
    }
}
