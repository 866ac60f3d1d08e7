package dev.cvt.runtime.melgen;

import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.FolderLock;
import dev.cvt.runtime.Log;
import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * {@code melgen}: recordings → windows → mel spectrograms → a multi-view dataset
 * {@code <root>/<split>/<class>/dim<d>/<i>.jpg} (views numbered from 1, as the original) with the raw dB arrays
 * ({@code <root>/<split>/<class>/mel/<i>.npy}, float32 {@code [views, mels, frames]}), the window's values
 * ({@code raw/<i>.npy}, float32 {@code [views, samples]}), a manifest,
 * class counts and the effective config. Skips the work when inputs and config are unchanged.
 */
public final class Melgen {
    /** The dataset root's file with the hash of everything the dataset was made from. */
    public static final String FINGERPRINT_FILE = "fingerprint.sha256";
    /** The dataset root's table of samples per split and class. */
    public static final String COUNTS_FILE = "counts.csv";

    private Melgen() {
    }

    /** What a run did. {@code upToDate}: nothing was written, the dataset matched the inputs already. */
    public record Result(boolean upToDate, Path root, int samples, int images, double seconds, String summary) {
    }

    /** One window of one recording, and where it goes in the dataset. */
    private record Sample(String className, String source, Windowing.Window window, String split, int index) {
    }

    /** Writes the dataset, holding its folder's lock: two melgens of one dataset would replace each other's work. */
    public static Result run(ExperimentConfig config, Path workDir, boolean force, Log log) {
        long started = System.nanoTime();
        MelgenSpec spec = MelgenSpec.from(config, workDir);
        try (FolderLock lock = FolderLock.acquire(spec.outputRoot(), "melgen")) {
            return generate(config, spec, force, log, started);
        }
    }

    private static Result generate(ExperimentConfig config, MelgenSpec spec, boolean force, Log log, long started) {
        String fingerprint = Fingerprint.of(config, spec);
        Path marker = spec.outputRoot().resolve(FINGERPRINT_FILE);
        if (!force && Fingerprint.matches(marker, fingerprint)) {
            log.info("melgen: " + spec.outputRoot() + " is up to date (inputs and config unchanged); force a run to redo it");
            return new Result(true, spec.outputRoot(), 0, 0, 0, "");
        }
        int[] imageSize = imageSize(config);
        String format = config.string("MELGEN.IMAGE_FORMAT");
        if (!List.of("jpg", "png").contains(format)) {
            throw new ConfigException(config.origin("MELGEN.IMAGE_FORMAT") + ": MELGEN.IMAGE_FORMAT is '" + format + "'; allowed: jpg, png");
        }
        ImageFiles images = new ImageFiles(format, (float) config.number("MELGEN.JPEG_QUALITY"));
        int threads = config.integer("MELGEN.THREADS") > 0 ? config.integer("MELGEN.THREADS") : Runtime.getRuntime().availableProcessors();
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            List<MelgenSpec.RecordingSpec> recordings = spec.classes().stream().flatMap(c -> c.recordings().stream()).toList();
            List<RecordingWindows> read = parallel(pool, recordings.size(), i -> RecordingWindows.of(recordings.get(i)));
            read.forEach(r -> r.report().forEach(log::warn));
            List<Sample> samples = assignSamples(config, spec, read);
            warnImbalance(samples, config, log);

            int frames = spec.mel().frames(recordings.get(0).recipe().windowLength());
            for (MelgenSpec.RecordingSpec r : recordings) {
                if (spec.mel().frames(r.recipe().windowLength()) != frames) {
                    throw new ConfigException("recording " + r.id() + ": its windows are " + r.recipe().windowLength()
                            + " samples, others' differ: every sample needs the same spectrogram size (WINDOW/KEEP)");
                }
            }
            SpectrogramImage renderer = new SpectrogramImage(imageSize[0], imageSize[1], spec.mel().mels(), frames);
            try (DatasetFolder folder = new DatasetFolder(spec.outputRoot())) {
                Path root = folder.staging();
                createFolders(root, samples, spec.views());
                parallel(pool, samples.size(), i -> {
                    writeSample(root, samples.get(i), spec, renderer, images);
                    return null;
                });
                Manifest.write(root, samples.stream().map(s -> new Manifest.Row(s.className(), s.split(), s.index(),
                        s.source(), s.window().index(), s.window().startSeconds())).toList(), splits(config));
                Files.writeString(root.resolve("config.yaml"), "# effective config of this dataset (cvt melgen)\n" + config.toYaml(),
                        StandardCharsets.UTF_8);
                Files.writeString(root.resolve(FINGERPRINT_FILE), fingerprint + "\n", StandardCharsets.US_ASCII);
                folder.commit();
            } catch (IOException e) {
                throw new InputException(spec.outputRoot() + ": cannot write the dataset (" + e.getMessage() + ")");
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            int imageCount = samples.size() * spec.views();
            String summary = Manifest.summary(samples.stream().map(s -> new String[] {s.split(), s.className()}).toList(),
                    splits(config), spec.views())
                    + String.format(Locale.ROOT, "%d samples, %d images in %.2f s (%.0f images/s, %d threads) -> %s",
                    samples.size(), imageCount, seconds, imageCount / seconds, threads, spec.outputRoot());
            log.info(summary);
            return new Result(false, spec.outputRoot(), samples.size(), imageCount, seconds, summary);
        } finally {
            pool.shutdown();
        }
    }

    private static List<Sample> assignSamples(ExperimentConfig config, MelgenSpec spec, List<RecordingWindows> read) {
        List<List<Integer>> counts = new ArrayList<>();
        int r = 0;
        for (MelgenSpec.ClassSpec c : spec.classes()) {
            List<Integer> perRecording = new ArrayList<>();
            for (int i = 0; i < c.recordings().size(); i++) {
                perRecording.add(read.get(r++).windows().size());
            }
            counts.add(perRecording);
        }
        List<List<boolean[]>> flags = Split.assign(config, spec, counts);
        String train = config.string("DATASET.TRAIN_SET");
        String test = config.string("DATASET.TEST_SET");
        List<Sample> samples = new ArrayList<>();
        r = 0;
        for (int c = 0; c < spec.classes().size(); c++) {
            int trainIndex = 0;
            int testIndex = 0;
            MelgenSpec.ClassSpec cls = spec.classes().get(c);
            for (int i = 0; i < cls.recordings().size(); i++) {
                RecordingWindows recording = read.get(r++);
                boolean[] held = flags.get(c).get(i);
                for (int w = 0; w < held.length; w++) {
                    samples.add(new Sample(cls.name(), recording.source(), recording.windows().get(w),
                            held[w] ? test : train, held[w] ? testIndex++ : trainIndex++));
                }
            }
        }
        return samples;
    }

    /** A class under 10 % of a split trains a majority-class predictor; say so. */
    private static void warnImbalance(List<Sample> samples, ExperimentConfig config, Log log) {
        for (String split : splits(config)) {
            List<Sample> inSplit = samples.stream().filter(s -> s.split().equals(split)).toList();
            if (inSplit.isEmpty()) {
                log.warn("split '" + split + "' has no samples");
                continue;
            }
            inSplit.stream().map(Sample::className).distinct().forEach(c -> {
                long n = inSplit.stream().filter(s -> s.className().equals(c)).count();
                if (n * 10 < inSplit.size()) {
                    log.warn(String.format(Locale.ROOT, "class '%s' is %.1f %% of split '%s' (%d of %d samples): "
                            + "a model can score high by ignoring it", c, 100.0 * n / inSplit.size(), split, n, inSplit.size()));
                }
            });
        }
    }

    private static List<String> splits(ExperimentConfig config) {
        return List.of(config.string("DATASET.TRAIN_SET"), config.string("DATASET.TEST_SET"));
    }

    private static void createFolders(Path root, List<Sample> samples, int views) throws IOException {
        for (String folder : samples.stream().map(s -> s.split() + "/" + s.className()).distinct().toList()) {
            Path classDir = root.resolve(folder);
            for (int d = 1; d <= views; d++) {
                Files.createDirectories(classDir.resolve("dim" + d));
            }
            Files.createDirectories(classDir.resolve("mel"));
            Files.createDirectories(classDir.resolve("raw"));
        }
    }

    private static void writeSample(Path root, Sample sample, MelgenSpec spec, SpectrogramImage renderer, ImageFiles images) {
        Path classDir = root.resolve(sample.split()).resolve(sample.className());
        double[][] views = sample.window().views();
        int mels = spec.mel().mels();
        int frames = spec.mel().frames(views[0].length);
        float[] array = new float[views.length * mels * frames];
        try {
            for (int v = 0; v < views.length; v++) {
                double[][] db = spec.mel().decibels(views[v]);
                for (int m = 0; m < mels; m++) {
                    for (int t = 0; t < frames; t++) {
                        float value = (float) db[m][t];
                        if (!Float.isFinite(value)) {
                            throw notFinite(sample, v);
                        }
                        array[(v * mels + m) * frames + t] = value;
                    }
                }
                Files.write(classDir.resolve("dim" + (v + 1)).resolve(sample.index() + "." + images.extension()),
                        images.encode(renderer.render(db)));
            }
            Files.write(classDir.resolve("mel").resolve(sample.index() + ".npy"), NpyFiles.float32(array, views.length, mels, frames));
            Files.write(classDir.resolve("raw").resolve(sample.index() + ".npy"),
                    NpyFiles.float32(raw(sample), views.length, views[0].length));
        } catch (IOException e) {
            throw new InputException(classDir + ": cannot write sample " + sample.index() + " (" + e.getMessage() + ")");
        }
    }

    /** The window's values as float32 [views, samples], for models of the signal itself (the baseline of test). */
    private static float[] raw(Sample sample) {
        double[][] views = sample.window().views();
        float[] raw = new float[views.length * views[0].length];
        for (int v = 0; v < views.length; v++) {
            for (int t = 0; t < views[v].length; t++) {
                raw[v * views[v].length + t] = (float) views[v][t];
                if (Float.isInfinite(raw[v * views[v].length + t])) {
                    throw new InputException(String.format(Locale.ROOT, "%s: window %d (from %.3f s), view dim%d: a value beyond "
                            + "float32's range (%g)", sample.source(), sample.window().index(), sample.window().startSeconds(), v + 1,
                            views[v][t]));
                }
            }
        }
        return raw;
    }

    /**
     * The readers accept only finite values, but huge ones (1e308) still overflow the power spectrum and
     * leave NaN in the dB array: such a sample must fail the run, not replace a good dataset.
     */
    private static InputException notFinite(Sample sample, int view) {
        return new InputException(String.format(Locale.ROOT, "%s: window %d (from %.3f s), view dim%d: the spectrogram is not finite: "
                + "the recording's values are too large (their squares overflow a double)", sample.source(), sample.window().index(),
                sample.window().startSeconds(), view + 1));
    }

    private static int[] imageSize(ExperimentConfig config) {
        List<Object> size = config.list("MELGEN.IMAGE_SIZE");
        if (size.size() != 2 || (Integer) size.get(0) < 8 || (Integer) size.get(1) < 8) {
            throw new ConfigException(config.origin("MELGEN.IMAGE_SIZE") + ": MELGEN.IMAGE_SIZE must be [width, height], "
                    + "each at least 8 pixels, not " + size);
        }
        return new int[] {(Integer) size.get(0), (Integer) size.get(1)};
    }

    /** {@code task(0..n-1)} on the pool, results in order; the first user-input failure is rethrown as is. */
    private static <T> List<T> parallel(ForkJoinPool pool, int n, IntFunction<T> task) {
        try {
            return pool.submit(() -> IntStream.range(0, n).parallel().mapToObj(task).toList()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CvtException("melgen interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new CvtException("melgen failed: " + cause, cause);
        }
    }
}
