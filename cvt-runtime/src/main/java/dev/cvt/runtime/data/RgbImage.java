package dev.cvt.runtime.data;

/** A decoded image: interleaved R, G, B bytes, row by row ({@code [height, width, 3]}). */
public record RgbImage(int width, int height, byte[] pixels) {
    public long bytes() {
        return pixels.length;
    }
}
