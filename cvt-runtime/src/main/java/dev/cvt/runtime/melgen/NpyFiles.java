package dev.cvt.runtime.melgen;

import dev.cvt.runtime.CvtException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** NumPy {@code .npy} (format 1.0) files of little-endian float32 arrays, readable by {@code numpy.load}. */
public final class NpyFiles {
    private static final Pattern SHAPE = Pattern.compile("'shape': \\(([0-9, ]*)\\)");
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

    private NpyFiles() {
    }

    /** Writes {@code values} as a C-ordered float32 array of {@code shape}. */
    public static void write(Path file, float[] values, int... shape) throws IOException {
        FileBytes out = FileBytes.cleared();
        data(out, values.length, shape).put(values);
        out.writeTo(file);
    }

    /** Writes {@code rows} as a float32 array {@code [rows.length, rows[0].length]}. */
    public static void write(Path file, float[][] rows) throws IOException {
        FileBytes out = FileBytes.cleared();
        FloatBuffer data = data(out, rows.length * rows[0].length, rows.length, rows[0].length);
        for (float[] row : rows) {
            data.put(row);
        }
        out.writeTo(file);
    }

    /** Writes {@code values[i][j][k]} rounded to float32, as an array {@code [i, j, k]} (all rows alike). */
    public static void write(Path file, double[][][] values) throws IOException {
        int rows = values[0].length;
        int columns = values[0][0].length;
        FileBytes out = FileBytes.cleared();
        FloatBuffer data = data(out, values.length * rows * columns, values.length, rows, columns);
        for (double[][] matrix : values) {
            for (double[] row : matrix) {
                for (double v : row) {
                    data.put((float) v);
                }
            }
        }
        out.writeTo(file);
    }

    /** Appends the header of an array of {@code shape} to {@code out}; returns the room for its {@code count} values. */
    private static FloatBuffer data(FileBytes out, int count, int... shape) {
        // numpy's tuple: "(3, 4)", and "(3,)" for one dimension
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            dims.append(dims.length() == 0 ? "" : ", ").append(d);
        }
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + (shape.length == 1 ? "," : "") + "), }";
        // the header (magic, length, dict, padding, newline) is padded to a multiple of 64 bytes
        int unpadded = MAGIC.length + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        byte[] header = (dict + " ".repeat(padding) + "\n").getBytes(StandardCharsets.US_ASCII);
        out.append(MAGIC.length + 2 + header.length).put(MAGIC).putShort((short) header.length).put(header);
        return out.append(4 * count).asFloatBuffer();
    }

    /** A float32 array read back: its shape and its values in C order. */
    public record Array(int[] shape, float[] values) {
    }

    /** Reads a little-endian, C-ordered float32 {@code .npy} file (what melgen writes). */
    public static Array readFloat32(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CvtException(file + ": cannot read (" + e.getMessage() + ")");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < MAGIC.length + 2 || !Arrays.equals(Arrays.copyOf(bytes, 6), Arrays.copyOf(MAGIC, 6))) {
            throw new CvtException(file + ": not a .npy file");
        }
        int headerLength = in.getShort(8) & 0xffff;
        String header = new String(bytes, 10, Math.min(headerLength, bytes.length - 10), StandardCharsets.US_ASCII);
        Matcher shape = SHAPE.matcher(header);
        if (!header.contains("'descr': '<f4'") || header.contains("'fortran_order': True") || !shape.find()) {
            throw new CvtException(file + ": only C-ordered little-endian float32 arrays are read (header " + header.trim() + ")");
        }
        int[] dims = Arrays.stream(shape.group(1).split(",")).map(String::trim).filter(d -> !d.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
        long count = Arrays.stream(dims).asLongStream().reduce(1, (a, b) -> a * b);
        int start = 10 + headerLength;
        if (bytes.length - start != 4 * count) {
            throw new CvtException(file + ": holds " + (bytes.length - start) + " data bytes, shape " + Arrays.toString(dims)
                    + " needs " + 4 * count);
        }
        float[] values = new float[(int) count];
        in.position(start);
        in.asFloatBuffer().get(values);
        return new Array(dims, values);
    }
}
