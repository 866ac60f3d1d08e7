package dev.cvt.runtime.baseline;

import dev.cvt.runtime.melgen.NpyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Raw windows [2 channels, 50 samples] in melgen's layout, {@code <root>/<split>/<class>/raw/<i>.npy}:
 * class "flat" is noise around 0, "level" the same noise around 3, "wave" a sine of amplitude 3 at a
 * random phase, any other class noise around -3.
 */
public final class ToyWindows {
    private ToyWindows() {
    }

    /** {@code count} windows of {@code cls}; {@code noise} is the noise's standard deviation. */
    public static void write(Path root, String split, String cls, int count, double noise, long seed) throws IOException {
        Path dir = Files.createDirectories(root.resolve(split).resolve(cls).resolve("raw"));
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            float[] values = new float[2 * 50];
            double phase = random.nextDouble() * 2 * Math.PI;
            for (int c = 0; c < 2; c++) {
                for (int t = 0; t < 50; t++) {
                    double signal = switch (cls) {
                        case "flat" -> 0;
                        case "level" -> 3;
                        case "wave" -> 3 * Math.sin(2 * Math.PI * t / 10 + phase);
                        default -> -3;
                    };
                    values[c * 50 + t] = (float) (signal + noise * random.nextGaussian());
                }
            }
            NpyFiles.write(dir.resolve(i + ".npy"), values, 2, 50);
        }
    }
}
