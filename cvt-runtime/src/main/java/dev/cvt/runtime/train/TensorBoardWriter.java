package dev.cvt.runtime.train;

import dev.cvt.runtime.CvtException;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Writes scalar curves as a TensorBoard event file, so a run can be watched with {@code tensorboard
 * --logdir} as the original PyTorch project's runs were (it logged {@code train_loss}, {@code
 * train_top1}, {@code valid_loss} and {@code valid_top1}, one point per epoch, so steps are epochs).
 *
 * <p>The file is a sequence of TFRecords, each holding one serialized {@code tensorflow.Event}: the
 * first one carries {@code file_version "brain.Event:2"}, every later one a {@code Summary} with a
 * single {@code simple_value}. Only those few protobuf fields are needed, so they are encoded here
 * by hand rather than pulling in a protobuf library.
 */
public final class TensorBoardWriter implements Closeable {
    /** TFRecord framing masks CRCs so that a CRC over data that itself contains CRCs stays strong. */
    private static final int CRC_MASK_DELTA = 0xa282ead8;

    // protobuf wire types
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private final Path file;
    private OutputStream out;

    private TensorBoardWriter(Path file, OutputStream out) {
        this.file = file;
        this.out = out;
    }

    /**
     * Creates {@code dir} if needed and a new file {@code events.out.tfevents.<epoch seconds>.<hostname>}
     * in it, starting with the file_version event. A new file per process, as tensorboardX does:
     * TensorBoard reads every event file of a directory in name order, so a resumed run simply adds
     * a file next to the earlier ones.
     */
    public static TensorBoardWriter open(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CvtException("Cannot create TensorBoard directory " + dir + ": " + e, e);
        }
        long now = System.currentTimeMillis() / 1000;
        String base = "events.out.tfevents." + now + "." + hostname();
        Path file = dir.resolve(base);
        // Two writers opened within the same second must not truncate each other's file; TensorBoard
        // takes any name that contains "tfevents", so a numeric suffix keeps both readable.
        OutputStream out = null;
        for (int attempt = 1; out == null; attempt++) {
            try {
                out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                file = dir.resolve(base + "." + attempt);
            } catch (IOException e) {
                throw new CvtException("Cannot create TensorBoard event file " + file + ": " + e, e);
            }
        }
        TensorBoardWriter writer = new TensorBoardWriter(file, out);
        try {
            writer.write(fileVersionEvent(nowSeconds()));
        } catch (IOException e) {
            writer.closeQuietly();
            throw new CvtException("Cannot write TensorBoard event file " + file + ": " + e, e);
        }
        return writer;
    }

    /** The event file being written. */
    public Path file() {
        return file;
    }

    /**
     * Appends one scalar point. Each record goes to the file in a single unbuffered write, so a
     * process killed mid-training leaves every completed record readable.
     */
    public synchronized void scalar(String tag, float value, long step) {
        if (out == null) {
            throw new IllegalStateException("TensorBoard writer for " + file + " is closed");
        }
        try {
            write(scalarEvent(nowSeconds(), step, tag, value));
        } catch (IOException e) {
            throw new CvtException("Cannot write TensorBoard event file " + file + ": " + e, e);
        }
    }

    @Override
    public synchronized void close() {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            throw new CvtException("Cannot close TensorBoard event file " + file + ": " + e, e);
        } finally {
            out = null;
        }
    }

    private void closeQuietly() {
        try {
            out.close();
        } catch (IOException ignored) {
            // already reporting the write failure that led here
        }
        out = null;
    }

    private void write(byte[] event) throws IOException {
        out.write(record(event));
        out.flush();
    }

    private static double nowSeconds() {
        return System.currentTimeMillis() / 1000.0;
    }

    /** The host name as tensorboardX puts it in the file name; only cosmetic, so failures fall back. */
    private static String hostname() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            // A name is part of a file name: keep it to characters every file system accepts.
            String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
            return safe.isEmpty() ? "localhost" : safe;
        } catch (IOException e) {
            return "localhost";
        }
    }

    // ---- TFRecord framing ----

    /** {@code uint64 length, uint32 masked_crc32c(length), data, uint32 masked_crc32c(data)}, all little endian. */
    static byte[] record(byte[] data) {
        ByteBuffer buf = ByteBuffer.allocate(8 + 4 + data.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(data.length);
        buf.putInt(maskedCrc32c(buf.array(), 0, 8));
        buf.put(data);
        buf.putInt(maskedCrc32c(data, 0, data.length));
        return buf.array();
    }

    static int maskedCrc32c(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return mask((int) crc.getValue());
    }

    static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + CRC_MASK_DELTA;
    }

    // ---- the protobuf fields we need (tensorflow/core/util/event.proto, framework/summary.proto) ----

    /** {@code Event{wall_time = 1, file_version = 3}}. */
    static byte[] fileVersionEvent(double wallTime) {
        Proto event = new Proto();
        event.doubleField(1, wallTime);
        event.stringField(3, "brain.Event:2");
        return event.bytes();
    }

    /** {@code Event{wall_time = 1, step = 2, summary = 5: Summary{value = 1: Value{tag = 1, simple_value = 2}}}}. */
    static byte[] scalarEvent(double wallTime, long step, String tag, float value) {
        Proto summaryValue = new Proto();
        summaryValue.stringField(1, tag);
        summaryValue.floatField(2, value);
        Proto summary = new Proto();
        summary.messageField(1, summaryValue);
        Proto event = new Proto();
        event.doubleField(1, wallTime);
        event.varintField(2, step);
        event.messageField(5, summary);
        return event.bytes();
    }

    /** Just enough of the protobuf wire format to write the messages above. */
    private static final class Proto {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        void doubleField(int field, double value) {
            key(field, FIXED64);
            littleEndian(Double.doubleToRawLongBits(value), 8);
        }

        void floatField(int field, float value) {
            key(field, FIXED32);
            littleEndian(Float.floatToRawIntBits(value), 4);
        }

        /** int64: negative values take ten bytes, as protobuf's two's-complement varint does. */
        void varintField(int field, long value) {
            key(field, VARINT);
            varint(value);
        }

        void stringField(int field, String value) {
            lengthDelimited(field, value.getBytes(StandardCharsets.UTF_8));
        }

        void messageField(int field, Proto message) {
            lengthDelimited(field, message.bytes());
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }

        private void lengthDelimited(int field, byte[] payload) {
            key(field, LENGTH_DELIMITED);
            varint(payload.length);
            bytes.writeBytes(payload);
        }

        private void key(int field, int wireType) {
            varint(((long) field << 3) | wireType);
        }

        private void varint(long value) {
            while ((value & ~0x7FL) != 0) {
                bytes.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            bytes.write((int) value);
        }

        private void littleEndian(long value, int byteCount) {
            for (int i = 0; i < byteCount; i++) {
                bytes.write((int) (value >>> (8 * i)) & 0xFF);
            }
        }
    }
}
