package dev.cvt.maven;

import java.time.Duration;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

/**
 * How a forked runtime ended, and what that means for the build: exit 0 is success, exit 2 is the
 * runtime rejecting the user's input (BUILD FAILURE with its {@code ERROR:} message), anything else,
 * a crashed JVM or an expired timeout, is an error of the run itself (BUILD ERROR with the last lines).
 *
 * @param exitCode the child's exit status (meaningless when it timed out)
 * @param timeout the limit that expired, or {@code null} when the child ended by itself
 * @param lastLines the last lines of its output
 * @param errors the messages of its {@code ERROR:} lines
 */
record ForkResult(int exitCode, Duration timeout, List<String> lastLines, List<String> errors) {
    static final int BAD_INPUT = 2;

    /**
     * @param experimentId names the experiment in the message
     * @param what names the run, e.g. {@code cvt-runtime train}
     */
    void requireSuccess(String experimentId, String what) throws MojoExecutionException, MojoFailureException {
        String prefix = "experiment '" + experimentId + "': ";
        if (timeout != null) {
            throw new MojoExecutionException(prefix + what + " did not finish within the timeout of "
                    + timeout.toSeconds() + " s and was killed" + tail());
        }
        if (exitCode == 0) {
            return;
        }
        if (exitCode == BAD_INPUT) {
            throw new MojoFailureException(prefix + (errors.isEmpty()
                    ? what + " rejected its input (exit code 2)" + tail()
                    : String.join("\n", errors)));
        }
        throw new MojoExecutionException(prefix + what + " failed with exit code " + exitCode + tail());
    }

    private String tail() {
        if (lastLines.isEmpty()) {
            return " (it printed nothing)";
        }
        return "; its last " + (lastLines.size() == 1 ? "line" : lastLines.size() + " lines") + ":\n  "
                + String.join("\n  ", lastLines);
    }
}
