package dev.cvt.runtime.melgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The wrist unit's accelerometer + gyroscope text stream: one sample per line,
 * {@code mcu:,ax,ay,az,gx,gy,gz}. The serial link garbles some prefixes ({@code mcu:cu:,},
 * {@code mcu:mcu:,}); as in the original, any line that starts with {@code mcu:} is a sample and its
 * values are the six fields after the first comma. Other lines (boot messages, broken halves of
 * lines) are not samples. The stream has no timestamps: samples are {@code 1 / sampleRate} apart.
 */
final class AgStreamReader {
    static final int CHANNELS = 6;
    private static final String[] NAMES = {"ax", "ay", "az", "gx", "gy", "gz"};

    private AgStreamReader() {
    }

    static Signal read(Path file, String name, double sampleRate, LineDiagnostics diagnostics) {
        DoubleColumns columns = new DoubleColumns(CHANNELS);
        try {
            List<String> lines = TextLines.read(file, StandardCharsets.ISO_8859_1);
            double[] row = new double[CHANNELS];
            for (int line = 1; line <= lines.size(); line++) {
                String text = lines.get(line - 1);
                if (text.isBlank()) {
                    continue;
                }
                if (!text.startsWith("mcu:")) {
                    // line 1 is the device's greeting (e.g. 'MPU init ok') in every recording: expected, not worth a warning
                    if (line > 1) {
                        diagnostics.skipped(line);
                    }
                    continue;
                }
                String[] fields = text.substring(text.indexOf(',') + 1).split(",", -1);
                if (text.indexOf(',') < 0 || fields.length != CHANNELS) {
                    diagnostics.malformed(line, "expected 6 values after 'mcu:,' (ax,ay,az,gx,gy,gz), found "
                            + (text.indexOf(',') < 0 ? 0 : fields.length));
                    continue;
                }
                boolean ok = true;
                for (int c = 0; c < CHANNELS && ok; c++) {
                    Double v = diagnostics.number(fields[c], line, "column " + (c + 2) + " (" + NAMES[c] + ")");
                    ok = v != null;
                    row[c] = ok ? v : 0;
                }
                if (ok) {
                    columns.add(row);
                }
            }
        } catch (IOException e) {
            throw new InputException(name + ": cannot read (" + e.getMessage() + ")");
        }
        if (columns.size() == 0) {
            throw new InputException(name + ": no 'mcu:' sample lines: empty or not an AG stream");
        }
        double[] time = new double[columns.size()];
        for (int i = 0; i < time.length; i++) {
            time[i] = i / sampleRate;
        }
        return new Signal(time, columns.toArrays());
    }
}
