package dev.cvt.runtime.data;

import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.melgen.NpyFiles;
import dev.cvt.runtime.melgen.SpectrogramImage;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Turns a sample's files into one RGB image per view: image files are decoded; a melgen array
 * ({@code [views, mels, frames]} dB) is drawn straight into pixels with melgen's own colour mapping,
 * so training on arrays sees the images melgen would have written, without the JPEG round trip.
 */
public final class SampleDecoder {
    private final boolean arrays;
    private final int views;
    private final int width;
    private final int height;

    /**
     * @param width  width of images drawn from arrays ({@code MELGEN.IMAGE_SIZE})
     * @param height height of images drawn from arrays
     */
    public SampleDecoder(boolean arrays, int views, int width, int height) {
        this.arrays = arrays;
        this.views = views;
        this.width = width;
        this.height = height;
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
        if (shape.length != 3 || shape[0] != views) {
            throw new CvtException(file + ": array of shape " + java.util.Arrays.toString(shape) + "; expected [" + views
                    + " (DATASET.NUM_DIMS), mels, frames]");
        }
        int mels = shape[1];
        int frames = shape[2];
        SpectrogramImage renderer = new SpectrogramImage(width, height, mels, frames);
        List<RgbImage> out = new ArrayList<>(views);
        for (int v = 0; v < views; v++) {
            double[][] db = new double[mels][frames];
            for (int m = 0; m < mels; m++) {
                for (int f = 0; f < frames; f++) {
                    db[m][f] = array.values()[(v * mels + m) * frames + f];
                }
            }
            BufferedImage image = renderer.render(db);
            out.add(new RgbImage(width, height, ((DataBufferByte) image.getRaster().getDataBuffer()).getData()));
        }
        return out;
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
