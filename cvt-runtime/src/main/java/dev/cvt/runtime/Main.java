package dev.cvt.runtime;

import dev.cvt.runtime.config.ConfigLoader;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.eval.Evaluation;
import dev.cvt.runtime.melgen.Melgen;
import dev.cvt.runtime.report.RunReport;
import dev.cvt.runtime.train.RunDirectory;
import dev.cvt.runtime.train.Training;
import dev.cvt.runtime.train.DeviceCheck;
import dev.cvt.runtime.train.ModelBenchmark;
import dev.cvt.runtime.model.ModelSummary;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line: {@code java -jar cvt-runtime.jar <command> --cfg experiment.yaml [--force] [KEY VALUE]...}.
 * Relative paths in the experiment resolve against the working directory, as in the original.
 * Exit codes: 0 done, 1 unexpected failure, 2 bad input or usage.
 */
public final class Main {
    private static final String USAGE = """
            usage: java -jar cvt-runtime.jar <command> --cfg <experiment.yaml> [options] [KEY VALUE]...
            commands:
              melgen   recordings -> windows -> mel spectrograms -> multi-view dataset (MELGEN section)
              train    trains the model; outputs in OUTPUT_DIR/<DATASET.DATASET>/<NAME>/
              test     evaluates TEST.MODEL_FILE (default: the run's model_best) on DATASET.TEST_SET
              summary  the model of MODEL.SPEC: token grids, dims, parameters, MACs for TRAIN.IMAGE_SIZE
              bench    training and inference samples/s and peak memory of the model on random data
              device-check  the same weights on the CPU and on DEVICE (a GPU): logits and training losses side by side
              report   the run's HTML report (charts, confusion matrix, data, model); prints the page's path
            options:
              --cfg FILE   the experiment YAML (yacs schema of the original CvT project plus MELGEN)
              --force      melgen: redo the work even when inputs and config are unchanged;
                           train: a fresh run even when the run folder is up to date or resumable
              --steps N    bench: timed steps (default 10); device-check: training steps compared (default 10)
              --evaluation-out FILE   test: also write evaluation.json to FILE
              --out DIR    report: the report's folder (default: <run folder>/report)
              KEY VALUE    overrides, e.g. TRAIN.END_EPOCH 3  DATASET.ROOT out/agmel
            """;

    private Main() {
    }

    public static void main(String[] args) {
        ParentWatch.startIfRequested();
        System.exit(run(args, Path.of("").toAbsolutePath(), Log.CONSOLE));
    }

    static int run(String[] args, Path workDir, Log log) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            System.out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String command = args[0];
        Path cfg = null;
        boolean force = false;
        int steps = 10;
        Path evaluationOut = null;
        Path reportOut = null;
        List<String> overrides = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--cfg" -> {
                    if (i + 1 >= args.length) {
                        return usage("--cfg needs a file");
                    }
                    cfg = workDir.resolve(args[++i]);
                }
                case "--force" -> force = true;
                case "--evaluation-out" -> {
                    if (i + 1 >= args.length) {
                        return usage("--evaluation-out needs a file");
                    }
                    evaluationOut = workDir.resolve(args[++i]);
                }
                case "--out" -> {
                    if (i + 1 >= args.length) {
                        return usage("--out needs a folder");
                    }
                    reportOut = workDir.resolve(args[++i]);
                }
                case "--steps" -> {
                    if (i + 1 >= args.length || !args[i + 1].matches("[1-9][0-9]*")) {
                        return usage("--steps needs a positive number");
                    }
                    steps = Integer.parseInt(args[++i]);
                }
                default -> overrides.add(args[i]);
            }
        }
        if (!List.of("melgen", "train", "test", "summary", "bench", "device-check", "report").contains(command)) {
            return usage("unknown command '" + command + "'");
        }
        if (cfg == null) {
            return usage("--cfg <experiment.yaml> is required");
        }
        try {
            ExperimentConfig config = ConfigLoader.load(cfg, overrides);
            switch (command) {
                case "melgen" -> Melgen.run(config, workDir, force, log);
                case "train" -> Training.run(config, workDir, force, log);
                case "test" -> Evaluation.run(config, workDir, evaluationOut, log);
                case "summary" -> log.info(ModelSummary.of(config).stripTrailing());
                case "report" -> {
                    Path out = reportOut != null ? reportOut : RunDirectory.of(config, workDir).dir().resolve("report");
                    log.info(RunReport.render(config, workDir, config.string("NAME"), out, null).page().toString());
                }
                case "device-check" -> DeviceCheck.run(config, steps, log);
                default -> ModelBenchmark.run(config, steps, log);
            }
            return 0;
        } catch (CvtException e) {
            System.err.println("ERROR: " + e.getMessage());
            return 2;
        } catch (InvalidPathException e) {
            System.err.println("ERROR: " + CvtException.unusablePath(e).getMessage());
            return 2;
        }
    }

    private static int usage(String problem) {
        System.err.println("ERROR: " + problem);
        System.err.print(USAGE);
        return 2;
    }
}
