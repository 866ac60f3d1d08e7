package dev.cvt.runtime.data;

import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.Log;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The original multi-view image folder, {@code <root>/<split>/<class>/dim1..dimV/<file>}: classes
 * sorted by name (labels in that order, as torchvision's ImageFolder), a sample is a file name
 * present in every {@code dim} folder of its class. Samples missing from some view, and classes
 * whose view folders do not match V, are reported with counts and first examples: an error, or with
 * {@code warnOnly} a warning and the incomplete samples left out.
 */
public final class MultiViewFolder {
    private static final int EXAMPLES = 5;

    private MultiViewFolder() {
    }

    /** One sample: its label and one file per view. */
    public record Sample(int label, String id, List<Path> views) {
    }

    public record Listing(List<String> classes, List<Sample> samples) {
    }

    public static Listing scan(Path root, String split, int views, boolean warnOnly, Log log) {
        Path splitDir = root.resolve(split);
        if (!Files.isDirectory(splitDir)) {
            throw new CvtException(splitDir + ": split folder not found (DATASET.ROOT and DATASET.TRAIN_SET / TEST_SET)");
        }
        List<String> classes = children(splitDir).stream().filter(Files::isDirectory).map(p -> p.getFileName().toString())
                .sorted().toList();
        if (classes.isEmpty()) {
            throw new CvtException(splitDir + ": no class folders");
        }
        List<Sample> samples = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            Path classDir = splitDir.resolve(classes.get(label));
            Set<String> dims = children(classDir).stream().filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("dim\\d+")).collect(Collectors.toCollection(TreeSet::new));
            Set<String> expected = new TreeSet<>();
            for (int d = 1; d <= views; d++) {
                expected.add("dim" + d);
            }
            if (!dims.equals(expected)) {
                problems.add(classDir + ": has view folders " + dims + " but DATASET.NUM_DIMS " + views + " needs " + expected);
                continue;
            }
            List<Set<String>> files = new ArrayList<>();
            for (int d = 1; d <= views; d++) {
                files.add(children(classDir.resolve("dim" + d)).stream().filter(Files::isRegularFile)
                        .map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new)));
            }
            Set<String> all = new TreeSet<>(MultiViewFolder::natural);
            files.forEach(all::addAll);
            List<String> incomplete = new ArrayList<>();
            for (String name : all) {
                if (files.stream().allMatch(f -> f.contains(name))) {
                    List<Path> paths = new ArrayList<>();
                    for (int d = 1; d <= views; d++) {
                        paths.add(classDir.resolve("dim" + d).resolve(name));
                    }
                    samples.add(new Sample(label, classes.get(label) + "/" + name, paths));
                } else {
                    incomplete.add(name);
                }
            }
            if (!incomplete.isEmpty()) {
                problems.add(classDir + ": " + incomplete.size() + " sample(s) missing from some dim folder, e.g. "
                        + incomplete.stream().limit(EXAMPLES).toList());
            }
        }
        if (!problems.isEmpty()) {
            String report = String.join("\n", problems);
            if (!warnOnly) {
                throw new CvtException(report + "\n(set DATASET.INCOMPLETE_SAMPLES: warn to leave such samples out)");
            }
            problems.forEach(log::warn);
        }
        return new Listing(classes, samples);
    }

    /** File names in natural order: 2.jpg before 10.jpg. */
    static int natural(String a, String b) {
        String da = a.replaceAll("\\D.*", "");
        String db = b.replaceAll("\\D.*", "");
        if (!da.isEmpty() && !db.isEmpty() && !da.equals(db)) {
            return new java.math.BigInteger(da).compareTo(new java.math.BigInteger(db));
        }
        return a.compareTo(b);
    }

    static List<Path> children(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.toList();
        } catch (IOException e) {
            throw new CvtException(dir + ": cannot list (" + e.getMessage() + ")");
        }
    }
}
