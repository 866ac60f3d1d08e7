package dev.cvt.runtime.melgen;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a text file split at {@code \n} only, trailing {@code \r}s removed: the serial
 * captures end lines with {@code \r\r\n}, which {@link java.io.BufferedReader} would count as two
 * lines, so line numbers in messages would not match what editors and grep show.
 */
final class TextLines {
    private TextLines() {
    }

    static List<String> read(Path file, Charset charset) throws IOException {
        String text = Files.readString(file, charset);
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            int next = end < 0 ? text.length() : end + 1;
            int stop = end < 0 ? text.length() : end;
            while (stop > start && text.charAt(stop - 1) == '\r') {
                stop--;
            }
            lines.add(text.substring(start, stop));
            start = next;
        }
        return lines;
    }
}
