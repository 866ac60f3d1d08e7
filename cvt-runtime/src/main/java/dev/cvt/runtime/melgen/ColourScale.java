package dev.cvt.runtime.melgen;

import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.JsonFiles;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Which values a dataset's colours span. The original scales each spectrogram image from its own
 * minimum to its maximum dB, so two windows that differ only in level look the same; with
 * {@code MELGEN.SCALE: dataset} every spectrogram of view d is drawn over one dB range, and time
 * views ({@code MELGEN.TIME_VIEWS}) always are, so level (gravity direction, motion intensity) shows
 * in the colours. The ranges are fitted on the training split only, so test samples cannot shape
 * them, and kept in the dataset root as {@value #FILE} for users and for training on the arrays.
 *
 * @param scale       {@code MELGEN.SCALE}: {@code image} or {@code dataset}
 * @param percentiles the low and high percentile of the training values each range spans
 * @param melDb       per mel view, its dB range; null under {@code image}
 * @param timeValues  per time view (one per channel), the range of its values; null without time views
 */
public record ColourScale(String scale, List<Double> percentiles, List<Range> melDb, List<Range> timeValues) {
    /** The file in the dataset root; absent when every image scales itself (the original). */
    public static final String FILE = "colour-scale.json";
    public static final List<String> SCALES = List.of("image", "dataset");
    /**
     * Percentiles rather than minimum and maximum: one knock on the sensor in the training split would
     * otherwise squeeze every other image into a few colours. Values beyond them get the end colours.
     */
    static final List<Double> PERCENTILES = List.of(1.0, 99.0);
    /** The original: each image from its own minimum to maximum, no time views. */
    public static final ColourScale PER_IMAGE = new ColourScale("image", PERCENTILES, null, null);

    public record Range(double low, double high) {
    }

    /**
     * The ranges fitted on the windows of one training split, each window its views as float32
     * {@code [channel][sample]} (as {@code raw/<i>.npy} stores them) and its spectrograms (dB): per view
     * the {@code PERCENTILES} of all its spectrogram cells (as the float32 arrays store them) and, with
     * time views, of all its samples. Runs its parallel streams on the caller's pool.
     */
    public static ColourScale fit(String scale, boolean timeViews, List<float[][]> training, List<double[][][]> trainingDecibels) {
        boolean fixedMel = "dataset".equals(scale);
        if (!fixedMel && !timeViews) {
            return PER_IMAGE;
        }
        if (training.isEmpty()) {
            throw new InputException("the training split has no samples: MELGEN.SCALE 'dataset' and MELGEN.TIME_VIEWS "
                    + "fit their colour ranges on it");
        }
        int views = training.get(0).length;
        // the spectrograms melgen computed already: fitting must not compute them a second time
        List<Range> melDb = fixedMel ? ranges(views, trainingDecibels, ColourScale::floats) : null;
        List<Range> time = timeViews ? ranges(views, training, window -> window) : null;
        return new ColourScale(scale, PERCENTILES, melDb, time);
    }

    private static <T> List<Range> ranges(int views, List<T[]> training, Function<T, float[]> values) {
        List<Range> out = new ArrayList<>(views);
        for (int v = 0; v < views; v++) {
            int view = v;
            List<float[]> parts = IntStream.range(0, training.size()).parallel()
                    .mapToObj(i -> values.apply(training.get(i)[view])).toList();
            float[] all = new float[parts.stream().mapToInt(p -> p.length).sum()];
            int at = 0;
            for (float[] p : parts) {
                System.arraycopy(p, 0, all, at, p.length);
                at += p.length;
            }
            java.util.Arrays.sort(all);
            out.add(new Range(percentile(all, PERCENTILES.get(0)), percentile(all, PERCENTILES.get(1))));
        }
        return out;
    }

    /** numpy.percentile's default (linear) method over sorted values. */
    static double percentile(float[] sorted, double p) {
        double index = p / 100 * (sorted.length - 1);
        int below = (int) Math.floor(index);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (index - below) * ((double) sorted[above] - sorted[below]);
    }

    private static float[] floats(double[][] rows) {
        int columns = rows[0].length;
        float[] out = new float[rows.length * columns];
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < columns; c++) {
                out[r * columns + c] = (float) rows[r][c];
            }
        }
        return out;
    }

    /** Whether every image scales itself and there are no time views: nothing to record. */
    public boolean perImage() {
        return melDb == null && timeValues == null;
    }

    public int timeViewCount() {
        return timeValues == null ? 0 : timeValues.size();
    }

    /**
     * Mel view {@code view} of a sample, drawn onto {@code canvas} (from {@code renderer.blank()}): over its
     * fitted dB range, or under {@code image} its own minimum to maximum.
     */
    public BufferedImage drawMel(SpectrogramImage renderer, int view, double[][] db, BufferedImage canvas) {
        if (melDb == null) {
            return renderer.render(db, canvas);
        }
        return renderer.render(db, melDb.get(view).low(), melDb.get(view).high(), canvas);
    }

    /**
     * Time view {@code view} as a value strip: each sample one colour over the whole height ({@code strip}
     * has one band and a frame per sample). Chosen over a line plot: every pixel carries the value in the
     * same colour code as the spectrograms, where a thin line leaves most pixels background and holds
     * the value only in its row, which small convolution kernels see only near the line. The fixed range
     * keeps the level. Drawn onto {@code canvas}, from {@code strip.blank()}.
     */
    public BufferedImage drawTime(SpectrogramImage strip, int view, double[] values, BufferedImage canvas) {
        return strip.render(new double[][] {values}, timeValues.get(view).low(), timeValues.get(view).high(), canvas);
    }

    /** Writes {@value #FILE} into the dataset root unless every image scales itself. */
    void write(Path root) {
        if (!perImage()) {
            JsonFiles.write(root.resolve(FILE), this);
        }
    }

    /** The scale of the dataset at {@code root}: its {@value #FILE}, or {@link #PER_IMAGE} when it has none. */
    public static ColourScale read(Path root) {
        Path file = root.resolve(FILE);
        ColourScale read = JsonFiles.readIfPresent(file, ColourScale.class);
        if (read == null) {
            return PER_IMAGE;
        }
        if (!SCALES.contains(read.scale()) || ("dataset".equals(read.scale()) != (read.melDb() != null))) {
            throw new CvtException(file + ": scale '" + read.scale() + "' with " + (read.melDb() == null ? "no " : "")
                    + "mel_db ranges: 'dataset' has them, 'image' not; run melgen again");
        }
        return read;
    }
}
