package dev.cvt.runtime.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a run folder holds at the moment the report is drawn. Training rewrites each file whole
 * (renamed into place), so whatever is read is complete; any of them may be absent: before the
 * run, during it (no evaluation yet), after a failure.
 *
 * @param status      run.json, or null
 * @param epochs      metrics.jsonl, one map per epoch, or null
 * @param evaluation  evaluation.json, or null
 * @param predictions predictions.csv rows (header first), or null
 * @param modelText   model.txt, or null
 * @param configYaml  config.yaml (the effective config), or null
 */
record RunFiles(Path dir, Map<?, ?> status, List<Map<?, ?>> epochs, Map<?, ?> evaluation, List<List<String>> predictions,
                String modelText, String configYaml) {

    static RunFiles read(Path dir) {
        return new RunFiles(dir, Reading.jsonObject(dir.resolve("run.json")), Reading.jsonLines(dir.resolve("metrics.jsonl")),
                Reading.jsonObject(dir.resolve("evaluation.json")), Reading.csv(dir.resolve("predictions.csv")),
                Reading.text(dir.resolve("model.txt")), Reading.text(dir.resolve("config.yaml")));
    }

    /**
     * running, finished, failed or not run. Without run.json (runs of older versions) a run with
     * metrics counts as finished once its final weights exist.
     */
    String state() {
        if (status != null && !Reading.string(status, "state").isEmpty()) {
            return Reading.string(status, "state");
        }
        if (epochs != null && !epochs.isEmpty()) {
            return Files.exists(dir.resolve("final-0000.params")) ? "finished" : "running";
        }
        return "not run";
    }

    int epochsDone() {
        Double done = status == null ? null : Reading.number(status.get("epochs_done"));
        return done != null ? done.intValue() : epochs == null ? 0 : epochs.size();
    }
}
