package dev.cvt.runtime.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.model.ScalarOps;
import java.util.List;
import java.util.Random;

/**
 * Mixup and CutMix with timm's semantics ({@code timm.data.Mixup}, mode {@code batch}): per batch,
 * with probability {@code AUG.MIXUP_PROB}, either CutMix (chosen with {@code AUG.MIXUP_SWITCH_PROB}
 * when both are on) or Mixup with λ ~ Beta(α, α); each sample is mixed with the batch reversed; a
 * CutMix box is drawn around a uniform centre (or with sides within {@code AUG.MIXCUT_MINMAX}) and λ
 * corrected to the pasted area. Targets are smoothed one-hots mixed with the same λ. A multi-view
 * sample gets the same box and λ in every view.
 */
public final class Mixup {
    private final double mixupAlpha;
    private final double cutmixAlpha;
    private final double[] cutmixMinmax;
    private final double prob;
    private final double switchProb;
    private final double smoothing;
    private final int classes;
    private final Random random;

    /** One batch's draw: λ, and the CutMix box {@code [top, bottom, left, right)} or null for Mixup. */
    public record Draw(double lambda, int[] box) {
    }

    public Mixup(double mixupAlpha, double cutmixAlpha, double[] cutmixMinmax, double prob, double switchProb,
                 double smoothing, int classes, Random random) {
        this.mixupAlpha = mixupAlpha;
        this.cutmixAlpha = cutmixAlpha;
        this.cutmixMinmax = cutmixMinmax;
        this.prob = prob;
        this.switchProb = switchProb;
        this.smoothing = smoothing;
        this.classes = classes;
        this.random = random;
    }

    public static Mixup of(ExperimentConfig config, Random random) {
        String mode = config.string("AUG.MIXUP_MODE");
        if (!"batch".equals(mode)) {
            throw new ConfigException(config.origin("AUG.MIXUP_MODE") + ": AUG.MIXUP_MODE is '" + mode + "'; supported: batch");
        }
        List<Object> minmax = config.list("AUG.MIXCUT_MINMAX");
        if (!minmax.isEmpty() && minmax.size() != 2) {
            throw new ConfigException(config.origin("AUG.MIXCUT_MINMAX") + ": AUG.MIXCUT_MINMAX must be [min, max] or empty");
        }
        return new Mixup(config.number("AUG.MIXUP"), config.number("AUG.MIXCUT"),
                minmax.isEmpty() ? null : minmax.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray(),
                config.number("AUG.MIXUP_PROB"), config.number("AUG.MIXUP_SWITCH_PROB"),
                config.number("LOSS.LABEL_SMOOTHING"), config.integer("MODEL.NUM_CLASSES"), random);
    }

    /** Whether any mixing can happen. */
    public boolean enabled() {
        return prob > 0 && (mixupAlpha > 0 || cutmixAlpha > 0 || cutmixMinmax != null);
    }

    /** timm's {@code _params_per_batch} then, for CutMix, {@code cutmix_bbox_and_lam} on an {@code h × w} image. */
    public Draw draw(int h, int w) {
        if (!enabled() || random.nextDouble() >= prob) {
            return new Draw(1, null);
        }
        boolean cutmix;
        double lambda;
        if (mixupAlpha > 0 && cutmixAlpha > 0) {
            cutmix = random.nextDouble() < switchProb;
            lambda = Beta.sample(random, cutmix ? cutmixAlpha : mixupAlpha);
        } else if (mixupAlpha > 0) {
            cutmix = false;
            lambda = Beta.sample(random, mixupAlpha);
        } else {
            cutmix = true;
            lambda = cutmixAlpha > 0 ? Beta.sample(random, cutmixAlpha) : 1;
        }
        if (!cutmix) {
            return new Draw(lambda, null);
        }
        int[] box = cutmixMinmax != null ? boxMinmax(h, w) : box(h, w, lambda);
        double area = (double) (box[1] - box[0]) * (box[3] - box[2]);
        return new Draw(1 - area / ((double) h * w), box);
    }

    private int[] box(int h, int w, double lambda) {
        double ratio = Math.sqrt(1 - lambda);
        int cutH = (int) (h * ratio);
        int cutW = (int) (w * ratio);
        int cy = random.nextInt(h);
        int cx = random.nextInt(w);
        return new int[] {clip(cy - cutH / 2, h), clip(cy + cutH / 2, h), clip(cx - cutW / 2, w), clip(cx + cutW / 2, w)};
    }

    private int[] boxMinmax(int h, int w) {
        int cutH = between((int) (h * cutmixMinmax[0]), (int) (h * cutmixMinmax[1]));
        int cutW = between((int) (w * cutmixMinmax[0]), (int) (w * cutmixMinmax[1]));
        int top = between(0, h - cutH);
        int left = between(0, w - cutW);
        return new int[] {top, top + cutH, left, left + cutW};
    }

    /** numpy's randint(low, high): low inclusive, high exclusive. */
    private int between(int low, int high) {
        return high > low ? low + random.nextInt(high - low) : low;
    }

    private static int clip(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    /**
     * Mixes {@code images} ({@code [B, 3, H, W]} or {@code [B, V, 3, H, W]}) with the batch reversed
     * and returns them with the soft targets {@code [B, classes]} for integer {@code labels}.
     */
    public NDList apply(NDArray images, int[] labels) {
        long[] shape = images.getShape().getShape();
        int h = (int) shape[shape.length - 2];
        int w = (int) shape[shape.length - 1];
        Draw draw = draw(h, w);
        NDArray reversed = images.flip(0);
        NDArray mixed;
        if (draw.box() == null) {
            mixed = draw.lambda() == 1 ? images
                    : ScalarOps.times(images, (float) draw.lambda()).add(ScalarOps.times(reversed, (float) (1 - draw.lambda())));
        } else {
            mixed = images.duplicate();
            // every leading axis (batch, views, channels) whole; the box on height and width
            NDIndex region = new NDIndex(":,".repeat(shape.length - 2) + draw.box()[0] + ":" + draw.box()[1] + ","
                    + draw.box()[2] + ":" + draw.box()[3]);
            mixed.set(region, reversed.get(region));
        }
        float[][] targets = targets(labels, classes, draw.lambda(), smoothing);
        float[] flat = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            System.arraycopy(targets[i], 0, flat, i * classes, classes);
        }
        return new NDList(mixed, images.getManager().create(flat, new ai.djl.ndarray.types.Shape(labels.length, classes)));
    }

    /** timm's {@code mixup_target}: smoothed one-hots of the labels and of the reversed labels, mixed by λ. */
    public static float[][] targets(int[] labels, int classes, double lambda, double smoothing) {
        double off = smoothing / classes;
        double on = 1 - smoothing + off;
        float[][] out = new float[labels.length][classes];
        for (int i = 0; i < labels.length; i++) {
            int other = labels[labels.length - 1 - i];
            for (int c = 0; c < classes; c++) {
                double a = c == labels[i] ? on : off;
                double b = c == other ? on : off;
                out[i][c] = (float) (a * lambda + b * (1 - lambda));
            }
        }
        return out;
    }

    /** Beta(α, α) from two Gamma(α) draws (Marsaglia and Tsang). */
    static final class Beta {
        private Beta() {
        }

        static double sample(Random random, double alpha) {
            double x = gamma(random, alpha);
            double y = gamma(random, alpha);
            return x / (x + y);
        }

        static double gamma(Random random, double shape) {
            if (shape < 1) {
                return gamma(random, shape + 1) * Math.pow(random.nextDouble(), 1 / shape);
            }
            double d = shape - 1.0 / 3;
            double c = 1 / Math.sqrt(9 * d);
            while (true) {
                double x = random.nextGaussian();
                double v = 1 + c * x;
                if (v <= 0) {
                    continue;
                }
                v = v * v * v;
                double u = random.nextDouble();
                if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                    return d * v;
                }
            }
        }
    }
}
