package dev.cvt.runtime.melgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.junit.jupiter.api.Test;

class SpectrogramImageTest {
    // matplotlib's magma: first and last entries
    private static final int DARKEST = 0x000004;
    private static final int BRIGHTEST = 0xfcfdbf;

    @Test
    void aCanvasDrawnOnAgainHoldsOnlyTheNewImage() {
        SpectrogramImage renderer = new SpectrogramImage(9, 7, 3, 4);
        double[][] first = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}};
        double[][] second = {{-3, 0, 0, 2}, {0, 40, 1, 0}, {7, 0, 0, -9}};
        BufferedImage reused = renderer.render(first, renderer.blank());
        renderer.render(second, reused);
        assertArrayEquals(((DataBufferByte) renderer.render(second, renderer.blank()).getRaster().getDataBuffer()).getData(),
                ((DataBufferByte) reused.getRaster().getDataBuffer()).getData());
        assertThrows(IllegalArgumentException.class, () -> renderer.render(second, new SpectrogramImage(8, 7, 3, 4).blank()));
    }

    @Test
    void lowestBandAtTheBottomFirstFrameAtTheLeftFlatCells() {
        double[][] db = new double[3][4];
        db[0][0] = 10; // lowest band, first frame: the maximum
        db[2][3] = -70; // highest band, last frame: the minimum
        SpectrogramImage renderer = new SpectrogramImage(8, 6, 3, 4);
        BufferedImage image = renderer.render(db, renderer.blank());
        // each cell is 2 x 2 pixels here; band 0 is the bottom two rows
        for (int y = 4; y < 6; y++) {
            for (int x = 0; x < 2; x++) {
                assertEquals(BRIGHTEST, image.getRGB(x, y) & 0xffffff);
            }
        }
        for (int y = 0; y < 2; y++) {
            for (int x = 6; x < 8; x++) {
                assertEquals(DARKEST, image.getRGB(x, y) & 0xffffff);
            }
        }
        int middle = image.getRGB(2, 2) & 0xffffff; // 0 dB, 7/8 of the way up the scale
        assertEquals(middle, image.getRGB(3, 3) & 0xffffff);
        assertEquals(middle, image.getRGB(4, 5) & 0xffffff);
    }

    @Test
    void colourIndexLikeMatplotlib() {
        assertEquals(0, SpectrogramImage.colourIndex(-80, -80, 0));
        assertEquals(255, SpectrogramImage.colourIndex(0, -80, 0));
        assertEquals(128, SpectrogramImage.colourIndex(-40, -80, 0));
        assertEquals(127, SpectrogramImage.colourIndex(-40.0001, -80, 0));
        assertEquals(0, SpectrogramImage.colourIndex(5, 5, 5), "a flat window maps to the lowest colour");
    }
}
