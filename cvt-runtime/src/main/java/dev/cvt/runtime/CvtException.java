package dev.cvt.runtime;

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
}
