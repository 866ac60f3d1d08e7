package dev.cvt.runtime.melgen;

import dev.cvt.runtime.Log;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How found files become recordings: one file each, or with MELGEN.PAIR the files whose capture group 1 is
 * equal (an accelerometer and a gyroscope file of one set). A file PAIR does not match, or a group with another
 * number of files than most groups of the dataset (a missing or extra file), is skipped with a warning: fused,
 * it would give a recording without some views or with the wrong ones.
 */
final class Pairing {
    private final Pattern pattern;
    private final Log log;
    /** The PAIR groups made so far, by the recording made of each, with its class: judged complete at the end. */
    private final Map<MelgenSpec.RecordingSpec, String> groupKeys = new IdentityHashMap<>();

    /** {@code pattern} null: one file, one recording. */
    Pairing(Pattern pattern, Log log) {
        this.pattern = pattern;
        this.log = log;
    }

    /** The recordings of one class's found files, in the order of their first files; files of a group in order too. */
    List<MelgenSpec.RecordingSpec> recordings(List<RecordingFiles.Found> files, Recipe recipe, String className) {
        if (pattern == null) {
            return files.stream().map(f -> new MelgenSpec.RecordingSpec(List.of(f.file()), List.of(f.name()), recipe)).toList();
        }
        Map<String, List<RecordingFiles.Found>> groups = new LinkedHashMap<>();
        List<String> unmatched = new ArrayList<>();
        for (RecordingFiles.Found f : files) {
            Matcher m = pattern.matcher(f.name());
            if (m.find() && m.group(1) != null) {
                groups.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(f);
            } else {
                unmatched.add(f.name());
            }
        }
        if (!unmatched.isEmpty()) {
            log.warn("class '" + className + "': " + unmatched.size() + " file(s) do not match MELGEN.PAIR and are skipped, the first: "
                    + unmatched.get(0));
        }
        List<MelgenSpec.RecordingSpec> recordings = new ArrayList<>();
        groups.forEach((key, group) -> {
            MelgenSpec.RecordingSpec r = new MelgenSpec.RecordingSpec(group.stream().map(RecordingFiles.Found::file).toList(),
                    group.stream().map(RecordingFiles.Found::name).toList(), recipe);
            groupKeys.put(r, key);
            recordings.add(r);
        });
        return recordings;
    }

    /**
     * The classes without the PAIR groups whose number of files differs from the most common one over all
     * classes (of two as common, the larger: a complete recording has all its files). Recordings a class lists
     * itself (RECORDINGS) are kept as they are.
     */
    List<MelgenSpec.ClassSpec> completeOnly(List<MelgenSpec.ClassSpec> classes) {
        if (pattern == null) {
            return classes;
        }
        Map<Integer, Long> sizes = groupKeys.keySet().stream().collect(Collectors.groupingBy(r -> r.files().size(), Collectors.counting()));
        int usual = sizes.entrySet().stream()
                .max(Map.Entry.<Integer, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).orElse(0);
        List<MelgenSpec.ClassSpec> complete = new ArrayList<>();
        for (MelgenSpec.ClassSpec c : classes) {
            List<MelgenSpec.RecordingSpec> kept = new ArrayList<>();
            for (MelgenSpec.RecordingSpec r : c.recordings()) {
                String key = groupKeys.get(r);
                if (key == null || r.files().size() == usual) {
                    kept.add(r);
                } else {
                    log.warn("class '" + c.name() + "': recording '" + key + "' (MELGEN.PAIR) has " + r.files().size() + " file(s) where "
                            + "most have " + usual + ", skipped: " + String.join(", ", r.names()));
                }
            }
            if (kept.isEmpty()) {
                throw new InputException("class '" + c.name() + "': no complete recording by MELGEN.PAIR (see the warnings above)");
            }
            complete.add(new MelgenSpec.ClassSpec(c.name(), kept));
        }
        return complete;
    }
}
