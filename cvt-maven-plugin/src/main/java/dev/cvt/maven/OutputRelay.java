package dev.cvt.maven;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.maven.plugin.logging.Log;

/**
 * Copies the forked runtime's output to the Maven log line by line as it arrives, at a level read
 * off the line's prefix (the runtime prints {@code ERROR: ...} and {@code WARNING: ...}, DJL's
 * logging backend {@code ERROR ai.djl... - ...} and {@code WARN ai.djl... - ...}), and keeps the last
 * lines and the error lines for the failure message.
 */
final class OutputRelay implements Runnable {
    static final int KEPT_LINES = 30;
    private static final Pattern ERROR = Pattern.compile("^ERROR(:\\s*|\\s+)");
    private static final Pattern WARNING = Pattern.compile("^WARN(ING)?\\b:?\\s*");

    private final InputStream output;
    private final Log log;
    private final String prefix;
    private final Deque<String> last = new ArrayDeque<>();
    private final List<String> errors = new ArrayList<>();

    /** @param prefix put before each line logged (not the kept ones), e.g. {@code [experiment id] } */
    OutputRelay(InputStream output, Log log, String prefix) {
        this.output = output;
        this.log = log;
        this.prefix = prefix;
    }

    @Override
    public void run() {
        // the child is told to write UTF-8 (ForkedRuntime), so class names like 'Curl ×2' survive
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                relay(line);
            }
        } catch (IOException e) {
            // the pipe breaks when the child is killed: what arrived so far is all there is
            log.debug("output of the forked JVM ended: " + e.getMessage());
        }
    }

    private void relay(String line) {
        synchronized (this) {
            last.addLast(line);
            if (last.size() > KEPT_LINES) {
                last.removeFirst();
            }
        }
        if (ERROR.matcher(line).find()) {
            String message = ERROR.matcher(line).replaceFirst("");
            synchronized (this) {
                errors.add(message);
            }
            log.error(prefix + message);
        } else if (WARNING.matcher(line).find()) {
            log.warn(prefix + WARNING.matcher(line).replaceFirst(""));
        } else {
            log.info(prefix + line);
        }
    }

    /** The last {@value #KEPT_LINES} lines, as the child wrote them. */
    synchronized List<String> lastLines() {
        return List.copyOf(last);
    }

    /** The messages of the child's {@code ERROR:} lines, prefix removed. */
    synchronized List<String> errors() {
        return List.copyOf(errors);
    }
}
