package dev.cvt.runtime;

import java.nio.file.InvalidPathException;

/**
 * A failure caused by the user's input (config, recordings, paths), reported as one clear message
 * that names the file, line or key: the CLI prints it and exits non-zero, the plugin turns it into
 * a BUILD FAILURE. Never used for programming errors.
 */
public class CvtException extends RuntimeException {
    public CvtException(String message) {
        super(message);
    }

    public CvtException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * A path this JVM cannot turn into a file name. Under a C/POSIX locale the JVM encodes file names in
     * ASCII ({@code sun.jnu.encoding}, fixed at its start), so any name with other characters fails.
     */
    public static CvtException unusablePath(InvalidPathException e) {
        return new CvtException("the path '" + e.getInput() + "' cannot be used: " + e.getReason() + ". This JVM encodes "
                + "file names as " + System.getProperty("sun.jnu.encoding") + " (from the locale: LC_ALL, LC_CTYPE, LANG); "
                + "run it with a UTF-8 locale, e.g. LC_ALL=C.UTF-8", e);
    }
}
