package dev.cvt.runtime;

/** Where the engine reports progress: the console for the CLI, the Maven log for the plugin. */
public interface Log {
    void info(String message);

    void warn(String message);

    /** Plain stdout/stderr, for the command line. */
    Log CONSOLE = new Log() {
        @Override
        public void info(String message) {
            System.out.println(message);
        }

        @Override
        public void warn(String message) {
            System.err.println("WARNING: " + message);
        }
    };
}
