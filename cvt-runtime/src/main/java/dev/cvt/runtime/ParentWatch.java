package dev.cvt.runtime;

import java.io.IOException;
import java.io.InputStream;

/**
 * Ends a forked runtime whose parent (Maven) is gone. The plugin keeps the child's stdin open as a
 * pipe and never writes to it; the operating system closes it when Maven ends for any reason, a
 * {@code kill -9} or the OOM killer included, when no shutdown hook of Maven's runs. The child then
 * reads end-of-file and exits, as surefire's forked booter does. Only on request
 * ({@value #PROPERTY}): on the command line stdin may be a terminal or already empty.
 */
public final class ParentWatch {
    /** Set to {@code stdin} by the plugin. */
    public static final String PROPERTY = "cvt.parentWatch";
    /** The exit code of a child whose parent is gone; nobody reads it, but it differs from the usual 0, 1 and 2. */
    static final int PARENT_GONE = 3;

    private ParentWatch() {
    }

    /** Starts watching stdin when {@value #PROPERTY} is {@code stdin}. */
    public static void startIfRequested() {
        if ("stdin".equals(System.getProperty(PROPERTY))) {
            Thread watcher = new Thread(() -> {
                waitForEndOfFile(System.in);
                System.err.println("ERROR: the parent process closed this JVM's stdin (Maven ended): stopping");
                System.exit(PARENT_GONE);
            }, "cvt-parent-watch");
            watcher.setDaemon(true); // a finished run must not wait for its parent
            watcher.start();
        }
    }

    private static void waitForEndOfFile(InputStream in) {
        byte[] ignored = new byte[256];
        try {
            while (in.read(ignored) >= 0) {
                // the plugin never writes; anything that arrives is discarded
            }
        } catch (IOException e) {
            // a broken pipe is as final as end-of-file
        }
    }
}
