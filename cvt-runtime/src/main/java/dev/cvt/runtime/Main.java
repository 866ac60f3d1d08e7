package dev.cvt.runtime;

import dev.cvt.runtime.config.ConfigLoader;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.melgen.Melgen;
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
            usage: java -jar cvt-runtime.jar <command> --cfg <experiment.yaml> [--force] [KEY VALUE]...
            commands:
              melgen   recordings -> windows -> mel spectrograms -> multi-view dataset (MELGEN section)
            options:
              --cfg FILE   the experiment YAML (yacs schema of the original CvT project plus MELGEN)
              --force      redo the work even when inputs and config are unchanged
              KEY VALUE    overrides, e.g. TRAIN.END_EPOCH 3  DATASET.ROOT out/agmel
            """;

    private Main() {
    }

    public static void main(String[] args) {
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
                default -> overrides.add(args[i]);
            }
        }
        if (!command.equals("melgen")) {
            return usage("unknown command '" + command + "'");
        }
        if (cfg == null) {
            return usage("--cfg <experiment.yaml> is required");
        }
        try {
            ExperimentConfig config = ConfigLoader.load(cfg, overrides);
            Melgen.run(config, workDir, force, log);
            return 0;
        } catch (CvtException e) {
            System.err.println("ERROR: " + e.getMessage());
            return 2;
        }
    }

    private static int usage(String problem) {
        System.err.println("ERROR: " + problem);
        System.err.print(USAGE);
        return 2;
    }
}
