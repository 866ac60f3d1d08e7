package dev.cvt.runtime.melgen;

import dev.cvt.runtime.Log;
import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MELGEN.CLASS: each recording file's class taken from its path below DATA_ROOT (capture group 1), so that a
 * dataset published as one flat folder, the class a part of every file name, is used as it comes.
 */
final class PathClasses {
    private final Map<String, List<RecordingFiles.Found>> filesOfClass;

    private PathClasses(Map<String, List<RecordingFiles.Found>> filesOfClass) {
        this.filesOfClass = filesOfClass;
    }

    /** The files below {@code dataRoot} of {@code type}, by class; files the pattern does not match are logged. */
    static PathClasses find(ExperimentConfig config, Path dataRoot, Pattern classPattern, FileType type, Log log) {
        Map<String, List<RecordingFiles.Found>> filesOfClass = new TreeMap<>(MelgenSpec::naturalCompare);
        List<String> unmatched = new ArrayList<>();
        for (RecordingFiles.Found f : RecordingFiles.below(dataRoot, type)) {
            Matcher m = classPattern.matcher(f.name());
            if (!m.find()) {
                unmatched.add(f.name());
                continue;
            }
            String name = m.group(1) == null ? "" : m.group(1);
            String unusable = MelgenSpec.unusableAsFolder(name);
            if (unusable != null) {
                throw new ConfigException(config.origin("MELGEN.CLASS") + ": MELGEN.CLASS: the class name of " + f.name()
                        + " (capture group 1) " + unusable);
            }
            filesOfClass.computeIfAbsent(name, k -> new ArrayList<>()).add(f);
        }
        if (!unmatched.isEmpty()) {
            log.info(unmatched.size() + " " + type + " file(s) below " + dataRoot + " do not match MELGEN.CLASS and are skipped, "
                    + "the first: " + unmatched.get(0));
        }
        if (filesOfClass.isEmpty()) {
            throw new ConfigException(config.origin("MELGEN.CLASS") + ": no " + type + " file below " + dataRoot
                    + " matches MELGEN.CLASS '" + classPattern.pattern() + "'");
        }
        return new PathClasses(filesOfClass);
    }

    /** The class names found, in natural order. */
    List<String> names() {
        return List.copyOf(filesOfClass.keySet());
    }

    /** The files of one class, in natural order of their paths; empty when none has that class. */
    List<RecordingFiles.Found> files(String name) {
        return filesOfClass.getOrDefault(name, List.of());
    }

    /** One line naming the classes found but left out of MELGEN.CLASSES, with their file counts. */
    void reportUnlisted(Set<String> listed, Log log) {
        List<String> unlisted = filesOfClass.entrySet().stream().filter(e -> !listed.contains(e.getKey()))
                .map(e -> e.getKey() + " (" + e.getValue().size() + " files)").toList();
        if (!unlisted.isEmpty()) {
            log.info("classes found by MELGEN.CLASS but not listed in MELGEN.CLASSES are skipped: " + String.join(", ", unlisted));
        }
    }
}
