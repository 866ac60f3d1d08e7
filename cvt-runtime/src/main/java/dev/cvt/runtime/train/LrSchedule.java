package dev.cvt.runtime.train;

import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import java.util.Map;

/**
 * The learning rate of each epoch, as the original's timm schedulers computed it: stepped once per
 * epoch ({@code lr_scheduler.step(epoch + 1)} after each epoch), so epoch {@code e} (0-based) trains
 * with {@code lr(e)}. {@code TRAIN.LR_SCHEDULER: {METHOD: timm, ARGS: {sched: cosine | step, ...}}}.
 */
public interface LrSchedule {
    double lr(int epoch);

    /**
     * timm's CosineLRScheduler with one cycle of {@code epochs} ({@code t_initial}), linear warm-up
     * from {@code warmupLr} over {@code warmupEpochs} (not a prefix: the cosine runs on the absolute
     * epoch, as timm's default), then {@code minLr} for the cool-down epochs past the cycle.
     */
    static LrSchedule cosine(double baseLr, int epochs, int warmupEpochs, double warmupLr, double minLr) {
        return epoch -> {
            if (epoch < warmupEpochs) {
                return warmupLr + epoch * (baseLr - warmupLr) / warmupEpochs;
            }
            if (epoch >= epochs) {
                return minLr;
            }
            return minLr + 0.5 * (baseLr - minLr) * (1 + Math.cos(Math.PI * epoch / epochs));
        };
    }

    /** timm's StepLRScheduler: {@code base * decayRate^(epoch / decayEpochs)} after the same warm-up. */
    static LrSchedule step(double baseLr, int decayEpochs, double decayRate, int warmupEpochs, double warmupLr) {
        return epoch -> epoch < warmupEpochs
                ? warmupLr + epoch * (baseLr - warmupLr) / warmupEpochs
                : baseLr * Math.pow(decayRate, Math.floor((double) epoch / decayEpochs));
    }

    /** The schedule of an experiment; {@code TRAIN.LR} is the base rate. */
    static LrSchedule of(ExperimentConfig config) {
        Map<String, Object> scheduler = config.section("TRAIN.LR_SCHEDULER");
        double lr = config.number("TRAIN.LR");
        Object method = scheduler.getOrDefault("METHOD", "timm");
        String where = config.origin("TRAIN.LR_SCHEDULER");
        if (!"timm".equals(method)) {
            throw new ConfigException(where + ": TRAIN.LR_SCHEDULER.METHOD is '" + method + "'; supported: timm");
        }
        Map<?, ?> args = args(config);
        String sched = sched(config);
        int warmup = intArg(args, "warmup_epochs", 0, where);
        double warmupLr = doubleArg(args, "warmup_lr", 0.0001, where);
        return switch (sched) {
            case "cosine" -> cosine(lr, config.integer("TRAIN.END_EPOCH"), warmup, warmupLr, doubleArg(args, "min_lr", 1e-5, where));
            case "step" -> step(lr, Math.max(1, intArg(args, "decay_epochs", 30, where)), doubleArg(args, "decay_rate", 0.1, where),
                    warmup, warmupLr);
            default -> throw new ConfigException(where + ": TRAIN.LR_SCHEDULER.ARGS.sched is '" + sched + "'; supported: cosine, step");
        };
    }

    /** Whether the rates depend on {@code TRAIN.END_EPOCH} (a cosine spans the run): then a longer run is another run. */
    static boolean spansRun(ExperimentConfig config) {
        return "cosine".equals(sched(config));
    }

    private static Map<?, ?> args(ExperimentConfig config) {
        return config.section("TRAIN.LR_SCHEDULER").get("ARGS") instanceof Map<?, ?> m ? m : Map.of();
    }

    private static String sched(ExperimentConfig config) {
        Map<?, ?> args = args(config);
        return args.containsKey("sched") ? String.valueOf(args.get("sched")) : "cosine";
    }

    private static int intArg(Map<?, ?> args, String key, int fallback, String where) {
        Object v = args.containsKey(key) ? args.get(key) : fallback;
        if (!(v instanceof Integer i) || i < 0) {
            throw new ConfigException(where + ": TRAIN.LR_SCHEDULER.ARGS." + key + " must be a whole number >= 0, not " + v);
        }
        return i;
    }

    private static double doubleArg(Map<?, ?> args, String key, double fallback, String where) {
        Object v = args.containsKey(key) ? args.get(key) : fallback;
        if (!(v instanceof Number n) || n.doubleValue() < 0) {
            throw new ConfigException(where + ": TRAIN.LR_SCHEDULER.ARGS." + key + " must be a number >= 0, not " + v);
        }
        return n.doubleValue();
    }
}
