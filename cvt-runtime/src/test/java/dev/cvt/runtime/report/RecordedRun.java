package dev.cvt.runtime.report;

import dev.cvt.runtime.Json;
import dev.cvt.runtime.config.ConfigLoader;
import dev.cvt.runtime.config.ExperimentConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** run.json as RunStatus writes it. */
    RecordedRun status(String state, int epochsDone, double wallSeconds, String message) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("state", state);
        s.put("started", "2025-03-01T10:00:00+01:00");
        s.put("updated", "2025-03-01T11:02:05+01:00");
        s.put("config_file", project.resolve("exp.yaml").toString());
        s.put("name", "exp");
        s.put("seed", 7);
        s.put("end_epoch", 10);
        s.put("epochs_done", epochsDone);
        s.put("wall_seconds", wallSeconds);
        s.put("java", "17.0.12 (OpenJDK 64-Bit Server VM)");
        s.put("cpu", "Test CPU @ 2.0GHz, 16 cores");
        s.put("device", "gpu(0)");
        s.put("djl", "0.32.0");
        s.put("pytorch", "2.5.1");
        if (message != null) {
            s.put("message", message);
        }
        write(runDir.resolve("run.json"), Json.write(s) + "\n");
        return this;
    }

    /** metrics.jsonl for epochs 0..n-1; val top-1 peaks at epoch 6 (97.36842 %) when n > 6. */
    RecordedRun metrics(int epochs) {
        StringBuilder lines = new StringBuilder();
        for (int e = 0; e < epochs; e++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epoch", e);
            m.put("lr", 1e-4 * (e + 1) / 10);
            m.put("train_loss", 2.0 / (e + 1));
            m.put("train_top1", 50.0 + 5 * e);
            m.put("val_loss", 1.5 / (e + 1) + 0.05);
            m.put("val_top1", e == 6 ? 97.36842 : 60.0 + 3 * e);
            m.put("val_top5", 100.0);
            m.put("val_balanced_accuracy", e == 6 ? 96.5 : 55.0 + 3 * e);
            m.put("val_macro_f1", e == 6 ? 95.25 : 50.0 + 3 * e);
            m.put("samples_per_s", 40.0 + e);
            m.put("seconds", 12.5);
            lines.append(Json.write(m)).append('\n');
        }
        write(runDir.resolve("metrics.jsonl"), lines.toString());
        return this;
    }

    /** evaluation.json, predictions.csv (three mistakes), model.txt and config.yaml of a tested run. */
    RecordedRun tested() {
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("split", "val");
        ev.put("model", runDir.resolve("model_best").toString());
        ev.put("samples", 23);
        ev.put("loss", 0.31234);
        ev.put("top1", 86.95652);
        ev.put("top5", 100.0);
        ev.put("top5_k", 3);
        ev.put("balanced_accuracy", 81.66667);
        ev.put("macro_f1", 80.12);
        ev.put("classes", CLASSES);
        ev.put("per_class", List.of(
                Map.of("class", CLASSES.get(0), "support", 10, "precision", 90.0, "recall", 90.0, "f1", 90.0),
                Map.of("class", CLASSES.get(1), "support", 10, "precision", 90.909, "recall", 100.0, "f1", 95.238),
                Map.of("class", CLASSES.get(2), "support", 3, "precision", 50.0, "recall", 33.333, "f1", 40.0)));
        ev.put("confusion", List.of(List.of(9, 1, 0), List.of(0, 10, 0), List.of(1, 1, 1)));
        write(runDir.resolve("evaluation.json"), Json.write(ev) + "\n");
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
