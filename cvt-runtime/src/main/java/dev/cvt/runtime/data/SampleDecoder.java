package dev.cvt.runtime.data;

import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.melgen.ColourScale;
import dev.cvt.runtime.melgen.Melgen;
import dev.cvt.runtime.melgen.NpyFiles;
import dev.cvt.runtime.melgen.SpectrogramImage;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Turns a sample's files into one RGB image per view: image files are decoded; a melgen array
 * ({@code [views, mels, frames]} dB) is drawn straight into pixels with melgen's own colour mapping
 * and the dataset's {@link ColourScale}, followed by the time views of its {@code raw/<i>.npy} when
 * the dataset has them, so training on arrays sees the images melgen would have written, without the
 * JPEG round trip.
 */
public final class SampleDecoder {
    private final boolean arrays;
    private final int views;
    private final int width;
    private final int height;
    private final ColourScale scale;

    /**
     * @param width  width of images drawn from arrays ({@code MELGEN.IMAGE_SIZE})
     * @param height height of images drawn from arrays
     * @param scale  the colour ranges of the dataset the arrays are from
     */
    public SampleDecoder(boolean arrays, int views, int width, int height, ColourScale scale) {
        this.arrays = arrays;
        this.views = views;
        this.width = width;
        this.height = height;
        this.scale = scale;
    }

    public List<RgbImage> decode(MultiViewFolder.Sample sample) {
        if (arrays) {
            return draw(sample.views().get(0));
        }
        List<RgbImage> out = new ArrayList<>(sample.views().size());
        for (Path file : sample.views()) {
            out.add(read(file));
        }
        return out;
    }

    private List<RgbImage> draw(Path file) {
        NpyFiles.Array array = NpyFiles.readFloat32(file);
        int[] shape = array.shape();
        int timeViews = scale.timeViewCount();
        int melViews = views - timeViews;
        if (shape.length != 3 || shape[0] != melViews) {
            throw new CvtException(file + ": array of shape " + java.util.Arrays.toString(shape) + "; expected [" + melViews
                    + " (DATASET.NUM_DIMS" + (timeViews > 0 ? " less " + timeViews + " time views" : "") + "), mels, frames]");
        }
        if (scale.melDb() != null && scale.melDb().size() != melViews) {
            throw new CvtException(file + ": " + melViews + " views but the dataset's " + ColourScale.FILE + " has "
                    + scale.melDb().size() + " mel_db ranges");
        }
        int mels = shape[1];
        int frames = shape[2];
        SpectrogramImage renderer = new SpectrogramImage(width, height, mels, frames);
        List<RgbImage> out = new ArrayList<>(views);
        for (int v = 0; v < melViews; v++) {
            double[][] db = new double[mels][frames];
            for (int m = 0; m < mels; m++) {
                for (int f = 0; f < frames; f++) {
                    db[m][f] = array.values()[(v * mels + m) * frames + f];
                }
            }
            // a canvas per view: the RgbImage keeps its pixels
            out.add(rgb(scale.drawMel(renderer, v, db, renderer.blank())));
        }
        if (timeViews > 0) {
            drawTime(file.getParent().resolveSibling(Melgen.RAW_FOLDER).resolve(file.getFileName()), timeViews, out);
        }
        return out;
    }

    /** The time views of a sample, from its {@code raw/<i>.npy} ({@code [channels, samples]}). */
    private void drawTime(Path file, int timeViews, List<RgbImage> out) {
        if (!Files.isRegularFile(file)) {
            throw new CvtException(file + ": not found; the dataset's " + ColourScale.FILE + " lists " + timeViews
                    + " time views (MELGEN.TIME_VIEWS), each sample's are in this file");
        }
        NpyFiles.Array array = NpyFiles.readFloat32(file);
        int[] shape = array.shape();
        if (shape.length != 2 || shape[0] != timeViews) {
            throw new CvtException(file + ": array of shape " + java.util.Arrays.toString(shape) + "; expected ["
                    + timeViews + " (time views), samples]");
        }
        int length = shape[1];
        SpectrogramImage strip = new SpectrogramImage(width, height, 1, length);
        for (int c = 0; c < timeViews; c++) {
            double[] values = new double[length];
            for (int i = 0; i < length; i++) {
                values[i] = array.values()[c * length + i];
            }
            out.add(rgb(scale.drawTime(strip, c, values, strip.blank())));
        }
    }

    private RgbImage rgb(BufferedImage image) {
        return new RgbImage(width, height, ((DataBufferByte) image.getRaster().getDataBuffer()).getData());
    }

    static RgbImage read(Path file) {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new CvtException(file + ": cannot read the image (" + e.getMessage() + ")");
        }
        if (image == null) {
            throw new CvtException(file + ": not an image ImageIO can decode");
        }
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[3 * argb.length];
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return new RgbImage(w, h, rgb);
    }
}
