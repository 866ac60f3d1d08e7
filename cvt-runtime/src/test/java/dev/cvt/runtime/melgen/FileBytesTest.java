package dev.cvt.runtime.melgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each thread's one buffer, reused file after file, must leave nothing of one file in the next. */
class FileBytesTest {
    @TempDir
    Path dir;

    private static final double[][] DB = {{-80, -20, -5, 0, -40}, {-60, -10, -30, -70, -1}, {-3, -50, -25, -15, -65}};

    @Test
    void aSmallerImageAfterALargerOneHasTheBytesAFreshThreadWrites() throws Exception {
        SpectrogramImage large = new SpectrogramImage(300, 200, 3, 5);
        SpectrogramImage small = new SpectrogramImage(20, 10, 3, 5);
        ExecutorService fresh = Executors.newSingleThreadExecutor();
        try {
            for (String format : List.of("jpg", "png")) {
                ImageFiles images = new ImageFiles(format, 0.9f);
                images.write(large.render(DB, large.blank()), dir.resolve("large." + format));
                images.write(small.render(DB, small.blank()), dir.resolve("small." + format));
                Path first = dir.resolve("first." + format);
                fresh.submit(() -> {
                    images.write(small.render(DB, small.blank()), first);
                    return null;
                }).get();
                assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(dir.resolve("small." + format)), format);
                assertEquals(300, ImageIO.read(dir.resolve("large." + format).toFile()).getWidth(), format);
            }
        } finally {
            fresh.shutdown();
        }
    }

    @Test
    void anArrayAfterAnImageHoldsOnlyItsHeaderAndValues() throws IOException {
        SpectrogramImage large = new SpectrogramImage(300, 200, 3, 5);
        new ImageFiles("png", 0.9f).write(large.render(DB, large.blank()), dir.resolve("large.png"));
        Path array = dir.resolve("db.npy");
        NpyFiles.write(array, new double[][][] {DB});
        NpyFiles.Array read = NpyFiles.readFloat32(array);
        assertArrayEquals(new int[] {1, 3, 5}, read.shape());
        assertEquals(-80f, read.values()[0]);
        assertEquals(-65f, read.values()[14]);
        assertEquals(128 + 4 * 15, Files.size(array), "a 128-byte header and 15 float32 values, nothing after them");
    }
}
