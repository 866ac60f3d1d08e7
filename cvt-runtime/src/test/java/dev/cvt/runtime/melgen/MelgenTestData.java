package dev.cvt.runtime.melgen;

/** Synthetic recordings for tests. */
public final class MelgenTestData {
    private MelgenTestData() {
    }

    /** An AG stream of {@code n} samples: a rep-like sine per channel over a gravity offset. */
    public static String agStream(int n, double period, int seed) {
        StringBuilder s = new StringBuilder();
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < n; i++) {
            s.append("mcu:");
            for (int c = 0; c < 6; c++) {
                double v = (c == 2 ? 16384 : 0) + 4000 * Math.sin(2 * Math.PI * i / period + c) + random.nextGaussian() * 40;
                s.append(',').append(Math.round(v));
            }
            s.append("\r\r\n");
        }
        return s.toString();
    }

}
