package dev.cvt.runtime.melgen;

import dev.cvt.runtime.FolderLock;
import dev.cvt.runtime.JsonFiles;
import dev.cvt.runtime.Log;
import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.train.Training;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * {@code melgen}: recordings → windows → mel spectrograms → a multi-view dataset
 * {@code <root>/<split>/<class>/dim<d>/<i>.jpg} (views numbered from 1, as the original) with the raw dB arrays
 * ({@code <root>/<split>/<class>/mel/<i>.npy}, float32 {@code [views, mels, frames]}), the window's values
 * ({@code raw/<i>.npy}, float32 {@code [views, samples]}), a manifest, class counts and the effective
 * config; with {@code MELGEN.SCALE: dataset} or {@code TIME_VIEWS} also the colour ranges fitted on the
 * training split ({@link ColourScale}). Skips the work when inputs and config are unchanged.
 */
public final class Melgen {
    /** The dataset root's file with the hash of everything the dataset was made from. */
    public static final String FINGERPRINT_FILE = "fingerprint.sha256";
    /** The dataset root's table of samples per split and class. */
    public static final String COUNTS_FILE = "counts.csv";
    /** A sample's window values, float32 [views, samples], in {@code <split>/<class>/raw/<i>.npy}. */
    public static final String RAW_FOLDER = "raw";

    private Melgen() {
    }

    /** What a run did. {@code upToDate}: nothing was written, the dataset matched the inputs already. */
    public record Result(boolean upToDate, Path root, int samples, int images, double seconds, String summary) {
    }

    /**
     * One window of one recording: where it starts, its values as float32 (what {@code raw/<i>.npy} holds,
     * one array per view) and its spectrograms (dB, one [mels][frames] array per view).
     */
    private record Spectrograms(String className, String source, int index, double startSeconds, float[][] values,
                                double[][][] decibels) {
    }

    /** A window's place in one dataset (or fold): {@code <split>/<class>/dim<d>/<index>.jpg}. */
    private record Sample(Spectrograms window, String split, int index) {
        String className() {
            return window.className();
        }
    }

    /** Writes the dataset, holding its folder's lock: two melgens of one dataset would replace each other's work. */
    public static Result run(ExperimentConfig config, Path workDir, boolean force, Log log) {
        long started = System.nanoTime();
        MelgenSpec spec = MelgenSpec.from(config, workDir, log);
        Training.checkBeforeData(config, spec.classes().stream().map(MelgenSpec.ClassSpec::name).toList());
        int threads = config.integer("MELGEN.THREADS") > 0 ? config.integer("MELGEN.THREADS") : Runtime.getRuntime().availableProcessors();
        try (FolderLock lock = FolderLock.acquire(spec.outputRoot(), "melgen"); MelgenThreads workers = new MelgenThreads(threads)) {
            String fingerprint = Fingerprint.of(config, spec, workers);
            if (!force && Fingerprint.matches(spec.outputRoot().resolve(FINGERPRINT_FILE), fingerprint)) {
                log.info("melgen: " + spec.outputRoot() + " is up to date (inputs and config unchanged); "
                        + "to redo it: --force (command line) or -Dcvt.melgen.force (Maven)");
                return new Result(true, spec.outputRoot(), 0, 0, 0, "");
            }
            return generate(config, spec, fingerprint, workers, log, started);
        }
    }

    private static Result generate(ExperimentConfig config, MelgenSpec spec, String fingerprint, MelgenThreads workers, Log log,
                                   long started) {
        int[] imageSize = imageSize(config);
        String format = config.string("MELGEN.IMAGE_FORMAT");
        if (!List.of("jpg", "png").contains(format)) {
            throw new ConfigException(config.origin("MELGEN.IMAGE_FORMAT") + ": MELGEN.IMAGE_FORMAT is '" + format + "'; allowed: jpg, png");
        }
        if ("ordered".equals(config.string("MELGEN.SPLIT.METHOD"))) {
            log.warn("MELGEN.SPLIT.METHOD is 'ordered' (the original's split): windows of one recording land in both the training "
                    + "and the test split, so test scores are optimistic; 'recording' or 'group' hold out whole recordings or people");
        }
        ImageFiles images = new ImageFiles(format, (float) config.number("MELGEN.JPEG_QUALITY"));
        List<MelgenSpec.RecordingSpec> recordings = spec.classes().stream().flatMap(c -> c.recordings().stream()).toList();
        int length = recordings.get(0).recipe().windowLength();
        int frames = spec.mel().frames(length);
        for (MelgenSpec.RecordingSpec r : recordings) {
            if (spec.mel().frames(r.recipe().windowLength()) != frames || spec.timeViews() && r.recipe().windowLength() != length) {
                throw new ConfigException("recording " + r.id() + ": its windows are " + r.recipe().windowLength()
                        + " samples, others' differ: every sample needs the same spectrogram size (WINDOW/KEEP)"
                        + (spec.timeViews() ? " and time view length" : ""));
            }
        }
        List<String> classOf = spec.classes().stream().flatMap(c -> c.recordings().stream().map(r -> c.name())).toList();
        List<RecordingWindows<Spectrograms>> read = workers.map(recordings.size(),
                i -> spectrograms(spec, classOf.get(i), RecordingWindows.of(recordings.get(i))));
        read.forEach(r -> r.report().forEach(log::warn));
        DuplicateRecordings.warnings(read).forEach(log::warn);
        List<Split.Assignment> assignments = Split.assign(config, spec, windowCounts(spec, read));
        List<Spectrograms> windows = read.stream().flatMap(r -> r.windows().stream()).toList();
        SpectrogramImage renderer = new SpectrogramImage(imageSize[0], imageSize[1], spec.mel().mels(), frames);
        SpectrogramImage strip = new SpectrogramImage(imageSize[0], imageSize[1], 1, length);
        StringBuilder summary = new StringBuilder();
        int written = 0;
        try (DatasetFolder folder = new DatasetFolder(spec.outputRoot())) {
            Path staging = folder.staging();
            for (Split.Assignment assignment : assignments) {
                List<Sample> samples = samples(config, spec, windows, assignment);
                Path root = assignment.fold().isEmpty() ? staging : staging.resolve(assignment.fold());
                // colour ranges fitted on this dataset's (or fold's) training split only
                List<Spectrograms> training = samples.stream().filter(s -> s.split().equals(config.string("DATASET.TRAIN_SET")))
                        .map(Sample::window).toList();
                ColourScale scale = workers.call(() -> ColourScale.fit(spec.scale(), spec.timeViews(),
                        training.stream().map(Spectrograms::values).toList(), training.stream().map(Spectrograms::decibels).toList()));
                writeDataset(workers, config, spec, root, samples, new Renderers(renderer, strip, images, scale), fingerprint);
                warnImbalance(samples, config, assignment.fold(), log);
                if (assignment.fold().isEmpty() && !assignment.testGroups().isEmpty()) {
                    summary.append("groups: ").append(groups(assignment)).append("\n");
                }
                summary.append(assignment.fold().isEmpty()
                        ? Manifest.summary(samples.stream().map(s -> new String[] {s.split(), s.className()}).toList(),
                                splits(config), spec.imageViews())
                        : foldLine(config, assignment, samples));
                written += samples.size();
            }
            if (!assignments.get(0).fold().isEmpty()) {
                JsonFiles.write(staging.resolve(CrossValidationPlan.FILE), new CrossValidationPlan(config.string("MELGEN.SPLIT.GROUP"),
                        assignments.stream().map(a -> new CrossValidationPlan.Fold(a.fold(), a.testGroups(), a.valGroups(),
                                a.trainGroups())).toList()));
            }
            Files.writeString(staging.resolve("config.yaml"), "# effective config of this dataset (cvt melgen)\n" + config.toYaml(),
                    StandardCharsets.UTF_8);
            Files.writeString(staging.resolve(FINGERPRINT_FILE), fingerprint + "\n", StandardCharsets.US_ASCII);
            folder.commit();
        } catch (IOException e) {
            throw new InputException(spec.outputRoot() + ": cannot write the dataset (" + e.getMessage() + ")");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        int imageCount = written * spec.imageViews();
        summary.append(String.format(Locale.ROOT, "%d samples%s, %d images in %.2f s (%.0f images/s, %d threads) -> %s",
                written, assignments.size() > 1 ? " in " + assignments.size() + " folds" : "", imageCount, seconds,
                imageCount / seconds, workers.threads(), spec.outputRoot()));
        log.info(summary.toString());
        return new Result(false, spec.outputRoot(), written, imageCount, seconds, summary.toString());
    }

    private static List<List<Integer>> windowCounts(MelgenSpec spec, List<RecordingWindows<Spectrograms>> read) {
        List<List<Integer>> counts = new ArrayList<>();
        int r = 0;
        for (MelgenSpec.ClassSpec c : spec.classes()) {
            List<Integer> perRecording = new ArrayList<>();
            for (int i = 0; i < c.recordings().size(); i++) {
                perRecording.add(read.get(r++).windows().size());
            }
            counts.add(perRecording);
        }
        return counts;
    }

    /**
     * A recording's windows with their spectrograms, computed once (the folds of a cross-validation share
     * them) and in parallel, right after reading: only the float32 values are kept, so melgen holds half
     * of what the windows' doubles took, and each recording's doubles are garbage before the next is read.
     */
    private static RecordingWindows<Spectrograms> spectrograms(MelgenSpec spec, String className, RecordingWindows<Windowing.Window> read) {
        List<Windowing.Window> windows = read.windows();
        return read.withWindows(IntStream.range(0, windows.size()).parallel().mapToObj(i -> {
            Windowing.Window w = windows.get(i);
            double[][][] decibels = new double[w.views()][][];
            float[][] values = new float[w.views()][];
            for (int v = 0; v < w.views(); v++) {
                decibels[v] = spec.mel().decibels(w.channels()[v], w.from(), w.length());
                if (!finite(decibels[v])) {
                    throw notFinite(read.source(), w, v);
                }
                values[v] = float32(read.source(), w, v);
            }
            return new Spectrograms(className, read.source(), w.index(), w.startSeconds(), values, decibels);
        }).toList());
    }

    /** The windows in an assignment's splits, numbered per split and class in recording order. */
    private static List<Sample> samples(ExperimentConfig config, MelgenSpec spec, List<Spectrograms> windows, Split.Assignment assignment) {
        Map<Split.Role, String> splitOf = Map.of(Split.Role.TRAIN, config.string("DATASET.TRAIN_SET"),
                Split.Role.VAL, config.string("DATASET.VAL_SET"), Split.Role.TEST, config.string("DATASET.TEST_SET"));
        List<Sample> samples = new ArrayList<>();
        int next = 0;
        for (int c = 0; c < spec.classes().size(); c++) {
            Map<Split.Role, Integer> index = new EnumMap<>(Split.Role.class);
            for (Split.Role[] roles : assignment.roles().get(c)) {
                for (Split.Role role : roles) {
                    int i = index.merge(role, 1, Integer::sum) - 1;
                    samples.add(new Sample(windows.get(next++), splitOf.get(role), i));
                }
            }
        }
        return samples;
    }

    /**
     * One complete dataset (the whole one, or a fold): every split gets a folder for every class, with or
     * without samples, so all splits carry the same classes (a participant who never did an exercise is normal).
     */
    private static void writeDataset(MelgenThreads workers, ExperimentConfig config, MelgenSpec spec, Path root, List<Sample> samples,
                                     Renderers renderers, String fingerprint) throws IOException {
        for (String split : splits(config)) {
            for (MelgenSpec.ClassSpec c : spec.classes()) {
                Path classDir = root.resolve(split).resolve(c.name());
                for (int d = 1; d <= spec.imageViews(); d++) {
                    Files.createDirectories(classDir.resolve("dim" + d));
                }
                Files.createDirectories(classDir.resolve("mel"));
                Files.createDirectories(classDir.resolve(RAW_FOLDER));
            }
        }
        workers.map(samples.size(), i -> {
            writeSample(root, samples.get(i), spec, renderers);
            return null;
        });
        renderers.scale().write(root);
        Manifest.write(root, samples.stream().map(s -> new Manifest.Row(s.className(), s.split(), s.index(),
                s.window().source(), s.window().index(), s.window().startSeconds())).toList(),
                splits(config), spec.classes().stream().map(MelgenSpec.ClassSpec::name).toList());
        Files.writeString(root.resolve(FINGERPRINT_FILE), fingerprint + "\n", StandardCharsets.US_ASCII);
    }

    /** Which groups (people, devices) a split by group sent where: {@code test [..], validation [..], training [..]}. */
    private static String groups(Split.Assignment a) {
        return "test " + a.testGroups() + (a.valGroups().isEmpty() ? "" : ", validation " + a.valGroups())
                + ", training " + a.trainGroups();
    }

    /** A fold's line of the console summary: its groups and samples per split. */
    private static String foldLine(ExperimentConfig config, Split.Assignment a, List<Sample> samples) {
        StringBuilder line = new StringBuilder(a.fold() + ": " + groups(a) + ":");
        for (String split : splits(config)) {
            line.append(" ").append(split).append(" ").append(samples.stream().filter(s -> s.split().equals(split)).count());
        }
        return line.append(" samples\n").toString();
    }

    /** A class under 10 % of a split trains a majority-class predictor, and a class missing from one is worth a word; say so. */
    private static void warnImbalance(List<Sample> samples, ExperimentConfig config, String fold, Log log) {
        String where = fold.isEmpty() ? "" : fold + ": ";
        for (String split : splits(config)) {
            List<Sample> inSplit = samples.stream().filter(s -> s.split().equals(split)).toList();
            if (inSplit.isEmpty()) {
                log.warn(where + "split '" + split + "' has no samples");
                continue;
            }
            List<String> absent = samples.stream().map(Sample::className).distinct()
                    .filter(c -> inSplit.stream().noneMatch(s -> s.className().equals(c))).toList();
            if (!absent.isEmpty()) {
                log.info(where + "split '" + split + "' has no samples of " + absent + " (their class folders stay empty)");
            }
            inSplit.stream().map(Sample::className).distinct().forEach(c -> {
                long n = inSplit.stream().filter(s -> s.className().equals(c)).count();
                if (n * 10 < inSplit.size()) {
                    log.warn(String.format(Locale.ROOT, "%sclass '%s' is %.1f %% of split '%s' (%d of %d samples): "
                            + "a model can score high by ignoring it", where, c, 100.0 * n / inSplit.size(), split, n, inSplit.size()));
                }
            });
        }
    }

    /** The dataset's splits: training, validation when DATASET.VAL_SET names one, test. */
    private static List<String> splits(ExperimentConfig config) {
        return config.string("DATASET.VAL_SET").isEmpty()
                ? List.of(config.string("DATASET.TRAIN_SET"), config.string("DATASET.TEST_SET"))
                : List.of(config.string("DATASET.TRAIN_SET"), config.string("DATASET.VAL_SET"), config.string("DATASET.TEST_SET"));
    }

    /**
     * What draws and encodes a dataset's images: spectrograms, time strips, with the dataset's colour ranges,
     * each thread on its own canvas of each (an image is encoded before the next is drawn).
     */
    private record Renderers(SpectrogramImage spectrogram, SpectrogramImage strip, ImageFiles images, ColourScale scale,
                             ThreadLocal<BufferedImage> spectrogramCanvas, ThreadLocal<BufferedImage> stripCanvas) {
        Renderers(SpectrogramImage spectrogram, SpectrogramImage strip, ImageFiles images, ColourScale scale) {
            this(spectrogram, strip, images, scale, ThreadLocal.withInitial(spectrogram::blank), ThreadLocal.withInitial(strip::blank));
        }
    }

    private static void writeSample(Path root, Sample sample, MelgenSpec spec, Renderers renderers) {
        ImageFiles images = renderers.images();
        Path classDir = root.resolve(sample.split()).resolve(sample.className());
        double[][][] decibels = sample.window().decibels();
        try {
            for (int v = 0; v < decibels.length; v++) {
                BufferedImage canvas = renderers.spectrogramCanvas().get();
                images.write(renderers.scale().drawMel(renderers.spectrogram(), v, decibels[v], canvas),
                        classDir.resolve("dim" + (v + 1)).resolve(sample.index() + "." + images.extension()));
            }
            float[][] values = sample.window().values();
            NpyFiles.write(classDir.resolve(RAW_FOLDER).resolve(sample.index() + ".npy"), values);
            if (spec.timeViews()) {
                writeTimeViews(classDir, values, sample.index(), renderers);
            }
            NpyFiles.write(classDir.resolve("mel").resolve(sample.index() + ".npy"), decibels);
        } catch (IOException e) {
            throw new InputException(classDir + ": cannot write sample " + sample.index() + " (" + e.getMessage() + ")");
        }
    }

    /** A view of a window as float32, for models of the signal itself (the baseline of test) and the source of the time views. */
    private static float[] float32(String source, Windowing.Window window, int view) {
        double[] values = window.channels()[view];
        int from = window.from();
        float[] out = new float[window.length()];
        for (int t = 0; t < out.length; t++) {
            out[t] = (float) values[from + t];
            // x - x is 0 for every finite x and NaN for an infinite or NaN one; no method call in the loop, which
            // runs in the interpreter until compiled: a call per value there made this loop a fifth of reading audio
            if (out[t] - out[t] != 0) {
                throw new InputException(String.format(Locale.ROOT, "%s: window %d (from %.3f s), view dim%d: %s", source,
                        window.index(), window.startSeconds(), view + 1, Double.isNaN(values[from + t]) ? "a value that is not a number"
                                : String.format(Locale.ROOT, "a value beyond float32's range (%g)", values[from + t])));
            }
        }
        return out;
    }

    /** Whether every value is finite (as {@link #float32}'s check, without a call per value). */
    private static boolean finite(double[][] rows) {
        for (double[] row : rows) {
            for (double v : row) {
                if (v - v != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The channels after the spectrograms ({@code dim<views + c>}), drawn from the float32 values the
     * sample's {@code raw/<i>.npy} holds, so training on arrays draws the same images.
     */
    private static void writeTimeViews(Path classDir, float[][] values, int index, Renderers renderers) throws IOException {
        int channels = values.length;
        for (int c = 0; c < channels; c++) {
            double[] stored = new double[values[c].length];
            for (int i = 0; i < stored.length; i++) {
                stored[i] = values[c][i];
            }
            renderers.images().write(renderers.scale().drawTime(renderers.strip(), c, stored, renderers.stripCanvas().get()),
                    classDir.resolve("dim" + (channels + c + 1)).resolve(index + "." + renderers.images().extension()));
        }
    }

    /**
     * The readers accept only finite values, but huge ones (1e308) still overflow the power spectrum and
     * leave NaN in the dB array: such a sample must fail the run, not replace a good dataset.
     */
    private static InputException notFinite(String source, Windowing.Window w, int view) {
        return new InputException(String.format(Locale.ROOT, "%s: window %d (from %.3f s), view dim%d: the spectrogram is not finite: "
                + "the recording's values are too large (their squares overflow a double)", source, w.index(),
                w.startSeconds(), view + 1));
    }

    private static int[] imageSize(ExperimentConfig config) {
        List<Object> size = config.list("MELGEN.IMAGE_SIZE");
        if (size.size() != 2 || (Integer) size.get(0) < 8 || (Integer) size.get(1) < 8) {
            throw new ConfigException(config.origin("MELGEN.IMAGE_SIZE") + ": MELGEN.IMAGE_SIZE must be [width, height], "
                    + "each at least 8 pixels, not " + size);
        }
        return new int[] {(Integer) size.get(0), (Integer) size.get(1)};
    }
}
