package dev.cvt.runtime.data;

import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.Log;
import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The samples of one split, in the layout the experiment names: {@code multidim_imagenet} (one
 * {@code dim<d>} folder per view, or with {@code DATA_FORMAT: npy} melgen's {@code mel/<i>.npy} arrays,
 * all views in one file) or {@code imagenet} ({@code <split>/<class>/<image>}, one view).
 */
public final class DatasetListing {
    private static final List<String> IMAGE_SUFFIXES = List.of(".jpg", ".jpeg", ".png");

    private DatasetListing() {
    }

    /** Whether the samples are melgen arrays rather than images. */
    public static boolean arrays(ExperimentConfig config) {
        return "npy".equals(config.string("DATASET.DATA_FORMAT"));
    }

    /**
     * Checks the keys that say how the dataset is laid out ({@code DATASET.DATASET} and its views,
     * {@code DATA_FORMAT}, {@code INCOMPLETE_SAMPLES}); melgen calls it too, so a layout training cannot
     * read fails before the dataset is written.
     */
    public static void checkLayout(ExperimentConfig config) {
        String format = config.string("DATASET.DATA_FORMAT");
        if (!List.of("jpg", "png", "npy").contains(format)) {
            throw new ConfigException(config.origin("DATASET.DATA_FORMAT") + ": DATASET.DATA_FORMAT is '" + format
                    + "'; allowed: jpg, png, npy");
        }
        String incomplete = config.string("DATASET.INCOMPLETE_SAMPLES");
        if (!List.of("error", "warn").contains(incomplete)) {
            throw new ConfigException(config.origin("DATASET.INCOMPLETE_SAMPLES") + ": DATASET.INCOMPLETE_SAMPLES is '"
                    + incomplete + "'; allowed: error, warn");
        }
        String dataset = config.string("DATASET.DATASET");
        int views = config.integer("DATASET.NUM_DIMS");
        if (!List.of("multidim_imagenet", "imagenet").contains(dataset)) {
            throw new ConfigException(config.origin("DATASET.DATASET") + ": DATASET.DATASET is '" + dataset
                    + "'; supported: multidim_imagenet, imagenet");
        }
        if ("imagenet".equals(dataset) && views != 1) {
            throw new ConfigException(config.origin("DATASET.NUM_DIMS") + ": DATASET.DATASET imagenet has one view; "
                    + "DATASET.NUM_DIMS is " + views + " (set DATASET.DATASET multidim_imagenet for several views)");
        }
    }

    public static MultiViewFolder.Listing list(ExperimentConfig config, String split, Path workDir, Log log) {
        checkLayout(config);
        Path root = DatasetRoot.of(config, workDir);
        int views = config.integer("DATASET.NUM_DIMS");
        boolean warnIncomplete = "warn".equals(config.string("DATASET.INCOMPLETE_SAMPLES"));
        return "imagenet".equals(config.string("DATASET.DATASET"))
                ? scanFlat(root, split, null, IMAGE_SUFFIXES)
                : arrays(config)
                ? scanFlat(root, split, "mel", List.of(".npy"))
                : MultiViewFolder.scan(root, split, views, warnIncomplete, log);
    }

    /** {@code <root>/<split>/<class>[/<sub>]/<file>}: one file per sample. */
    private static MultiViewFolder.Listing scanFlat(Path root, String split, String sub, List<String> suffixes) {
        Path splitDir = root.resolve(split);
        if (!Files.isDirectory(splitDir)) {
            throw new CvtException(splitDir + ": split folder not found (DATASET.ROOT and DATASET.TRAIN_SET / TEST_SET)");
        }
        List<String> classes = MultiViewFolder.children(splitDir).stream().filter(Files::isDirectory)
                .map(p -> p.getFileName().toString()).sorted().toList();
        if (classes.isEmpty()) {
            throw new CvtException(splitDir + ": no class folders");
        }
        List<MultiViewFolder.Sample> samples = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            Path dir = sub == null ? splitDir.resolve(classes.get(label)) : splitDir.resolve(classes.get(label)).resolve(sub);
            if (!Files.isDirectory(dir)) {
                throw new CvtException(dir + ": folder not found");
            }
            int l = label;
            MultiViewFolder.children(dir).stream()
                    .filter(p -> Files.isRegularFile(p) && suffixes.stream().anyMatch(s -> p.getFileName().toString().toLowerCase().endsWith(s)))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString(), MultiViewFolder::natural))
                    .forEach(p -> samples.add(new MultiViewFolder.Sample(l, classes.get(l) + "/" + p.getFileName(), List.of(p))));
        }
        if (samples.isEmpty()) {
            throw new CvtException(splitDir + ": no " + suffixes + " files in the class folders");
        }
        return new MultiViewFolder.Listing(classes, samples);
    }
}
