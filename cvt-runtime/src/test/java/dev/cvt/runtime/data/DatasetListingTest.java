package dev.cvt.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.Log;
import dev.cvt.runtime.config.ConfigLoader;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.melgen.NpyFiles;
import dev.cvt.runtime.melgen.SpectrogramImage;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The single-view ImageNet layout and melgen's arrays as inputs. */
class DatasetListingTest {
    @TempDir
    Path dir;

    @Test
    void imagenetLayoutHasOneViewPerFile() throws IOException {
        for (String cls : List.of("b", "a")) {
            Files.createDirectories(dir.resolve("train").resolve(cls));
            for (String name : List.of("10.jpg", "2.jpg")) {
                ImageIO.write(new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB), "jpg", dir.resolve("train").resolve(cls).resolve(name).toFile());
            }
            Files.writeString(dir.resolve("train").resolve(cls).resolve("notes.txt"), "not an image");
        }
        ExperimentConfig c = ConfigLoader.defaults(List.of("DATASET.DATASET", "imagenet", "DATASET.ROOT", dir.toString()));
        MultiViewFolder.Listing listing = DatasetListing.list(c, "train", dir, Log.CONSOLE);
        assertEquals(List.of("a", "b"), listing.classes());
        assertEquals(List.of("a/2.jpg", "a/10.jpg", "b/2.jpg", "b/10.jpg"), listing.samples().stream().map(MultiViewFolder.Sample::id).toList());
        assertEquals(1, listing.samples().get(0).views().size());
        ExperimentConfig twoViews = ConfigLoader.defaults(List.of("DATASET.DATASET", "imagenet", "DATASET.NUM_DIMS", "2"));
        CvtException e = assertThrows(CvtException.class, () -> DatasetListing.list(twoViews, "train", dir, Log.CONSOLE));
        assertTrue(e.getMessage().contains("DATASET.DATASET imagenet has one view; DATASET.NUM_DIMS is 2"), e.getMessage());
    }

    @Test
    void melgenArraysAreDrawnAsMelgenDrawsThem() throws IOException {
        int views = 2;
        int mels = 3;
        int frames = 4;
        float[] values = new float[views * mels * frames];
        for (int i = 0; i < values.length; i++) {
            values[i] = -80f + 7 * i % 80;
        }
        Path mel = dir.resolve("val/walk/mel");
        Files.createDirectories(mel);
        NpyFiles.write(mel.resolve("0.npy"), values, views, mels, frames);
        ExperimentConfig c = ConfigLoader.defaults(List.of("DATASET.DATASET", "multidim_imagenet", "DATASET.NUM_DIMS", "2",
                "DATASET.DATA_FORMAT", "npy", "DATASET.ROOT", dir.toString(), "MELGEN.IMAGE_SIZE", "[8, 6]"));
        MultiViewFolder.Listing listing = DatasetListing.list(c, "val", dir, Log.CONSOLE);
        assertEquals(List.of("walk/0.npy"), listing.samples().stream().map(MultiViewFolder.Sample::id).toList());
        List<RgbImage> drawn = Workers.decoder(c, dir).decode(listing.samples().get(0));
        assertEquals(2, drawn.size());
        double[][] second = new double[mels][frames];
        for (int m = 0; m < mels; m++) {
            for (int f = 0; f < frames; f++) {
                second[m][f] = values[(mels + m) * frames + f];
            }
        }
        SpectrogramImage renderer = new SpectrogramImage(8, 6, mels, frames);
        BufferedImage expected = renderer.render(second, renderer.blank());
        assertArrayEquals(((DataBufferByte) expected.getRaster().getDataBuffer()).getData(), drawn.get(1).pixels());

        NpyFiles.write(mel.resolve("1.npy"), new float[12], 1, 3, 4);
        MultiViewFolder.Listing two = DatasetListing.list(c, "val", dir, Log.CONSOLE);
        CvtException e = assertThrows(CvtException.class, () -> Workers.decoder(c, dir).decode(two.samples().get(1)));
        assertTrue(e.getMessage().contains("1.npy: array of shape [1, 3, 4]; expected [2 (DATASET.NUM_DIMS), mels, frames]"), e.getMessage());
    }
}
