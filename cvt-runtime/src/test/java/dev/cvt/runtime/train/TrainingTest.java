package dev.cvt.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.Log;
import dev.cvt.runtime.config.ConfigLoader;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.eval.Evaluation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains the tiny experiment end to end, evaluates it, and checks what a run leaves behind. */
class TrainingTest {
    private static final Log QUIET = new Log() {
        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
        }
    };

    @TempDir
    Path dir;

    private ExperimentConfig config(String... overrides) throws IOException {
        Path yaml = Files.exists(dir.resolve("tiny.yaml")) ? dir.resolve("tiny.yaml") : TinyExperiment.write(dir);
        return ConfigLoader.load(yaml, List.of(overrides));
    }

    /** The metrics lines without the wall-clock fields, which differ from run to run. */
    static List<String> metricsWithoutTimes(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(line.replaceAll(", \"samples_per_s\": [^,}]*", "").replaceAll(", \"seconds\": [^,}]*", ""));
        }
        return out;
    }

    @Test
    void trainsEvaluatesAndLeavesTheOriginalsFiles() throws IOException {
        ExperimentConfig config = config();
        Training.run(config, dir, QUIET);
        Path run = dir.resolve("out/multidim_imagenet/tiny");
        for (String file : List.of("model_best-0000.params", "model_best.yaml", "final-0000.params", "final.yaml", "checkpoint.bin",
                "config.yaml", "train.log", "model.txt")) {
            assertTrue(Files.exists(run.resolve(file)), file);
        }
        String status = Files.readString(run.resolve("run.json"));
        for (String field : List.of("\"state\": \"finished\"", "\"epochs_done\": 3", "\"end_epoch\": 3", "\"seed\": 0",
                "\"device\": \"cpu()\"", "\"pytorch\": \"2.5.1\"", "\"wall_seconds\"")) {
            assertTrue(status.contains(field), field + " in " + status);
        }
        assertTrue(Files.readString(run.resolve("model.txt")).contains("trainable parameters"));
        try (Stream<Path> files = Files.list(run)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("events.out.tfevents.")), "TensorBoard events");
        }
        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
        assertEquals(3, lines.size());
        for (String key : List.of("\"epoch\": 2", "\"lr\"", "\"train_loss\"", "\"train_top1\"", "\"val_loss\"", "\"val_top1\"",
                "\"val_top5\"", "\"val_balanced_accuracy\"", "\"val_macro_f1\"", "\"ema_val_top1\"", "\"samples_per_s\"", "\"seconds\"")) {
            assertTrue(lines.get(2).contains(key), key + " in " + lines.get(2));
        }
        // the schedule's rates: warm-up epoch 0, then the cosine of timm on the absolute epoch
        assertTrue(lines.get(0).contains("\"lr\": 5.0E-4"), lines.get(0));
        assertTrue(lines.get(1).contains("\"lr\": " + (1e-4 + 0.5 * (3e-3 - 1e-4) * (1 + Math.cos(Math.PI / 3)))), lines.get(1));
        double best = lines.stream().mapToDouble(l -> Double.parseDouble(l.replaceAll(".*\"ema_val_top1\": ([0-9.]+).*", "$1")))
                .max().orElseThrow();
        assertTrue(best >= 87.5, "the problem is separable; best EMA top-1 " + best);

        Path copy = dir.resolve("copy/evaluation.json");
        Map<String, Object> report = Evaluation.run(config, dir, copy, QUIET);
        assertEquals(16L, report.get("samples"));
        // model_best holds the EMA weights of the best epoch: the evaluation repeats that epoch's figure
        assertEquals(best, (Double) report.get("top1"), 1e-9);
        assertEquals(Files.readString(run.resolve("evaluation.json")), Files.readString(copy));
        List<String> predictions = Files.readAllLines(run.resolve("predictions.csv"));
        assertEquals("sample,true,predicted,p_down,p_up", predictions.get(0));
        assertEquals(17, predictions.size());
        assertTrue(predictions.get(1).startsWith("down/0.png,down,"), predictions.get(1));
    }

    @Test
    void sameSeedSameMetrics() throws IOException {
        Training.run(config("NAME", "a", "TRAIN.END_EPOCH", "2"), dir, QUIET);
        Training.run(config("NAME", "b", "TRAIN.END_EPOCH", "2"), dir, QUIET);
        Training.run(config("NAME", "c", "TRAIN.END_EPOCH", "2", "SEED", "1"), dir, QUIET);
        List<String> a = metricsWithoutTimes(dir.resolve("out/multidim_imagenet/a/metrics.jsonl"));
        assertEquals(a, metricsWithoutTimes(dir.resolve("out/multidim_imagenet/b/metrics.jsonl")));
        assertTrue(!a.equals(metricsWithoutTimes(dir.resolve("out/multidim_imagenet/c/metrics.jsonl"))), "another seed, another run");
    }

    @Test
    void aDivergingLossStopsTheRunAndKeepsTheLastCheckpoint() throws IOException {
        // epoch 0 trains normally; epoch 1 runs at 1e30 and the weights blow up
        ExperimentConfig config = config("TRAIN.LR", "1e30", "TRAIN.LR_SCHEDULER.ARGS.warmup_lr", "0.001",
                "TRAIN.LR_SCHEDULER.ARGS.warmup_epochs", "1", "TRAIN.EMA_DECAY", "0.0");
        CvtException e = assertThrows(CvtException.class, () -> Training.run(config, dir, QUIET));
        assertTrue(e.getMessage().matches("(?s)the loss became (NaN|Infinity|-Infinity) at epoch 1, iteration \\d+/6.*"), e.getMessage());
        Path run = dir.resolve("out/multidim_imagenet/tiny");
        assertTrue(e.getMessage().contains(run.resolve("checkpoint.bin").toString()), e.getMessage());
        assertEquals(1, Files.readAllLines(run.resolve("metrics.jsonl")).size());
        assertTrue(Files.exists(run.resolve("checkpoint.bin")));
        String status = Files.readString(run.resolve("run.json"));
        assertTrue(status.contains("\"state\": \"failed\"") && status.contains("\"epochs_done\": 1")
                && status.contains("the loss became"), status);
    }

    @Test
    void aModelThatDoesNotMatchTheDataIsNamed() throws IOException {
        CvtException e = assertThrows(CvtException.class, () -> Training.run(config("MODEL.NUM_CLASSES", "1"), dir, QUIET));
        assertTrue(e.getMessage().contains("MODEL.NUM_CLASSES is 1 but the training split has 2 classes [down, up]"), e.getMessage());
        CvtException missing = assertThrows(CvtException.class,
                () -> Evaluation.run(config("NAME", "never-trained"), dir, null, QUIET));
        assertTrue(missing.getMessage().contains("no trained model there"), missing.getMessage());
    }

    @Test
    void aHeadWiderThanTheDataTrainsAsTheOriginalsDid() throws IOException {
        // the original experiment files keep MODEL.NUM_CLASSES at its default 1000 for 2 classes
        List<String> warnings = new ArrayList<>();
        Log log = new Log() {
            @Override
            public void info(String message) {
            }

            @Override
            public void warn(String message) {
                warnings.add(message);
            }
        };
        ExperimentConfig config = config("MODEL.NUM_CLASSES", "7", "TRAIN.END_EPOCH", "1", "NAME", "wide");
        Training.run(config, dir, log);
        assertTrue(warnings.stream().anyMatch(w -> w.contains("MODEL.NUM_CLASSES is 7 but the data has 2 classes")), warnings.toString());
        Map<String, Object> report = Evaluation.run(config, dir, null, QUIET);
        assertEquals(5, report.get("top5_k"));
        assertEquals(100.0, (Double) report.get("top5"), 1e-9, "2 classes are always within the top 5 of 7 outputs");
        assertEquals(2, ((List<?>) report.get("confusion")).size());
        assertEquals(2, ((List<?>) report.get("predicted_outside_classes")).size());
        assertEquals("sample,true,predicted,p_down,p_up", Files.readAllLines(dir.resolve("out/multidim_imagenet/wide/predictions.csv")).get(0));
    }

    @Test
    void singleViewImagenetLayoutTrainsAndEvaluates() throws IOException {
        ExperimentConfig multi = config();
        // <split>/<class>/<image>: the first view of the tiny data, one level up
        for (String split : List.of("train", "val")) {
            for (String cls : List.of("down", "up")) {
                Path from = dir.resolve("data").resolve(split).resolve(cls).resolve("dim1");
                Path to = dir.resolve("single").resolve(split).resolve(cls);
                Files.createDirectories(to);
                try (Stream<Path> files = Files.list(from)) {
                    for (Path f : files.toList()) {
                        Files.copy(f, to.resolve(f.getFileName()));
                    }
                }
            }
        }
        ExperimentConfig single = ConfigLoader.load(multi.file(), List.of("DATASET.DATASET", "imagenet", "DATASET.NUM_DIMS", "1",
                "DATASET.ROOT", "single", "TRAIN.END_EPOCH", "2", "NAME", "single"));
        Training.run(single, dir, QUIET);
        assertEquals(2, Files.readAllLines(dir.resolve("out/imagenet/single/metrics.jsonl")).size());
        Map<String, Object> report = Evaluation.run(single, dir, null, QUIET);
        assertEquals(16L, report.get("samples"));
    }
}
