package dev.cvt.runtime.report;

import dev.cvt.runtime.CsvFiles;
import dev.cvt.runtime.JsonFiles;
import dev.cvt.runtime.eval.EvaluationRecord;
import dev.cvt.runtime.train.EpochRecord;
import dev.cvt.runtime.train.RunRecord;
import java.nio.file.Path;
import java.util.List;

/**
 * What a run folder holds at the moment the report is drawn. Training rewrites each file whole
 * (renamed into place), so whatever is read is complete; any of them may be absent: before the
 * run, during it (no evaluation yet), after a failure.
 *
 * @param status      run.json, or null
 * @param epochs      metrics.jsonl, one record per epoch, or null
 * @param evaluation  evaluation.json, or null
 * @param predictions predictions.csv rows (header first), or null
 * @param modelText   model.txt, or null
 * @param configYaml  config.yaml (the effective config), or null
 */
record RunFiles(Path dir, RunRecord status, List<EpochRecord> epochs, EvaluationRecord evaluation, List<List<String>> predictions,
                String modelText, String configYaml) {

    static RunFiles read(Path dir) {
        return new RunFiles(dir, JsonFiles.readIfPresent(dir.resolve("run.json"), RunRecord.class),
                JsonFiles.readLinesIfPresent(dir.resolve("metrics.jsonl"), EpochRecord.class),
                JsonFiles.readIfPresent(dir.resolve("evaluation.json"), EvaluationRecord.class), CsvFiles.readIfPresent(dir.resolve("predictions.csv")),
                Reading.text(dir.resolve("model.txt")), Reading.text(dir.resolve("config.yaml")));
    }

    /** running, finished, failed, interrupted or not run. */
    String state() {
        return status != null ? status.state().label() : "not run";
    }

    int epochsDone() {
        return status != null ? status.epochsDone() : 0;
    }
}
