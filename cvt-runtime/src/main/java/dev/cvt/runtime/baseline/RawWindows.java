package dev.cvt.runtime.baseline;

import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.melgen.Melgen;
import dev.cvt.runtime.melgen.NpyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The raw windows melgen writes beside the spectrograms: {@code <root>/<split>/<class>/raw/<i>.npy},
 * float32 {@code [channels, samples]}. A class without a folder in a split has no samples there; a
 * class folder without {@code raw/} is a dataset without raw windows (from an older melgen, or not
 * from melgen at all).
 */
final class RawWindows {
    private RawWindows() {
    }

    /** One window: the index of its class in the class list, its id ({@code <class>/<file>}), its file and values. */
    record Window(int label, String id, Path file, NpyFiles.Array values) {
        int channels() {
            return values.shape()[0];
        }

        double[] statistics() {
            return WindowStatistics.of(values.values(), values.shape()[0], values.shape()[1]);
        }
    }

    /** Why the split has no raw windows to read, or empty when it has some. */
    static Optional<String> missing(Path root, String split, List<String> classes) {
        Path splitDir = root.resolve(split);
        if (!Files.isDirectory(splitDir)) {
            return Optional.of(splitDir + ": no such split folder");
        }
        boolean any = false;
        for (String name : classes) {
            Path classDir = splitDir.resolve(name);
            if (Files.isDirectory(classDir) && !Files.isDirectory(classDir.resolve(Melgen.RAW_FOLDER))) {
                return Optional.of(classDir + " has no raw/ folder (a dataset from before melgen wrote raw windows, "
                        + "or not made by melgen; run melgen again with force (-Dcvt.melgen.force, --force) to add them)");
            }
            any |= Files.isDirectory(classDir) && !files(classDir.resolve(Melgen.RAW_FOLDER)).isEmpty();
        }
        return any ? Optional.empty() : Optional.of(splitDir + ": no raw windows in the folders of the classes " + classes);
    }

    /**
     * The split's windows, class by class in the order of {@code classes}, files sorted by name (a fixed
     * order: the forest's bootstrap samples depend on it).
     */
    static List<Window> read(Path root, String split, List<String> classes) {
        List<Window> windows = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            Path rawDir = root.resolve(split).resolve(classes.get(label)).resolve(Melgen.RAW_FOLDER);
            if (!Files.isDirectory(rawDir)) {
                continue;
            }
            for (Path file : files(rawDir)) {
                NpyFiles.Array values = NpyFiles.readFloat32(file);
                if (values.shape().length != 2 || values.shape()[0] < 1 || values.shape()[1] < 1) {
                    throw new CvtException(file + ": a raw window must be [channels, samples], this one is "
                            + Arrays.toString(values.shape()));
                }
                for (float v : values.values()) {
                    if (!Float.isFinite(v)) {
                        throw new CvtException(file + ": holds a value that is not finite (" + v + ")");
                    }
                }
                windows.add(new Window(label, classes.get(label) + "/" + file.getFileName(), file, values));
            }
        }
        return windows;
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".npy"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new CvtException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }
}
