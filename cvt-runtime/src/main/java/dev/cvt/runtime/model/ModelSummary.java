package dev.cvt.runtime.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.Locale;

/**
 * What the model is for an input size: per stage the token grid, dimension, heads, depth, trainable
 * parameters and multiply-accumulates per view; totals for the whole model. MACs count convolutions,
 * linear layers and the two attention products (norms, softmax and activations are left out, as
 * the usual counters do).
 */
public final class ModelSummary {
    private ModelSummary() {
    }

    /** The summary of the configured model at {@code TRAIN.IMAGE_SIZE}, built on the CPU. */
    public static String of(dev.cvt.runtime.config.ExperimentConfig config) {
        ai.djl.engine.Engine engine = Engines.pytorch(config.integer("THREADS"));
        java.util.List<Object> size = config.list("TRAIN.IMAGE_SIZE");
        int width = (Integer) size.get(0);
        int height = (Integer) size.get(1);
        MultiViewCvt model = new MultiViewCvt(CvtSpec.from(config));
        try (ai.djl.ndarray.NDManager manager = engine.newBaseManager(ai.djl.Device.cpu())) {
            model.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, model.inputShape(1, height, width));
            return of(model, height, width);
        }
    }

    public static String of(MultiViewCvt model, int height, int width) {
        CvtSpec spec = model.spec();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "CvT, %d stage(s), %d view(s) of %d x %d (h x w), %d classes%n",
                spec.stages(), spec.views(), height, width, spec.numClasses()));
        out.append(String.format(Locale.ROOT, "%-6s %-9s %7s %5s %5s %6s %12s %12s%n",
                "stage", "grid", "tokens", "dim", "heads", "depth", "params", "MACs/view"));
        long h = height;
        long w = width;
        long channels = 3;
        long totalMacs = 0;
        CvtBackbone backbone = model.backbone();
        for (int i = 0; i < spec.stages(); i++) {
            int k = spec.patchSize()[i];
            int s = spec.patchStride()[i];
            int p = spec.patchPadding()[i];
            h = ConvEmbedding.side(h, k, s, p, false);
            w = ConvEmbedding.side(w, k, s, p, false);
            long dim = spec.dimEmbed()[i];
            long macs = h * w * k * k * channels * dim + stageBlockMacs(spec, i, h, w);
            totalMacs += macs;
            out.append(String.format(Locale.ROOT, "%-6d %-9s %7d %5d %5d %6d %12s %12s%n", i, h + "x" + w,
                    h * w + (spec.clsToken()[i] ? 1 : 0), dim, spec.numHeads()[i], spec.depth()[i],
                    grouped(trainable(backbone.stages().get(i))), grouped(macs)));
            channels = dim;
        }
        out.append(String.format(Locale.ROOT, "total: %s trainable parameters, %.2f G MACs per view, %.2f G per sample%n",
                grouped(trainable(model)), totalMacs / 1e9, totalMacs * (double) spec.views() / 1e9));
        return out.toString();
    }

    private static long stageBlockMacs(CvtSpec spec, int i, long h, long w) {
        long dim = spec.dimEmbed()[i];
        long cls = spec.clsToken()[i] ? 1 : 0;
        long tokens = h * w + cls;
        long qSide = projected(spec, i, h, spec.strideQ()[i], spec.paddingQ()[i], true);
        long qSideW = projected(spec, i, w, spec.strideQ()[i], spec.paddingQ()[i], true);
        long kvSide = projected(spec, i, h, spec.strideKv()[i], spec.paddingKv()[i], false);
        long kvSideW = projected(spec, i, w, spec.strideKv()[i], spec.paddingKv()[i], false);
        long kernel = spec.kernelQkv()[i];
        long convProjections = "dw_bn".equals(spec.qkvProjMethod()[i])
                ? (qSide * qSideW + 2 * kvSide * kvSideW) * kernel * kernel * dim : 0;
        long tq = qSide * qSideW + cls;
        long tkv = kvSide * kvSideW + cls;
        long linear = (tq + 2 * tkv) * dim * dim + tokens * dim * dim;
        long attention = 2 * tq * tkv * dim;
        long mlp = 2 * tokens * dim * (long) (dim * spec.mlpRatio()[i]);
        return spec.depth()[i] * (convProjections + linear + attention + mlp);
    }

    private static long projected(CvtSpec spec, int i, long side, int stride, int padding, boolean query) {
        String method = spec.qkvProjMethod()[i];
        int k = spec.kernelQkv()[i];
        // 'avg' pools keys and values only, as the original
        if ("linear".equals(method) || (query && "avg".equals(method))) {
            return side;
        }
        return ConvEmbedding.side(side, k, stride, padding, "avg".equals(method));
    }

    static long trainable(Block block) {
        long n = 0;
        for (Parameter p : block.getParameters().values()) {
            if (p.requiresGradient()) {
                n += p.getShape().size();
            }
        }
        return n;
    }

    private static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
