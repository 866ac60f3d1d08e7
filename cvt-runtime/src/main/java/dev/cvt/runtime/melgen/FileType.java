package dev.cvt.runtime.melgen;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The files a reader takes, by the end of their names: what discovery looks for and messages name.
 * Audio names are matched in any case ({@code .WAV} from recorders and Windows tools).
 */
record FileType(List<String> suffixes, boolean anyCase) {
    private static final FileType AG = new FileType(List.of(".txt"), false);
    private static final FileType CSV = new FileType(List.of(".csv"), false);
    private static final FileType AUDIO = new FileType(List.of(".wav", ".aif", ".aiff", ".aifc", ".au"), true);

    static FileType of(String reader) {
        return switch (reader) {
            case "ag" -> AG;
            case "audio" -> AUDIO;
            default -> CSV;
        };
    }

    boolean matches(Path file) {
        String name = file.getFileName().toString();
        String compared = anyCase ? name.toLowerCase(Locale.ROOT) : name;
        return suffixes.stream().anyMatch(compared::endsWith);
    }

    /** {@code *.txt}, or {@code *.wav, *.aif, ...}. */
    @Override
    public String toString() {
        return suffixes.stream().map(s -> "*" + s).collect(Collectors.joining(", "));
    }
}
