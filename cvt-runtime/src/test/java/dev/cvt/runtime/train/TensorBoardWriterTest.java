package dev.cvt.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt.runtime.CvtException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorBoardWriterTest {
    @TempDir
    Path tmp;

    @Test
    void crc32cStandardCheckValueAndItsMaskedForm() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        CRC32C crc = new CRC32C();
        crc.update(check);
        assertEquals(0xE3069283L, crc.getValue());
        // ((0xE3069283 >>> 15) | (0xE3069283 << 17)) + 0xa282ead8, worked out in Python and equal to
        // tensorboard.compat.tensorflow_stub.pywrap_tensorflow.masked_crc32c(b"123456789")
        assertEquals(0xc78ab0e5, TensorBoardWriter.maskedCrc32c(check, 0, check.length));
    }

    /**
     * Golden bytes from TensorBoard 2.21.0 itself (its event_pb2/summary_pb2 protobuf classes and
     * its RecordWriter), not from this code:
     * <pre>
     * ev = event_pb2.Event(wall_time=1700000000.25, step=7, summary=summary_pb2.Summary(
     *     value=[summary_pb2.Summary.Value(tag="train_loss", simple_value=0.5)]))
     * RecordWriter(buf).write(ev.SerializeToString()); buf.getvalue().hex()
     * event_pb2.Event(wall_time=1700000000.25, file_version="brain.Event:2").SerializeToString().hex()
     * </pre>
     */
    @Test
    void goldenBytesFromTensorBoardItself() {
        HexFormat hex = HexFormat.of();
        assertEquals(
                "200000000000000029eda950"
                        + "0900001040fc54d94110072a130a110a0a747261696e5f6c6f7373150000003f"
                        + "91d0a188",
                hex.formatHex(TensorBoardWriter.record(TensorBoardWriter.scalarEvent(1700000000.25, 7, "train_loss", 0.5f))));
        assertEquals("0900001040fc54d9411a0d627261696e2e4576656e743a32",
                hex.formatHex(TensorBoardWriter.fileVersionEvent(1700000000.25)));
    }

    @Test
    void negativeAndLargeStepsSurviveTheInt64Varint() {
        for (long step : new long[] {-1, 0, 127, 128, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE}) {
            Event e = Event.parse(TensorBoardWriter.scalarEvent(1.5, step, "t", 2f));
            assertEquals(step, e.step, "step " + step);
        }
        // Event(step=-1) from TensorBoard's event_pb2 serializes its step field as 10ffffffffffffffffff01
        byte[] event = TensorBoardWriter.scalarEvent(0, -1, "t", 0f);
        String hex = HexFormat.of().formatHex(event);
        assertTrue(hex.contains("10ffffffffffffffffff01"), hex);
    }

    @Test
    void writtenFileReadsBackRecordByRecord() throws IOException {
        double before = System.currentTimeMillis() / 1000.0;
        Path dir = tmp.resolve("runs/fold0");
        try (TensorBoardWriter writer = TensorBoardWriter.open(dir)) {
            writer.scalar("train_loss", 1.25f, 0);
            writer.scalar("train_top1", 37.5f, 0);
            writer.scalar("valid_loss", 0.875f, 1);
            writer.scalar("valid_top1", 62.5f, 1);
        }
        double after = System.currentTimeMillis() / 1000.0;

        Path file = onlyFile(dir);
        String name = file.getFileName().toString();
        assertTrue(name.matches("events\\.out\\.tfevents\\.\\d{10}\\.[A-Za-z0-9._-]+"), name);
        long secondsInName = Long.parseLong(name.split("\\.")[3]);
        assertTrue(secondsInName >= (long) before && secondsInName <= (long) after, name);

        List<Event> events = readEvents(file);
        assertEquals(5, events.size());
        assertEquals("brain.Event:2", events.get(0).fileVersion);
        assertEquals(null, events.get(0).tag);

        String[] tags = {"train_loss", "train_top1", "valid_loss", "valid_top1"};
        float[] values = {1.25f, 37.5f, 0.875f, 62.5f};
        long[] steps = {0, 0, 1, 1};
        for (int i = 0; i < tags.length; i++) {
            Event e = events.get(i + 1);
            assertEquals(tags[i], e.tag);
            assertEquals(values[i], e.value);
            assertEquals(steps[i], e.step);
            assertEquals(null, e.fileVersion);
        }
        for (Event e : events) {
            assertTrue(e.wallTime >= before - 1 && e.wallTime <= after + 1, "wall_time " + e.wallTime);
        }
    }

    @Test
    void everyScalarIsOnDiskBeforeClose() throws IOException {
        // A killed training process never calls close(): what it wrote must already be readable.
        TensorBoardWriter writer = TensorBoardWriter.open(tmp);
        try {
            writer.scalar("valid_top1", 50f, 3);
            List<Event> events = readEvents(writer.file());
            assertEquals(2, events.size());
            assertEquals("valid_top1", events.get(1).tag);
            assertEquals(50f, events.get(1).value);
            assertEquals(3, events.get(1).step);
        } finally {
            writer.close();
        }
    }

    @Test
    void aResumedRunAddsASecondFileAndKeepsTheFirst() throws IOException {
        // Both opens very likely fall within the same second: the second must not truncate the first.
        try (TensorBoardWriter first = TensorBoardWriter.open(tmp); TensorBoardWriter second = TensorBoardWriter.open(tmp)) {
            assertNotEquals(first.file(), second.file());
            first.scalar("train_loss", 1f, 0);
            second.scalar("train_loss", 0.5f, 1);
        }
        try (Stream<Path> files = Files.list(tmp)) {
            List<Path> all = files.sorted().toList();
            assertEquals(2, all.size());
            for (Path f : all) {
                assertTrue(f.getFileName().toString().contains("tfevents"), f.toString());
                assertEquals(2, readEvents(f).size(), f.toString());
            }
        }
    }

    @Test
    void ioErrorsNameTheFile() throws IOException {
        Path notADirectory = Files.writeString(tmp.resolve("plain-file"), "x");
        CvtException e = assertThrows(CvtException.class, () -> TensorBoardWriter.open(notADirectory.resolve("runs")));
        assertTrue(e.getMessage().contains(notADirectory.resolve("runs").toString()), e.getMessage());
    }

    @Test
    void closeIsIdempotentAndWritingAfterCloseIsABug() {
        TensorBoardWriter writer = TensorBoardWriter.open(tmp);
        writer.close();
        writer.close();
        assertThrows(IllegalStateException.class, () -> writer.scalar("train_loss", 1f, 0));
    }

    // ---- an independent reader: TFRecord framing with both CRCs checked, then the Event fields ----

    private static Path onlyFile(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.toList();
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }

    private static List<Event> readEvents(Path file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> events = new ArrayList<>();
        while (in.hasRemaining()) {
            byte[] header = new byte[8];
            in.get(header);
            assertEquals(maskedCrc(header), in.getInt(), "length CRC of record " + events.size());
            long length = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong();
            byte[] data = new byte[Math.toIntExact(length)];
            in.get(data);
            assertEquals(maskedCrc(data), in.getInt(), "data CRC of record " + events.size());
            events.add(Event.parse(data));
        }
        return events;
    }

    /** Written out again here rather than calling the class under test. */
    private static int maskedCrc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        int c = (int) crc.getValue();
        return Integer.rotateRight(c, 15) + 0xa282ead8;
    }

    /** The Event fields we write; anything else in the record fails the test. */
    private static final class Event {
        double wallTime;
        long step;
        String fileVersion;
        String tag;
        float value = Float.NaN;

        static Event parse(byte[] data) {
            Event e = new Event();
            ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            while (in.hasRemaining()) {
                long key = varint(in);
                switch ((int) key) {
                    case (1 << 3) | 1 -> e.wallTime = in.getDouble();
                    case (2 << 3) | 0 -> e.step = varint(in);
                    case (3 << 3) | 2 -> e.fileVersion = new String(bytes(in), StandardCharsets.UTF_8);
                    case (5 << 3) | 2 -> e.parseSummary(ByteBuffer.wrap(bytes(in)).order(ByteOrder.LITTLE_ENDIAN));
                    default -> throw new AssertionError("unexpected Event key " + key);
                }
            }
            return e;
        }

        private void parseSummary(ByteBuffer in) {
            assertEquals((1 << 3) | 2, varint(in), "Summary.value");
            ByteBuffer value = ByteBuffer.wrap(bytes(in)).order(ByteOrder.LITTLE_ENDIAN);
            assertTrue(!in.hasRemaining(), "one Summary.Value per event");
            while (value.hasRemaining()) {
                long key = varint(value);
                switch ((int) key) {
                    case (1 << 3) | 2 -> tag = new String(bytes(value), StandardCharsets.UTF_8);
                    case (2 << 3) | 5 -> this.value = value.getFloat();
                    default -> throw new AssertionError("unexpected Summary.Value key " + key);
                }
            }
        }

        private static byte[] bytes(ByteBuffer in) {
            byte[] b = new byte[Math.toIntExact(varint(in))];
            in.get(b);
            return b;
        }

        private static long varint(ByteBuffer in) {
            long result = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = in.get();
                result |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return result;
                }
            }
        }
    }
}
