package dev.cvt.maven;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A java launcher argument file ({@code java @file}, JDK 9+): the whole command after the java
 * executable, one argument per line. It keeps a classpath of a hundred jars off the command line
 * (Windows caps a command line at 32k characters) and leaves the exact command on disk to rerun by
 * hand: {@code java @target/cvt/<id>/train.args}.
 */
final class ArgFile {
    private ArgFile() {
    }

    /**
     * Writes the arguments, each quoted, in the encoding the child's launcher reads the file with: the
     * character set of its locale ({@link ForkedRuntime#argumentFileCharset}).
     */
    static void write(Path file, List<String> arguments, Charset charset) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        StringBuilder text = new StringBuilder();
        for (String argument : arguments) {
            text.append(quote(argument)).append(System.lineSeparator());
        }
        Files.writeString(file, text, charset);
    }

    /**
     * Always double-quoted, so white space, a leading {@code #} (a comment otherwise) and the empty
     * string survive; inside quotes the launcher treats backslash as an escape, hence the escapes.
     */
    static String quote(String argument) {
        StringBuilder quoted = new StringBuilder(argument.length() + 2).append('"');
        for (char c : argument.toCharArray()) {
            switch (c) {
                case '\\' -> quoted.append("\\\\");
                case '"' -> quoted.append("\\\"");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                case '\f' -> quoted.append("\\f");
                default -> quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
