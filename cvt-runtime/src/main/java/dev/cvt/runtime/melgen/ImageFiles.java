package dev.cvt.runtime.melgen;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;

/**
 * Writes images as JPEG or PNG files with ImageIO. Each thread keeps its own writer (looking one
 * up per image costs as much as encoding a small image) and encodes into its own {@link FileBytes}.
 */
final class ImageFiles {
    private final String format;
    private final float jpegQuality;
    private final ThreadLocal<ImageWriter> writers;

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

    /** Encodes {@code image} into {@code file}, replacing it. */
    void write(BufferedImage image, Path file) throws IOException {
        ImageWriter writer = writers.get();
        FileBytes out = FileBytes.cleared();
        writer.setOutput(out);
        ImageWriteParam param = writer.getDefaultWriteParam();
        if ("jpg".equals(format)) {
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(jpegQuality);
        }
        writer.write(null, new IIOImage(image, null, null), param);
        out.writeTo(file);
    }
}
