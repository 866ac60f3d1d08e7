package dev.cvt.runtime.model;

import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CvT architecture of {@code MODEL.SPEC} ({@code MODEL.NAME: cls_cvt}): one entry per stage in every
 * list, as in the original {@code cls_cvt.py}.
 */
public record CvtSpec(
        int stages,
        int[] patchSize, int[] patchStride, int[] patchPadding,
        int[] dimEmbed, int[] depth, int[] numHeads, double[] mlpRatio,
        double[] attnDropRate, double[] dropRate, double[] dropPathRate,
        boolean[] qkvBias, boolean[] clsToken, boolean[] posEmbed,
        String[] qkvProjMethod, int[] kernelQkv, int[] paddingKv, int[] strideKv, int[] paddingQ, int[] strideQ,
        String init) implements BackboneSpec {

    static final List<String> PROJECTIONS = List.of("dw_bn", "avg", "linear");

    public static CvtSpec from(ExperimentConfig config) {
        int stages = config.integer("MODEL.SPEC.NUM_STAGES");
        if (stages < 1) {
            throw new ConfigException(config.origin("MODEL.SPEC.NUM_STAGES") + ": MODEL.SPEC.NUM_STAGES must be >= 1");
        }
        Lists l = new Lists(config, stages);
        String[] methods = l.strings("QKV_PROJ_METHOD");
        for (int i = 0; i < stages; i++) {
            if (!PROJECTIONS.contains(methods[i])) {
                throw new ConfigException(config.origin("MODEL.SPEC.QKV_PROJ_METHOD") + ": MODEL.SPEC.QKV_PROJ_METHOD[" + i
                        + "] is '" + methods[i] + "'; allowed: " + String.join(", ", PROJECTIONS));
            }
        }
        int[] dims = l.ints("DIM_EMBED");
        int[] heads = l.ints("NUM_HEADS");
        for (int i = 0; i < stages; i++) {
            if (heads[i] < 1 || dims[i] % heads[i] != 0) {
                throw new ConfigException(config.origin("MODEL.SPEC.NUM_HEADS") + ": MODEL.SPEC.NUM_HEADS[" + i + "] ("
                        + heads[i] + ") must divide DIM_EMBED[" + i + "] (" + dims[i] + ")");
            }
        }
        String init = config.string("MODEL.SPEC.INIT");
        if (!List.of("trunc_norm", "xavier").contains(init)) {
            throw new ConfigException(config.origin("MODEL.SPEC.INIT") + ": MODEL.SPEC.INIT is '" + init + "'; allowed: trunc_norm, xavier");
        }
        return new CvtSpec(stages, l.ints("PATCH_SIZE"), l.ints("PATCH_STRIDE"), l.ints("PATCH_PADDING"), dims,
                l.ints("DEPTH"), heads, l.doubles("MLP_RATIO"), l.doubles("ATTN_DROP_RATE"), l.doubles("DROP_RATE"),
                l.doubles("DROP_PATH_RATE"), l.booleans("QKV_BIAS"), l.booleans("CLS_TOKEN"), l.booleans("POS_EMBED"),
                methods, l.ints("KERNEL_QKV"), l.ints("PADDING_KV"), l.ints("STRIDE_KV"), l.ints("PADDING_Q"),
                l.ints("STRIDE_Q"), init);
    }

    @Override
    public Map<String, Object> toConfigTree() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("PRESET", "");
        spec.put("INIT", init);
        spec.put("NUM_STAGES", stages);
        spec.put("PATCH_SIZE", ints(patchSize));
        spec.put("PATCH_STRIDE", ints(patchStride));
        spec.put("PATCH_PADDING", ints(patchPadding));
        spec.put("DIM_EMBED", ints(dimEmbed));
        spec.put("NUM_HEADS", ints(numHeads));
        spec.put("DEPTH", ints(depth));
        spec.put("MLP_RATIO", doubles(mlpRatio));
        spec.put("ATTN_DROP_RATE", doubles(attnDropRate));
        spec.put("DROP_RATE", doubles(dropRate));
        spec.put("DROP_PATH_RATE", doubles(dropPathRate));
        spec.put("QKV_BIAS", booleans(qkvBias));
        spec.put("CLS_TOKEN", booleans(clsToken));
        spec.put("POS_EMBED", booleans(posEmbed));
        spec.put("QKV_PROJ_METHOD", List.of(qkvProjMethod));
        spec.put("KERNEL_QKV", ints(kernelQkv));
        spec.put("PADDING_KV", ints(paddingKv));
        spec.put("STRIDE_KV", ints(strideKv));
        spec.put("PADDING_Q", ints(paddingQ));
        spec.put("STRIDE_Q", ints(strideQ));
        return spec;
    }

    private static List<Integer> ints(int[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }

    private static List<Double> doubles(double[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }

    private static List<Boolean> booleans(boolean[] values) {
        List<Boolean> out = new java.util.ArrayList<>();
        for (boolean v : values) {
            out.add(v);
        }
        return out;
    }

    @Override
    public CvtSpec withoutDropout() {
        double[] zeros = new double[stages];
        return new CvtSpec(stages, patchSize, patchStride, patchPadding, dimEmbed, depth, numHeads, mlpRatio, zeros, zeros, zeros,
                qkvBias, clsToken, posEmbed, qkvProjMethod, kernelQkv, paddingKv, strideKv, paddingQ, strideQ, init);
    }

    @Override
    public Backbone build() {
        return new CvtBackbone(this);
    }

    @Override
    public int features() {
        return dimEmbed[stages - 1];
    }

    @Override
    public String featuresKey() {
        return "DIM_EMBED";
    }

    /** Reads the per-stage lists, each of exactly NUM_STAGES entries. */
    private record Lists(ExperimentConfig config, int stages) {
        List<Object> list(String key) {
            List<Object> values = config.list("MODEL.SPEC." + key);
            if (values.size() != stages) {
                throw new ConfigException(config.origin("MODEL.SPEC." + key) + ": MODEL.SPEC." + key + " has " + values.size()
                        + " entries but MODEL.SPEC.NUM_STAGES is " + stages);
            }
            return values;
        }

        int[] ints(String key) {
            return list(key).stream().mapToInt(v -> ((Number) v).intValue()).toArray();
        }

        double[] doubles(String key) {
            return list(key).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
        }

        boolean[] booleans(String key) {
            List<Object> values = list(key);
            boolean[] out = new boolean[values.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (Boolean) values.get(i);
            }
            return out;
        }

        String[] strings(String key) {
            return list(key).stream().map(String::valueOf).toArray(String[]::new);
        }
    }
}
