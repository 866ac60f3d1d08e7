package dev.cvt.runtime.melgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Recording files found below DATA_ROOT, named by their paths relative to it. */
final class RecordingFiles {
    private RecordingFiles() {
    }

    /** A found file and its path relative to DATA_ROOT, '/'-separated: the name messages, manifests and splits use. */
    record Found(Path file, String name) {
    }

    /**
     * Every regular file below {@code root} (any depth) of {@code type}, in natural order of
     * name. Links are followed: a data root or class folder is often a link to a dataset kept elsewhere.
     */
    static List<Found> below(Path root, FileType type) {
        try (Stream<Path> files = Files.walk(root, FileVisitOption.FOLLOW_LINKS)) {
            return files.filter(Files::isRegularFile)
                    .filter(type::matches)
                    .map(p -> new Found(p, relativeName(root, p)))
                    .sorted(Comparator.comparing(Found::name, MelgenSpec::naturalCompare))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new InputException(root + ": cannot list the recordings below it (" + e.getMessage() + ")");
        }
    }

    private static String relativeName(Path root, Path file) {
        List<String> parts = new ArrayList<>();
        root.relativize(file).forEach(part -> parts.add(part.toString()));
        return String.join("/", parts);
    }
}
