package dev.cvt.runtime.model.unireplknet;

import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.model.Backbone;
import dev.cvt.runtime.model.BackboneSpec;
import dev.cvt.runtime.model.SpecValues;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The UniRepLKNet architecture of {@code MODEL.SPEC} ({@code MODEL.NAME: unireplknet}), as the authors'
 * {@code UniRepLKNet}: blocks per stage ({@code depths}) at each stage's width ({@code dims}), each block's
 * depthwise kernel size ({@code kernelSizes[stage][block]}: 3 or 5 a plain depthwise convolution, 7 to 17
 * odd the dilated re-parameterisation block), stochastic depth rising linearly over all blocks, layer
 * scale starting at {@code layerScaleInit} (0: none).
 */
public record UniRepLkNetSpec(int[] depths, int[] dims, int[][] kernelSizes, double dropPathRate, double layerScaleInit)
        implements BackboneSpec {
    /** The kernel sizes the authors' blocks take: the dilated block has branch settings for 7 to 17 only. */
    static final Set<Integer> KERNELS = Set.of(3, 5, 7, 9, 11, 13, 15, 17);

    public static UniRepLkNetSpec from(ExperimentConfig config) {
        int[] depths = SpecValues.ints(config, "DEPTHS", 1);
        int[] dims = SpecValues.ints(config, "DIMS", 4); // the squeeze-and-excitation block has DIMS[i] / 4 channels
        if (depths.length == 0) {
            throw new ConfigException(config.origin("MODEL.SPEC.DEPTHS") + ": MODEL.SPEC.DEPTHS is empty; it needs one entry per stage");
        }
        if (depths.length != dims.length) {
            throw new ConfigException(config.origin("MODEL.SPEC.DIMS") + ": MODEL.SPEC.DIMS has " + dims.length
                    + " entries but MODEL.SPEC.DEPTHS has " + depths.length + "; both need one entry per stage");
        }
        List<Object> kernels = config.list("MODEL.SPEC.KERNEL_SIZES");
        if (kernels.size() != depths.length) {
            throw new ConfigException(config.origin("MODEL.SPEC.KERNEL_SIZES") + ": MODEL.SPEC.KERNEL_SIZES has " + kernels.size()
                    + " entries but MODEL.SPEC.DEPTHS has " + depths.length + "; it needs one list per stage, one kernel size per block");
        }
        int[][] kernelSizes = new int[depths.length][];
        for (int i = 0; i < depths.length; i++) {
            String key = "KERNEL_SIZES[" + i + "]";
            kernelSizes[i] = ((List<?>) kernels.get(i)).stream().mapToInt(v -> ((Number) v).intValue()).toArray();
            if (kernelSizes[i].length != depths[i]) {
                throw new ConfigException(config.origin("MODEL.SPEC.KERNEL_SIZES") + ": MODEL.SPEC." + key + " has "
                        + kernelSizes[i].length + " entries but MODEL.SPEC.DEPTHS[" + i + "] is " + depths[i] + "; one kernel size per block");
            }
            for (int j = 0; j < kernelSizes[i].length; j++) {
                if (!KERNELS.contains(kernelSizes[i][j])) {
                    throw new ConfigException(config.origin("MODEL.SPEC.KERNEL_SIZES") + ": MODEL.SPEC." + key + "[" + j + "] is "
                            + kernelSizes[i][j] + "; it must be 3, 5 (plain depthwise) or 7, 9, 11, 13, 15, 17 (dilated re-parameterisation block)");
                }
            }
        }
        double dropPath = config.number("MODEL.SPEC.DROP_PATH_RATE");
        if (!(dropPath >= 0 && dropPath < 1)) {
            throw new ConfigException(config.origin("MODEL.SPEC.DROP_PATH_RATE") + ": MODEL.SPEC.DROP_PATH_RATE is " + dropPath
                    + "; it must be in [0, 1)");
        }
        double layerScale = config.number("MODEL.SPEC.LAYER_SCALE_INIT");
        if (!(layerScale >= 0)) {
            throw new ConfigException(config.origin("MODEL.SPEC.LAYER_SCALE_INIT") + ": MODEL.SPEC.LAYER_SCALE_INIT is " + layerScale
                    + "; it must be at least 0 (0: no layer scale)");
        }
        return new UniRepLkNetSpec(depths, dims, kernelSizes, dropPath, layerScale);
    }

    /** The number of stages. */
    public int stages() {
        return depths.length;
    }

    /** The drop-path rate of the {@code j}-th block over all stages: {@code linspace(0, DROP_PATH_RATE, blocks)[j]}. */
    public float dropPath(int j) {
        int blocks = Arrays.stream(depths).sum();
        return blocks > 1 ? (float) (dropPathRate * j / (blocks - 1)) : 0f;
    }

    @Override
    public Backbone build() {
        return new UniRepLkNet(this, false);
    }

    @Override
    public int features() {
        return dims[dims.length - 1];
    }

    @Override
    public String featuresKey() {
        return "DIMS";
    }

    @Override
    public UniRepLkNetSpec withoutDropout() {
        return new UniRepLkNetSpec(depths, dims, kernelSizes, 0, layerScaleInit);
    }

    @Override
    public Map<String, Object> toConfigTree() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("PRESET", "");
        spec.put("DEPTHS", Arrays.stream(depths).boxed().toList());
        spec.put("DIMS", Arrays.stream(dims).boxed().toList());
        spec.put("KERNEL_SIZES", Arrays.stream(kernelSizes).map(k -> Arrays.stream(k).boxed().toList()).toList());
        spec.put("DROP_PATH_RATE", dropPathRate);
        spec.put("LAYER_SCALE_INIT", layerScaleInit);
        return spec;
    }
}
