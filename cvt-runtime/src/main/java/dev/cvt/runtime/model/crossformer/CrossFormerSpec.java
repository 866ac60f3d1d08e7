package dev.cvt.runtime.model.crossformer;

import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.model.Backbone;
import dev.cvt.runtime.model.BackboneSpec;
import dev.cvt.runtime.model.SpecValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CrossFormer architecture of {@code MODEL.SPEC} ({@code MODEL.NAME: crossformer}), as the authors'
 * {@code CrossFormer} with its v1 settings: stage i has {@code depths[i]} blocks of width
 * {@code embedDim·2^i} with {@code numHeads[i]} heads, groups of {@code groupSize[i]}² tokens and the
 * long-distance interval {@code interval[i]}; the input's cross-scale embedding has one convolution per
 * {@code patchSizes} entry, the one between stages i and i+1 one per {@code mergeSizes[i]} entry.
 */
public record CrossFormerSpec(int embedDim, int[] depths, int[] numHeads, int[] groupSize, int[] interval, int[] patchSizes,
                              int[][] mergeSizes, double mlpRatio, double dropRate, double dropPathRate) implements BackboneSpec {

    public static CrossFormerSpec from(ExperimentConfig config) {
        int embedDim = config.integer("MODEL.SPEC.EMBED_DIM");
        if (embedDim < 32) {
            // the position bias MLP is a sixteenth as wide: at 16 its LayerNorms see one channel and make it a constant
            throw new ConfigException(config.origin("MODEL.SPEC.EMBED_DIM") + ": MODEL.SPEC.EMBED_DIM is " + embedDim
                    + "; it must be at least 32 (the position bias MLP is EMBED_DIM/16 wide, and a LayerNorm needs 2 channels)");
        }
        int[] depths = SpecValues.ints(config, "DEPTHS", 1);
        if (depths.length == 0) {
            throw new ConfigException(config.origin("MODEL.SPEC.DEPTHS") + ": MODEL.SPEC.DEPTHS is empty; it needs one entry per stage");
        }
        int[] heads = perStage(config, "NUM_HEADS", depths.length);
        int[] groups = perStage(config, "GROUP_SIZE", depths.length);
        int[] intervals = perStage(config, "INTERVAL", depths.length);
        int[] patches = SpecValues.ints(config, "PATCH_SIZE", 1);
        if (patches.length == 0) {
            throw new ConfigException(config.origin("MODEL.SPEC.PATCH_SIZE") + ": MODEL.SPEC.PATCH_SIZE is empty; it needs at least one kernel");
        }
        checkKernels(config, "PATCH_SIZE", patches, patches[0], embedDim);
        List<Object> merge = config.list("MODEL.SPEC.MERGE_SIZE");
        if (merge.size() != depths.length - 1) {
            throw new ConfigException(config.origin("MODEL.SPEC.MERGE_SIZE") + ": MODEL.SPEC.MERGE_SIZE has " + merge.size()
                    + " entries; it needs " + (depths.length - 1) + ", one per gap between the stages of MODEL.SPEC.DEPTHS");
        }
        int[][] merges = new int[merge.size()][];
        for (int i = 0; i < merges.length; i++) {
            merges[i] = SpecValues.ints(config, "MERGE_SIZE[" + i + "]", (List<?>) merge.get(i), 1);
            if (merges[i].length == 0) {
                throw new ConfigException(config.origin("MODEL.SPEC.MERGE_SIZE") + ": MODEL.SPEC.MERGE_SIZE[" + i + "] is empty");
            }
            checkKernels(config, "MERGE_SIZE[" + i + "]", merges[i], 2, 2 * (embedDim << i));
        }
        for (int i = 0; i < depths.length; i++) {
            int dim = embedDim << i;
            if (dim % heads[i] != 0) {
                throw new ConfigException(config.origin("MODEL.SPEC.NUM_HEADS") + ": MODEL.SPEC.NUM_HEADS[" + i + "] (" + heads[i]
                        + ") must divide the width of stage " + i + " (" + dim + " = EMBED_DIM·2^" + i + ")");
            }
        }
        double mlpRatio = config.number("MODEL.SPEC.MLP_RATIO");
        if (!(mlpRatio > 0) || (int) (embedDim * mlpRatio) < 1) {
            throw new ConfigException(config.origin("MODEL.SPEC.MLP_RATIO") + ": MODEL.SPEC.MLP_RATIO is " + mlpRatio
                    + "; it must be positive and give EMBED_DIM at least one hidden channel");
        }
        return new CrossFormerSpec(embedDim, depths, heads, groups, intervals, patches, merges, mlpRatio,
                SpecValues.rate(config, "DROP_RATE"), SpecValues.rate(config, "DROP_PATH_RATE"));
    }

    private static int[] perStage(ExperimentConfig config, String key, int stages) {
        int[] values = SpecValues.ints(config, key, 1);
        if (values.length != stages) {
            throw new ConfigException(config.origin("MODEL.SPEC." + key) + ": MODEL.SPEC." + key + " has " + values.length
                    + " entries but MODEL.SPEC.DEPTHS has " + stages + "; both need one entry per stage");
        }
        return values;
    }

    /**
     * The kernels of a cross-scale embedding: each at least the stride and of its parity (the padding
     * {@code (k - stride) / 2} then gives every convolution the same output grid), and the convolutions'
     * widths ({@link #kernelWidths}) adding up to the embedding's width.
     */
    private static void checkKernels(ExperimentConfig config, String key, int[] kernels, int stride, int width) {
        for (int i = 0; i < kernels.length; i++) {
            if (kernels[i] < stride || (kernels[i] - stride) % 2 != 0) {
                throw new ConfigException(config.origin("MODEL.SPEC." + key.replaceFirst("\\[.*", "")) + ": MODEL.SPEC." + key + "["
                        + i + "] is " + kernels[i] + "; a kernel must be at least the stride (" + stride + ") and differ from it by an"
                        + " even number, so that all kernels give the same grid");
            }
        }
        int[] widths = kernelWidths(width, kernels.length);
        if (Arrays.stream(widths).sum() != width || widths[widths.length - 1] < 1) {
            throw new ConfigException(config.origin("MODEL.SPEC." + key.replaceFirst("\\[.*", "")) + ": MODEL.SPEC." + key + " has "
                    + kernels.length + " kernels for a width of " + width + "; the width must be a multiple of " + (1 << (kernels.length - 1))
                    + " (kernel i takes width/2^(i+1) channels, the last one what is left)");
        }
    }

    /** The output channels per kernel of a cross-scale embedding to {@code width}: halving, the last two equal. */
    static int[] kernelWidths(int width, int kernels) {
        int[] widths = new int[kernels];
        for (int i = 0; i < kernels; i++) {
            widths[i] = i == kernels - 1 ? width >> i : width >> (i + 1);
        }
        return widths;
    }

    public int stages() {
        return depths.length;
    }

    /** The width of stage {@code i}. */
    public int dim(int i) {
        return embedDim << i;
    }

    /** The blocks of all stages. */
    public int blocks() {
        return Arrays.stream(depths).sum();
    }

    /** The drop-path rate of the {@code j}-th block over all stages: rising linearly from 0 to DROP_PATH_RATE. */
    public float dropPath(int j) {
        int blocks = blocks();
        return blocks > 1 ? (float) (dropPathRate * j / (blocks - 1)) : 0f;
    }

    /** The downsampling from the image to the last stage's grid. */
    public int reduction() {
        return patchSizes[0] << (stages() - 1);
    }

    @Override
    public Backbone build() {
        return new CrossFormer(this);
    }

    @Override
    public int features() {
        return dim(stages() - 1);
    }

    @Override
    public String featuresKey() {
        return "EMBED_DIM";
    }

    @Override
    public CrossFormerSpec withoutDropout() {
        return new CrossFormerSpec(embedDim, depths, numHeads, groupSize, interval, patchSizes, mergeSizes, mlpRatio, 0, 0);
    }

    @Override
    public Map<String, Object> toConfigTree() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("PRESET", "");
        spec.put("EMBED_DIM", embedDim);
        spec.put("DEPTHS", list(depths));
        spec.put("NUM_HEADS", list(numHeads));
        spec.put("GROUP_SIZE", list(groupSize));
        spec.put("INTERVAL", list(interval));
        spec.put("PATCH_SIZE", list(patchSizes));
        List<Object> merges = new ArrayList<>();
        for (int[] m : mergeSizes) {
            merges.add(list(m));
        }
        spec.put("MERGE_SIZE", merges);
        spec.put("MLP_RATIO", mlpRatio);
        spec.put("DROP_RATE", dropRate);
        spec.put("DROP_PATH_RATE", dropPathRate);
        return spec;
    }

    private static List<Integer> list(int[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
