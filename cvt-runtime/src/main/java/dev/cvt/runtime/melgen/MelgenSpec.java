package dev.cvt.runtime.melgen;

import dev.cvt.runtime.Log;
import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * The MELGEN section resolved into classes and recordings, each recording with its recipe: the
 * section's recipe keys, overlaid by the class entry, overlaid by the recording entry.
 *
 * @param views     channels per sample: one spectrogram view each
 * @param scale     {@code MELGEN.SCALE}, one of {@link ColourScale#SCALES}
 * @param timeViews {@code MELGEN.TIME_VIEWS}: each channel also as a time view, after the spectrograms
 */
record MelgenSpec(Path dataRoot, Path outputRoot, List<ClassSpec> classes, MelSpectrogram mel, int views, String scale,
                  boolean timeViews) {

    static final List<String> RECIPE_KEYS = List.of("READER", "MALFORMED", "SAMPLE_RATE", "TRIM", "RESAMPLE",
            "RESAMPLE_FACTOR", "SEGMENT_SECONDS", "SEGMENT_POINTS", "WINDOW", "STRIDE", "KEEP", "CSV", "ANTI_ALIAS", "FILTER",
            "CHANNELS", "WINDOW_SECONDS", "STRIDE_SECONDS", "PAD");

    record ClassSpec(String name, List<RecordingSpec> recordings) {
    }

    /** One recording: its files (several when CSV files are fused), their names relative to the data root. */
    record RecordingSpec(List<Path> files, List<String> names, Recipe recipe) {
        String id() {
            return String.join("+", names);
        }
    }

    static MelgenSpec from(ExperimentConfig config, Path workDir, Log log) {
        String rootKey = config.string("MELGEN.DATA_ROOT");
        if (rootKey.isEmpty()) {
            throw new ConfigException(config.origin("MELGEN.DATA_ROOT") + ": MELGEN.DATA_ROOT is not set: name the folder "
                    + "that holds one sub-folder of recordings per class");
        }
        Path dataRoot = workDir.resolve(rootKey).normalize();
        if (!Files.isDirectory(dataRoot)) {
            throw new ConfigException(config.origin("MELGEN.DATA_ROOT") + ": MELGEN.DATA_ROOT " + dataRoot + " is not a folder");
        }
        String output = config.string("MELGEN.OUTPUT_ROOT").isEmpty() ? config.string("DATASET.ROOT") : config.string("MELGEN.OUTPUT_ROOT");
        if (output.isEmpty()) {
            throw new ConfigException(config.origin("DATASET.ROOT") + ": DATASET.ROOT (or MELGEN.OUTPUT_ROOT) is not set: "
                    + "name the dataset folder to write");
        }
        Path outputRoot = workDir.resolve(output).normalize();
        if (dataRoot.startsWith(outputRoot) || outputRoot.startsWith(dataRoot)) {
            // writing the dataset replaces its folder: the recordings would be lost, or read back as recordings next time
            throw new ConfigException(config.origin("DATASET.ROOT") + ": the dataset folder " + outputRoot + " (DATASET.ROOT or "
                    + "MELGEN.OUTPUT_ROOT) " + (dataRoot.startsWith(outputRoot) ? "holds" : "lies inside") + " the recordings folder "
                    + dataRoot + " (MELGEN.DATA_ROOT): put them apart");
        }
        Map<String, Object> recipeDefaults = new LinkedHashMap<>();
        RECIPE_KEYS.forEach(k -> recipeDefaults.put(k, config.get("MELGEN." + k)));
        Pairing pairing = new Pairing(pattern(config, "MELGEN.PAIR", "the part of the path its files share"), log);
        Pattern classPattern = pattern(config, "MELGEN.CLASS", "the class name");
        // with MELGEN.CLASS, the section's recipe decides which files are recordings and serves unlisted classes
        Recipe section = classPattern == null ? null : recipe(config, recipeDefaults, "MELGEN");
        PathClasses found = section == null ? null
                : PathClasses.find(config, dataRoot, classPattern, FileType.of(section.reader()), log);
        List<Object> entries = config.list("MELGEN.CLASSES");
        List<ClassSpec> classes = new ArrayList<>();
        if (entries.isEmpty()) {
            if (found == null) {
                throw new ConfigException(config.origin("MELGEN.CLASSES") + ": MELGEN.CLASSES is empty: list the classes "
                        + "(entries with NAME and optionally DIR, RECORDINGS and recipe keys), or set MELGEN.CLASS");
            }
            for (String name : found.names()) {
                classes.add(new ClassSpec(name, pairing.recordings(found.files(name), section, name)));
            }
        }
        Map<String, String> entryOfName = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String path = "MELGEN.CLASSES[" + i + "]";
            ClassSpec c = classSpec(config, dataRoot, recipeDefaults, entries.get(i), path, found, pairing);
            String earlier = entryOfName.putIfAbsent(c.name(), path);
            if (earlier != null) {
                throw new ConfigException(config.origin(path + ".NAME") + ": " + path + ".NAME '" + c.name() + "' is also " + earlier
                        + ".NAME (" + config.origin(earlier + ".NAME") + "): list each class once (two entries would write over "
                        + "each other's samples in <split>/" + c.name() + ")");
            }
            classes.add(c);
        }
        if (found != null && !entries.isEmpty()) {
            found.reportUnlisted(entryOfName.keySet(), log);
        }
        classes = pairing.completeOnly(classes);
        int views = -1;
        for (ClassSpec c : classes) {
            for (RecordingSpec r : c.recordings()) {
                int v = viewsOf(r, config);
                if (views >= 0 && v != views) {
                    throw new ConfigException("class '" + c.name() + "' recording " + r.id() + " has " + v
                            + " views but earlier recordings have " + views + ": every sample needs the same views");
                }
                views = v;
            }
        }
        boolean timeViews = config.bool("MELGEN.TIME_VIEWS");
        if (config.integer("DATASET.NUM_DIMS") != (timeViews ? 2 * views : views)) {
            throw new ConfigException(config.origin("DATASET.NUM_DIMS") + ": DATASET.NUM_DIMS is "
                    + config.integer("DATASET.NUM_DIMS") + " but the MELGEN readers produce " + views + " views per sample"
                    + (timeViews ? " and MELGEN.TIME_VIEWS adds one time view per channel: set it to " + 2 * views : ""));
        }
        String scale = config.string("MELGEN.SCALE");
        if (!ColourScale.SCALES.contains(scale)) {
            throw invalid(config, "MELGEN.SCALE", "is '" + scale + "'; allowed: " + String.join(", ", ColourScale.SCALES));
        }
        return new MelgenSpec(dataRoot, outputRoot, classes, melOf(config), views, scale, timeViews);
    }

    /** Images per sample: a spectrogram per channel, and a time view per channel with TIME_VIEWS. */
    int imageViews() {
        return timeViews ? 2 * views : views;
    }

    /**
     * One entry of MELGEN.CLASSES: with class folders ({@code found} null) its folder's recordings or those it
     * lists; with MELGEN.CLASS the files {@code found} gave its name.
     */
    private static ClassSpec classSpec(ExperimentConfig config, Path dataRoot, Map<String, Object> recipeDefaults,
                                       Object entry, String path, PathClasses found, Pairing pairing) {
        Map<String, Object> base = new LinkedHashMap<>(recipeDefaults);
        base.put("NAME", "");
        if (found == null) {
            base.put("DIR", "");
            base.put("RECORDINGS", List.of());
        } else if (entry instanceof Map<?, ?> map) {
            for (String key : List.of("DIR", "RECORDINGS")) {
                if (map.containsKey(key)) {
                    throw invalid(config, path + "." + key, "does not apply with MELGEN.CLASS: the class of each file comes from "
                            + "its path (list NAME and recipe keys only)");
                }
            }
        }
        Map<String, Object> merged = config.overlay(base, entry, path);
        String name = (String) merged.get("NAME");
        String unusable = unusableAsFolder(name);
        if (unusable != null) {
            throw invalid(config, path + ".NAME", unusable);
        }
        if (found != null) {
            Map<String, Object> classRecipe = new LinkedHashMap<>();
            RECIPE_KEYS.forEach(k -> classRecipe.put(k, merged.get(k)));
            Recipe recipe = recipe(config, classRecipe, path);
            if (!FileType.of(recipe.reader()).equals(FileType.of((String) recipeDefaults.get("READER")))) {
                throw invalid(config, path + ".READER", "reads " + FileType.of(recipe.reader()) + " files, but MELGEN.CLASS "
                        + "looks for the files of MELGEN.READER (" + FileType.of((String) recipeDefaults.get("READER")) + ")");
            }
            if (found.files(name).isEmpty()) {
                throw new ConfigException(config.origin(path) + ": class '" + name + "' (" + path + ".NAME): no file below "
                        + dataRoot + " has this class by MELGEN.CLASS; found: " + String.join(", ", found.names()));
            }
            return new ClassSpec(name, pairing.recordings(found.files(name), recipe, name));
        }
        String dirName = ((String) merged.get("DIR")).isEmpty() ? name : (String) merged.get("DIR");
        Path dir = dataRoot.resolve(dirName);
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(config.origin(path) + ": class '" + name + "': recordings folder " + dir + " does not exist");
        }
        Map<String, Object> classRecipe = new LinkedHashMap<>();
        RECIPE_KEYS.forEach(k -> classRecipe.put(k, merged.get(k)));
        List<?> listed = (List<?>) merged.get("RECORDINGS");
        List<RecordingSpec> recordings = new ArrayList<>();
        if (listed.isEmpty()) {
            Recipe recipe = recipe(config, classRecipe, path);
            List<RecordingFiles.Found> files = discover(dir, recipe.reader()).stream()
                    .map(f -> new RecordingFiles.Found(f, dirName + "/" + f.getFileName())).toList();
            recordings.addAll(pairing.recordings(files, recipe, name));
            if (recordings.isEmpty()) {
                throw new ConfigException(config.origin(path) + ": class '" + name + "': no recordings ("
                        + FileType.of(recipe.reader()) + ") in " + dir + (files.isEmpty() ? "" : " that match MELGEN.PAIR"));
            }
        }
        for (int r = 0; r < listed.size(); r++) {
            String recordingPath = path + ".RECORDINGS[" + r + "]";
            Object item = listed.get(r);
            Map<String, Object> recordingBase = new LinkedHashMap<>(classRecipe);
            recordingBase.put("FILE", "");
            recordingBase.put("FILES", List.of(""));
            Map<String, Object> recordingEntry = config.overlay(recordingBase,
                    item instanceof String s ? Map.of("FILE", s) : item, recordingPath);
            List<String> files = new ArrayList<>();
            if (!((String) recordingEntry.get("FILE")).isEmpty()) {
                files.add((String) recordingEntry.get("FILE"));
            }
            ((List<?>) recordingEntry.get("FILES")).stream().map(String::valueOf).filter(f -> !f.isEmpty()).forEach(files::add);
            if (files.isEmpty()) {
                throw new ConfigException(config.origin(recordingPath) + ": " + recordingPath + " names no FILE or FILES");
            }
            List<Path> paths = new ArrayList<>();
            for (String file : files) {
                Path p = dir.resolve(file);
                if (!Files.isRegularFile(p)) {
                    throw new ConfigException(config.origin(recordingPath) + ": class '" + name + "': recording " + p
                            + " does not exist");
                }
                paths.add(p);
            }
            Map<String, Object> recordingRecipe = new LinkedHashMap<>();
            RECIPE_KEYS.forEach(k -> recordingRecipe.put(k, recordingEntry.get(k)));
            recordings.add(new RecordingSpec(paths, files.stream().map(f -> dirName + "/" + f).toList(),
                    recipe(config, recordingRecipe, recordingPath)));
        }
        return new ClassSpec(name, recordings);
    }

    /**
     * Why a class name cannot be the class's folder in the dataset ({@code <root>/<split>/<name>}) and,
     * without DIR, below DATA_ROOT; null when it can.
     */
    static String unusableAsFolder(String name) {
        if (name.isBlank()) {
            return "is not set: every class needs a name (it becomes the class's dataset folder)";
        }
        if (name.contains("/") || name.contains("\\")) {
            return "is '" + name + "': a class name becomes one dataset folder; it may not contain '/' or '\\' "
                    + "(DIR names a recordings folder below DATA_ROOT and may)";
        }
        if (name.startsWith(".")) {
            return "is '" + name + "': a class name becomes a dataset folder; '.', '..' and other names starting with '.' "
                    + "are not (visible) folders of their own";
        }
        OptionalInt control = name.codePoints().filter(Character::isISOControl).findFirst();
        if (control.isPresent()) {
            return String.format(Locale.ROOT, "contains the control character U+%04X: a class name becomes a dataset folder",
                    control.getAsInt());
        }
        return null;
    }

    /** The recordings of a class folder for a reader, in natural order (2 before 10). */
    private static List<Path> discover(Path dir, String reader) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(FileType.of(reader)::matches)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString(), MelgenSpec::naturalCompare))
                    .toList();
        } catch (IOException e) {
            throw new InputException(dir + ": cannot list recordings (" + e.getMessage() + ")");
        }
    }

    static int naturalCompare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                int c = new java.math.BigInteger(a.substring(si, i)).compareTo(new java.math.BigInteger(b.substring(sj, j)));
                if (c != 0) {
                    return c;
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static Recipe recipe(ExperimentConfig config, Map<String, Object> values, String path) {
        String reader = choice(config, values, path, "READER", Recipe.READERS);
        String malformed = choice(config, values, path, "MALFORMED", List.of("error", "warn"));
        String resample = choice(config, values, path, "RESAMPLE", Recipe.RESAMPLERS);
        @SuppressWarnings("unchecked")
        Map<String, Object> csv = (Map<String, Object>) values.get("CSV");
        String timeUnit = choice(config, csv, path + ".CSV", "TIME_UNIT", Recipe.CsvLayout.TIME_UNITS);
        String delimiter = (String) csv.get("DELIMITER");
        if (delimiter.length() != 1 || "\"\r\n".contains(delimiter)) {
            throw invalid(config, path + ".CSV.DELIMITER", "must be one character other than '\"' (it quotes fields) or a line break");
        }
        double gridRate = positiveOrZero(config, path + ".CSV.GRID_RATE", (Double) csv.get("GRID_RATE"));
        Recipe.CsvLayout layout = "iq".equals(reader) ? Recipe.CsvLayout.iq(gridRate)
                : new Recipe.CsvLayout(((List<?>) csv.get("COLUMNS")).stream().map(String::valueOf).toList(),
                (String) csv.get("TIME_COLUMN"), timeUnit, gridRate, delimiter.charAt(0));
        double sampleRate = (Double) values.get("SAMPLE_RATE");
        if (!(sampleRate > 0)) {
            throw invalid(config, path + ".SAMPLE_RATE", "must be > 0");
        }
        int window = samples(config, values, path, "WINDOW", (Integer) values.get("WINDOW"));
        int stride = samples(config, values, path, "STRIDE", (Integer) values.get("STRIDE"));
        int keep = (Integer) values.get("KEEP");
        if (window < 1) {
            throw invalid(config, path + ".WINDOW", "must be >= 1");
        }
        if (keep < 0 || keep > window) {
            throw invalid(config, path + ".KEEP", "must be between 0 and WINDOW (" + window + ")");
        }
        if (stride < 0 || (Integer) values.get("TRIM") < 0) {
            throw invalid(config, path + ((Integer) values.get("TRIM") < 0 ? ".TRIM" : ".STRIDE"), "must be >= 0");
        }
        if (!((Double) values.get("RESAMPLE_FACTOR") > 0) || !((Double) values.get("SEGMENT_SECONDS") > 0)
                || (Integer) values.get("SEGMENT_POINTS") < 2) {
            throw invalid(config, path + ".RESAMPLE_FACTOR", "RESAMPLE_FACTOR and SEGMENT_SECONDS must be > 0, SEGMENT_POINTS >= 2");
        }
        return new Recipe(reader, "warn".equals(malformed), sampleRate, (Integer) values.get("TRIM"), resample,
                (Double) values.get("RESAMPLE_FACTOR"), (Double) values.get("SEGMENT_SECONDS"),
                (Integer) values.get("SEGMENT_POINTS"), window, stride, keep, layout,
                (Boolean) values.get("ANTI_ALIAS"), filter(config, values, path),
                "mix".equals(choice(config, values, path, "CHANNELS", Recipe.CHANNEL_MODES)), (Boolean) values.get("PAD"));
    }

    /**
     * WINDOW or STRIDE in samples: as written, or from {@code <key>_SECONDS} when that is set (> 0), at
     * SAMPLE_RATE, for streams whose samples are SAMPLE_RATE apart up to the windows.
     */
    private static int samples(ExperimentConfig config, Map<String, Object> values, String path, String key, int written) {
        double seconds = (Double) values.get(key + "_SECONDS");
        if (seconds == 0) {
            return written;
        }
        String reader = (String) values.get("READER");
        @SuppressWarnings("unchecked")
        boolean timed = !((String) ((Map<String, Object>) values.get("CSV")).get("TIME_COLUMN")).isEmpty();
        if (!(seconds > 0) || "iq".equals(reader) || "csv".equals(reader) && timed || !"none".equals(values.get("RESAMPLE"))) {
            throw invalid(config, path + "." + key + "_SECONDS", "is " + seconds + ": seconds (> 0) count in SAMPLE_RATE samples, so "
                    + "they need a stream at SAMPLE_RATE up to the windows (READER audio, ag, or csv without TIME_COLUMN, and "
                    + "RESAMPLE none); give " + key + " in samples instead");
        }
        return Math.max(1, (int) Math.round(seconds * (Double) values.get("SAMPLE_RATE")));
    }

    /**
     * FILTER, checked as far as it can be without the recording's rate: the cutoffs against the rate are
     * checked when the recording is read ({@link SignalFilter}).
     */
    private static SignalFilter filter(ExperimentConfig config, Map<String, Object> values, String path) {
        @SuppressWarnings("unchecked")
        Map<String, Object> filter = (Map<String, Object>) values.get("FILTER");
        String type = choice(config, filter, path + ".FILTER", "TYPE", SignalFilter.TYPES);
        String key = path + ".FILTER.CUTOFF";
        List<?> written = (List<?>) filter.get("CUTOFF");
        List<Double> cutoffs = new ArrayList<>();
        for (Object cutoff : written) {
            if (!(cutoff instanceof Number n) || !(n.doubleValue() > 0) || !Double.isFinite(n.doubleValue())) {
                throw invalid(config, key, "is " + written + ": cutoffs are frequencies in Hz, numbers > 0");
            }
            cutoffs.add(n.doubleValue());
        }
        if ("none".equals(type)) {
            // CUTOFF may stay set: TYPE none in a class or recording switches off the section's filter
            return SignalFilter.NONE;
        }
        int needed = "bandpass".equals(type) ? 2 : 1;
        if (cutoffs.size() != needed) {
            throw invalid(config, key, "is " + written + ", but FILTER.TYPE " + type + " takes "
                    + (needed == 1 ? "one frequency in Hz, [f]" : "the band's edges in Hz, [low, high]"));
        }
        if (needed == 2 && !(cutoffs.get(0) < cutoffs.get(1))) {
            throw invalid(config, key, "is " + written + ": the band's low edge must be below its high edge");
        }
        return new SignalFilter(type, List.copyOf(cutoffs), key + " (" + config.origin(key) + ")");
    }

    /** A regex key: null when empty, else compiled and holding the capture group 1 that names {@code group}. */
    private static Pattern pattern(ExperimentConfig config, String key, String group) {
        String regex = config.string(key);
        if (regex.isEmpty()) {
            return null;
        }
        try {
            Pattern pattern = Pattern.compile(regex);
            if (pattern.matcher("").groupCount() < 1) {
                throw invalid(config, key, "'" + regex + "' has no capture group: group 1, (...), must catch " + group);
            }
            return pattern;
        } catch (PatternSyntaxException e) {
            throw invalid(config, key, "is not a valid regular expression: " + e.getDescription() + " near index "
                    + e.getIndex() + " of '" + regex + "'");
        }
    }

    private static String choice(ExperimentConfig config, Map<String, Object> values, String path, String key, List<String> allowed) {
        String value = (String) values.get(key);
        if (!allowed.contains(value)) {
            throw invalid(config, path + "." + key, "is '" + value + "'; allowed: " + String.join(", ", allowed));
        }
        return value;
    }

    private static double positiveOrZero(ExperimentConfig config, String path, double value) {
        if (!(value >= 0)) {
            throw invalid(config, path, "must be >= 0");
        }
        return value;
    }

    private static ConfigException invalid(ExperimentConfig config, String path, String problem) {
        return new ConfigException(config.origin(path) + ": " + path + " " + problem);
    }

    private static int viewsOf(RecordingSpec recording, ExperimentConfig config) {
        Recipe recipe = recording.recipe();
        return switch (recipe.reader()) {
            case "ag" -> AgStreamReader.CHANNELS;
            case "audio" -> audioViews(recording, config);
            default -> recipe.csv().columns().size();
        };
    }

    /**
     * An audio recording's views, from its file's header, which is checked here against the spectrogram,
     * before anything is read or written.
     */
    private static int audioViews(RecordingSpec recording, ExperimentConfig config) {
        if (recording.files().size() != 1) {
            throw new InputException(recording.id() + ": the audio reader takes one file per recording");
        }
        String name = recording.names().get(0);
        AudioFiles.Header header = AudioFiles.header(recording.files().get(0), name);
        double sr = config.number("MELGEN.SR");
        if (recording.recipe().sampleRate() != sr) {
            throw new ConfigException(config.origin("MELGEN.SR") + ": MELGEN.SR is " + sr + " Hz, but audio recording " + name
                    + " is resampled to SAMPLE_RATE " + recording.recipe().sampleRate() + " Hz: the spectrogram's frequencies "
                    + "need SR = SAMPLE_RATE" + ("audio".equals(config.string("MELGEN.READER")) ? ""
                    : " (READER audio in the MELGEN section itself also sets librosa's audio defaults for both)"));
        }
        double fmax = fmax(config);
        if (header.sampleRate() < 2 * fmax) {
            throw new InputException(String.format(Locale.ROOT, "%s: recorded at %s Hz, it holds nothing above %s Hz, but the mel "
                    + "bands reach MELGEN.FMAX %s Hz (0 = SR/2): set FMAX to at most %s, or leave this file out", name,
                    Hz.format(header.sampleRate()), Hz.format(header.sampleRate() / 2), Hz.format(fmax),
                    Hz.format(header.sampleRate() / 2)));
        }
        return recording.recipe().mixChannels() ? 1 : header.channels();
    }


    /** MELGEN.FMAX, 0 standing for SR / 2. */
    private static double fmax(ExperimentConfig config) {
        return config.number("MELGEN.FMAX") > 0 ? config.number("MELGEN.FMAX") : config.number("MELGEN.SR") / 2.0;
    }

    private static MelSpectrogram melOf(ExperimentConfig config) {
        double sr = config.number("MELGEN.SR");
        double fmax = fmax(config);
        int nFft = config.integer("MELGEN.N_FFT");
        if (!(sr > 0) || !Double.isFinite(sr) || nFft < 2 || config.integer("MELGEN.HOP_LENGTH") < 1 || config.integer("MELGEN.N_MELS") < 1
                || fmax > sr / 2.0 || config.number("MELGEN.FMIN") < 0 || config.number("MELGEN.FMIN") >= fmax
                || config.number("MELGEN.TOP_DB") <= 0) {
            throw new ConfigException(config.origin("MELGEN.SR") + ": MELGEN spectrogram keys out of range: need SR > 0, "
                    + "N_FFT >= 2, HOP_LENGTH >= 1, N_MELS >= 1, 0 <= FMIN < FMAX <= SR/2, TOP_DB > 0");
        }
        return new MelSpectrogram(sr, nFft, config.integer("MELGEN.HOP_LENGTH"), config.integer("MELGEN.N_MELS"),
                config.number("MELGEN.FMIN"), fmax, ref(config), config.number("MELGEN.TOP_DB"));
    }

    /** MELGEN.REF: 'max' (empty: each window's maximum) or a positive reference power, written as a number. */
    private static OptionalDouble ref(ExperimentConfig config) {
        String ref = config.string("MELGEN.REF");
        if ("max".equals(ref)) {
            return OptionalDouble.empty();
        }
        double power;
        try {
            power = Double.parseDouble(ref);
        } catch (NumberFormatException e) {
            power = Double.NaN;
        }
        if (!(power > 0 && Double.isFinite(power))) {
            throw invalid(config, "MELGEN.REF", "is '" + ref + "'; allowed: max, or a positive number (the power of 0 dB)");
        }
        return OptionalDouble.of(power);
    }
}
