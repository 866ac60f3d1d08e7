package dev.cvt.runtime.melgen;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Draws a dB spectrogram the way the original's {@code librosa.display.specshow(cmap='magma')} did:
 * the lowest mel band at the bottom, the first frame at the left, each cell one flat colour, the
 * colour scale from the window's minimum dB to its maximum (matplotlib's autoscaled Normalize and a
 * 256-entry colormap), or over a fixed range ({@code Normalize(vmin, vmax)}, values outside it
 * clipped to the end colours). A time view is drawn as a spectrogram of one band: each sample's
 * value one colour, over the whole height. The one place that turns values into pixels, for melgen
 * and for training on arrays. Immutable; one instance per image size serves all threads.
 */
public final class SpectrogramImage {
    private static final int[] MAGMA = loadMagma();
    private static final int[] RGB_BANDS = {0, 1, 2};
    private static final ColorModel RGB = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
            false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);

    private final int width;
    private final int height;
    private final int[] frameOfColumn;
    private final int[] bandOfRow;

    public SpectrogramImage(int width, int height, int mels, int frames) {
        this.width = width;
        this.height = height;
        frameOfColumn = new int[width];
        for (int x = 0; x < width; x++) {
            frameOfColumn[x] = (int) ((long) x * frames / width);
        }
        bandOfRow = new int[height];
        for (int y = 0; y < height; y++) {
            bandOfRow[y] = mels - 1 - (int) ((long) y * mels / height); // row 0 is the top: the highest band
        }
    }

    /**
     * A blank image of this size for {@link #render}: interleaved R, G, B bytes, the layout the JPEG writer
     * takes row by row as it is, where the usual BGR layout costs it a band reordering per row (measured:
     * a third of the encoding time). Melgen draws every image of a thread on one: a fresh one per image was
     * a fifth of its time spent writing, most of it the first touch of new memory.
     */
    public BufferedImage blank() {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, width * 3, 3,
                RGB_BANDS, null);
        return new BufferedImage(RGB, raster, false, null);
    }

    /** {@code db[mel][frame]} drawn onto {@code canvas} (one of {@link #blank()}), its colour scale from its minimum to maximum. */
    public BufferedImage render(double[][] db, BufferedImage canvas) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : db) {
            for (double v : row) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return render(db, min, max, canvas);
    }

    /** {@code db[mel][frame]} drawn onto {@code canvas} (one of {@link #blank()}, every pixel replaced), the colour scale from {@code min} to {@code max}. */
    public BufferedImage render(double[][] db, double min, double max, BufferedImage canvas) {
        if (canvas.getWidth() != width || canvas.getHeight() != height) {
            throw new IllegalArgumentException("a " + canvas.getWidth() + "x" + canvas.getHeight() + " canvas for " + width + "x"
                    + height + " images");
        }
        int rowBytes = width * 3;
        byte[] pixels = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < height; y++) {
            int offset = y * rowBytes;
            if (y > 0 && bandOfRow[y] == bandOfRow[y - 1]) {
                // the pixel rows of a band are adjacent and alike: copy the one above
                System.arraycopy(pixels, offset - rowBytes, pixels, offset, rowBytes);
                continue;
            }
            double[] band = db[bandOfRow[y]];
            for (int x = 0; x < width; x++) {
                int rgb = MAGMA[colourIndex(band[frameOfColumn[x]], min, max)];
                pixels[offset + 3 * x] = (byte) (rgb >> 16);
                pixels[offset + 3 * x + 1] = (byte) (rgb >> 8);
                pixels[offset + 3 * x + 2] = (byte) rgb;
            }
        }
        return canvas;
    }

    /** matplotlib: v = (x - vmin) / (vmax - vmin); index = int(v * 256), 1.0 mapped to 255; flat data maps to 0. */
    static int colourIndex(double value, double min, double max) {
        if (!(max > min)) {
            return 0;
        }
        double v = (value - min) / (max - min);
        return Math.min(MAGMA.length - 1, Math.max(0, (int) (v * MAGMA.length)));
    }

    private static int[] loadMagma() {
        int[] lut = new int[256];
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                SpectrogramImage.class.getResourceAsStream("magma.txt"), StandardCharsets.US_ASCII))) {
            int n = 0;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] rgb = line.trim().split("\\s+");
                lut[n++] = Integer.parseInt(rgb[0]) << 16 | Integer.parseInt(rgb[1]) << 8 | Integer.parseInt(rgb[2]);
            }
            if (n != lut.length) {
                throw new IllegalStateException("magma.txt has " + n + " entries, not 256");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lut;
    }
}
