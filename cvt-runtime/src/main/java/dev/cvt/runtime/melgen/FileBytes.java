package dev.cvt.runtime.melgen;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import javax.imageio.stream.ImageOutputStreamImpl;

/**
 * The bytes of one small file, assembled in memory and written with one call: an image (it is the
 * ImageIO writer's output stream, JPEG or PNG) or a {@code .npy} array. Melgen writes three files per
 * window; a fresh buffer and stream for each was a fifth of all it allocated, and every new page the
 * heap grows by costs a page fault. One instance per thread ({@link #cleared()}), reused file after
 * file, and never closed: it holds nothing but its array.
 */
final class FileBytes extends ImageOutputStreamImpl {
    private static final ThreadLocal<FileBytes> PER_THREAD = ThreadLocal.withInitial(FileBytes::new);

    private byte[] bytes = new byte[64 * 1024];
    private int length;

    private FileBytes() {
    }

    /** This thread's instance, emptied. */
    static FileBytes cleared() {
        FileBytes out = PER_THREAD.get();
        out.length = 0;
        out.streamPos = 0;
        out.flushedPos = 0;
        out.bitOffset = 0;
        return out;
    }

    /** The next {@code count} bytes of the file, little-endian, to fill in; the stream moves past them. */
    ByteBuffer append(int count) {
        int at = advance(count);
        return ByteBuffer.wrap(bytes, at, count).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Moves the stream past the next {@code count} bytes, making room for them; returns where they start. */
    private int advance(int count) {
        int at = Math.toIntExact(streamPos);
        if (at + count > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(at + count, 2 * bytes.length));
        }
        if (at > length) {
            Arrays.fill(bytes, length, at, (byte) 0); // a gap sought past the end: zeros, not an earlier file's bytes
        }
        streamPos += count;
        length = Math.max(length, at + count);
        return at;
    }

    /** Writes the bytes so far to {@code file}, replacing it. */
    void writeTo(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer content = ByteBuffer.wrap(bytes, 0, length);
            while (content.hasRemaining()) {
                channel.write(content);
            }
        }
    }

    @Override
    public void write(int b) throws IOException {
        flushBits();
        int at = advance(1);
        bytes[at] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        flushBits();
        int at = advance(len);
        System.arraycopy(b, off, bytes, at, len);
    }

    @Override
    public int read() {
        bitOffset = 0;
        if (streamPos >= length) {
            return -1;
        }
        return bytes[(int) streamPos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        bitOffset = 0;
        if (streamPos >= length) {
            return -1;
        }
        int n = Math.min(len, length - (int) streamPos);
        System.arraycopy(bytes, (int) streamPos, b, off, n);
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        return length;
    }

    /** Nothing to release, and the thread's next file needs the instance open. */
    @Override
    public void close() {
    }
}
