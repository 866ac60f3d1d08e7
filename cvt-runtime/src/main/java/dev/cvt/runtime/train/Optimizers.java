package dev.cvt.runtime.train;

import ai.djl.nn.Block;
import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code TRAIN.OPTIMIZER}: {@code adamW} (torch AdamW) or {@code sgd} (momentum {@code TRAIN.MOMENTUM},
 * {@code TRAIN.NESTEROV}), decay {@code TRAIN.WD} except on the parameters {@link WeightDecayExemptions}
 * names. Call after the model is initialised: depthwise weights are recognised by their shapes.
 */
public final class Optimizers {
    private Optimizers() {
    }

    /**
     * {@code TRAIN.LR} with the original's {@code SCALE_LR}: the rate times the number of devices
     * ({@code comm.world_size}); this runtime trains on one device, so the rate is unchanged.
     */
    public static double baseLr(ExperimentConfig config) {
        int devices = 1;
        return config.bool("TRAIN.SCALE_LR") ? config.number("TRAIN.LR") * devices : config.number("TRAIN.LR");
    }

    public static ScheduledOptimizer of(ExperimentConfig config, Block model, float firstLr) {
        List<String> list = config.list("TRAIN.WITHOUT_WD_LIST").stream().map(String::valueOf).toList();
        for (String entry : list) {
            if (!List.of("bn", "ln", "bias", "dw", "gn").contains(entry)) {
                throw new ConfigException(config.origin("TRAIN.WITHOUT_WD_LIST") + ": TRAIN.WITHOUT_WD_LIST entry '" + entry
                        + "'; allowed: bn, ln, bias, dw, gn");
            }
        }
        Set<String> names = WeightDecayExemptions.of(model, list);
        Set<String> ids = new HashSet<>();
        model.getParameters().forEach(p -> {
            if (names.contains(p.getKey())) {
                ids.add(p.getValue().getId());
            }
        });
        float wd = (float) config.number("TRAIN.WD");
        String name = config.string("TRAIN.OPTIMIZER");
        return switch (name) {
            case "adamW" -> new DecoupledAdamW(firstLr, wd, ids);
            case "sgd" -> new MomentumSgd(firstLr, (float) config.number("TRAIN.MOMENTUM"), config.bool("TRAIN.NESTEROV"), wd, ids);
            default -> throw new ConfigException(config.origin("TRAIN.OPTIMIZER") + ": TRAIN.OPTIMIZER is '" + name
                    + "'; supported: adamW, sgd");
        };
    }
}
