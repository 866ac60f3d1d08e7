package dev.cvt.runtime.melgen;

import java.util.ArrayList;
import java.util.List;

/**
 * One recording read with its reader and cut into windows by its recipe ({@code W}: {@link Windowing.Window},
 * or what melgen computed from them), with what the reader passed over and a hash of the values it read
 * (to find the same data under two names).
 */
record RecordingWindows<W>(String source, List<W> windows, List<String> report, String valuesHash) {

    static RecordingWindows<Windowing.Window> of(MelgenSpec.RecordingSpec recording) {
        Recipe recipe = recording.recipe();
        List<LineDiagnostics> diagnostics = new ArrayList<>();
        List<String> report = new ArrayList<>();
        recording.names().forEach(n -> diagnostics.add(new LineDiagnostics(n, recipe.skipMalformed())));
        Signal signal = switch (recipe.reader()) {
            case "ag" -> {
                if (recording.files().size() != 1) {
                    throw new InputException(recording.id() + ": the ag reader takes one file per recording");
                }
                yield AgStreamReader.read(recording.files().get(0), recording.names().get(0), recipe.sampleRate(), diagnostics.get(0));
            }
            case "audio" -> AudioReader.read(recording.files().get(0), recording.names().get(0), recipe, report);
            default -> CsvRecordingReader.read(recording.files(), recording.names(), recipe, diagnostics);
        };
        diagnostics.forEach(d -> report.addAll(d.report()));
        return new RecordingWindows<>(recording.id(), Windowing.windows(signal, recipe, recording.id()), report,
                DuplicateRecordings.hash(signal));
    }

    /** The same recording with other windows (computed from these). */
    <V> RecordingWindows<V> withWindows(List<V> computed) {
        return new RecordingWindows<>(source, computed, report, valuesHash);
    }
}
