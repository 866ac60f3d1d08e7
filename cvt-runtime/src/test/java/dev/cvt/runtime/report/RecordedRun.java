package dev.cvt.runtime.report;

import dev.cvt.runtime.JsonFiles;
import dev.cvt.runtime.config.ConfigLoader;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.eval.EvaluationRecord;
import dev.cvt.runtime.train.EpochRecord;
import dev.cvt.runtime.train.RunRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The files a run and melgen leave behind, written by hand into a temporary project: the
 * experiment {@code exp.yaml}, its run folder {@code out/multidim_imagenet/exp/} and the dataset
 * {@code data/}. Three classes, one of them with HTML-special characters in its name and too few
 * samples (flagged as imbalanced).
 */
final class RecordedRun {
    static final String ODD = "Lateral <Raise> & \"Co\"";
    static final List<String> CLASSES = List.of("Dumbbell Bicep Curl", ODD, "Shoulder Press");

    final Path project;
    final Path runDir;
    final Path dataRoot;

    RecordedRun(Path project) {
        this.project = project;
        this.runDir = project.resolve("out/multidim_imagenet/exp");
        this.dataRoot = project.resolve("data");
    }

    ExperimentConfig config() {
        write(project.resolve("exp.yaml"), """
                OUTPUT_DIR: 'out'
                SEED: 7
                DATASET: {DATASET: 'multidim_imagenet', ROOT: 'data', NUM_DIMS: 2}
                MODEL: {NUM_CLASSES: 3}
                TRAIN: {END_EPOCH: 10, IMAGE_SIZE: [64, 48]}
                """);
        return ConfigLoader.load(project.resolve("exp.yaml"), List.of());
    }

    /** run.json as RunStatus writes it; the best epoch is 6 once it is done. */
    RecordedRun status(String state, int epochsDone, double wallSeconds, String message) {
        JsonFiles.write(runDir.resolve("run.json"), new RunRecord(RunRecord.State.valueOf(state.toUpperCase(Locale.ROOT)),
                message == null ? "" : message, "2025-03-01T10:00:00+01:00", "2025-03-01T11:02:05+01:00",
                project.resolve("exp.yaml").toString(), "exp", 7, 10, epochsDone, epochsDone > 6 ? 6 : epochsDone > 0 ? epochsDone - 1 : null,
                "val", wallSeconds, "f1ngerpr1nt", "gpu(0)", "Test CPU @ 2.0GHz, 16 cores", "17.0.12 (OpenJDK 64-Bit Server VM)",
                "0.32.0", "2.5.1"));
        return this;
    }

    /** metrics.jsonl for epochs 0..n-1; val top-1 peaks at epoch 6 (97.36842 %) when n > 6. */
    RecordedRun metrics(int epochs) {
        List<EpochRecord> lines = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            lines.add(new EpochRecord(e, 1e-4 * (e + 1) / 10, 2.0 / (e + 1), 50.0 + 5 * e, 1.5 / (e + 1) + 0.05,
                    e == 6 ? 97.36842 : 60.0 + 3 * e, 100.0, e == 6 ? 96.5 : 55.0 + 3 * e, e == 6 ? 95.25 : 50.0 + 3 * e,
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 40.0 + e, 12.5));
        }
        JsonFiles.writeLines(runDir.resolve("metrics.jsonl"), lines);
        return this;
    }

    /** evaluation.json, predictions.csv (three mistakes), model.txt and config.yaml of a tested run. */
    RecordedRun tested() {
        return tested(null);
    }

    /** {@link #tested()} with the random-forest baseline's figures in evaluation.json. */
    RecordedRun testedWithBaseline() {
        return tested(new EvaluationRecord.Baseline("random_forest(100 trees, window statistics)", 84, 23, 65.21739, 50.0, 46.46465,
                List.of(new EvaluationRecord.ClassScores(CLASSES.get(0), 10, 63.63636, 70.0, 66.66667),
                        new EvaluationRecord.ClassScores(CLASSES.get(1), 10, 66.66667, 80.0, 72.72727),
                        new EvaluationRecord.ClassScores(CLASSES.get(2), 3, 0.0, 0.0, 0.0)),
                List.of(List.of(7L, 3L, 0L), List.of(2L, 8L, 0L), List.of(2L, 1L, 0L))));
    }

    private RecordedRun tested(EvaluationRecord.Baseline baseline) {
        JsonFiles.write(runDir.resolve("evaluation.json"), new EvaluationRecord("val", runDir.resolve("model_best").toString(),
                "f1ngerpr1nt", "d4t4", 23, 0, 0.31234, 86.95652, 100.0, 3, 81.66667, 80.12, CLASSES, List.of(
                        new EvaluationRecord.ClassScores(CLASSES.get(0), 10, 90.0, 90.0, 90.0),
                        new EvaluationRecord.ClassScores(CLASSES.get(1), 10, 90.909, 100.0, 95.238),
                        new EvaluationRecord.ClassScores(CLASSES.get(2), 3, 50.0, 33.333, 40.0)),
                List.of(List.of(9L, 1L, 0L), List.of(0L, 10L, 0L), List.of(1L, 1L, 1L)), null, baseline, null));
        String odd = csv(ODD);
        write(runDir.resolve("predictions.csv"), String.join("\n",
                "sample,true,predicted,p_Dumbbell Bicep Curl," + csv("p_" + ODD) + ",p_Shoulder Press",
                "Dumbbell Bicep Curl/0.jpg,Dumbbell Bicep Curl,Dumbbell Bicep Curl,0.900000,0.050000,0.050000",
                "Dumbbell Bicep Curl/7.jpg,Dumbbell Bicep Curl," + odd + ",0.400000,0.550000,0.050000",
                "Shoulder Press/1.jpg,Shoulder Press,Dumbbell Bicep Curl,0.880000,0.020000,0.100000",
                "Shoulder Press/2.jpg,Shoulder Press," + odd + ",0.300000,0.610000,0.090000",
                "Shoulder Press/0.jpg,Shoulder Press,Shoulder Press,0.100000,0.100000,0.800000") + "\n");
        write(runDir.resolve("model.txt"), """
                CvT, 3 stage(s), 2 view(s) of 48 x 64 (h x w), 3 classes
                stage  grid       tokens   dim heads  depth       params    MACs/view
                0      12x16         192    64     1      1       51,264    9,043,968
                1      6x8            48   192     3      2      913,728   43,646,976
                2      3x4            13   384     6     10   17,756,544  218,191,872
                total: 20,205,378 trainable parameters, 0.27 G MACs per view, 0.54 G per sample
                """);
        write(runDir.resolve("config.yaml"), "NAME: exp\nSEED: 7\nTRAIN:\n  END_EPOCH: 10\n");
        return this;
    }

    /** melgen's counts.csv and config.yaml, and four images per class in dim1 and dim2 of the training split. */
    RecordedRun dataset() {
        StringBuilder counts = new StringBuilder("split,class,samples\n");
        int[] train = {40, 40, 3};
        int[] val = {10, 10, 3};
        for (int c = 0; c < 3; c++) {
            counts.append("train,").append(csv(CLASSES.get(c))).append(',').append(train[c]).append('\n');
        }
        for (int c = 0; c < 3; c++) {
            counts.append("val,").append(csv(CLASSES.get(c))).append(',').append(val[c]).append('\n');
        }
        write(dataRoot.resolve("counts.csv"), counts.toString());
        write(dataRoot.resolve("config.yaml"), "MELGEN:\n  IMAGE_SIZE: [310, 231]\n  SPLIT: {METHOD: recording, TRAIN_FRACTION: 0.75}\n");
        for (String c : CLASSES) {
            for (String view : List.of("dim1", "dim2")) {
                for (int i : new int[] {10, 2, 1, 0}) {
                    write(dataRoot.resolve("train").resolve(c).resolve(view).resolve(i + ".jpg"), image(c, view, i));
                }
            }
        }
        return this;
    }

    /** The bytes an example image stands for: enough to tell which file was copied. */
    static String image(String className, String view, int index) {
        return "image " + className + " " + view + " " + index;
    }

    private static String csv(String field) {
        return field.contains(",") || field.contains("\"") ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
