package dev.cvt.runtime.melgen;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes images to JPEG or PNG bytes with ImageIO. Each thread keeps its own writer (looking one
 * up per image costs as much as encoding a small image) and its own output buffer.
 */
final class ImageFiles {
    private final String format;
    private final float jpegQuality;
    private final ThreadLocal<ImageWriter> writers;
    private final ThreadLocal<ByteArrayOutputStream> buffers = ThreadLocal.withInitial(() -> new ByteArrayOutputStream(64 * 1024));

    ImageFiles(String format, float jpegQuality) {
        this.format = format;
        this.jpegQuality = jpegQuality;
        this.writers = ThreadLocal.withInitial(() -> {
            Iterator<ImageWriter> found = ImageIO.getImageWritersByFormatName("jpg".equals(format) ? "jpeg" : format);
            if (!found.hasNext()) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return found.next();
        });
    }

    String extension() {
        return format;
    }

    byte[] encode(BufferedImage image) {
        ImageWriter writer = writers.get();
        ByteArrayOutputStream bytes = buffers.get();
        bytes.reset();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if ("jpg".equals(format)) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(jpegQuality);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
