package dev.cvt.runtime.data;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ExperimentConfig;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The original's image pipelines (CvT {@code build_transforms}) on all views of a sample at once,
 * with DJL's image operations: for training RandomResizedCrop to {@code TRAIN.IMAGE_SIZE[0]}
 * ({@code AUG.SCALE}, {@code AUG.RATIO}), horizontal flip, colour jitter with probability
 * {@code AUG.COLOR_JITTER[4]}; for testing, with {@code TEST.CENTER_CROP} a resize of the shorter side
 * to size / 0.875 and a centre crop, else a resize to {@code TEST.IMAGE_SIZE}; then ToTensor and
 * Normalize. {@code AUG.SPEC_AUGMENT} replaces the training pipeline by a spectrogram-safe one: a
 * resize to {@code TRAIN.IMAGE_SIZE} (nothing cropped, nothing flipped) and a random time band and
 * frequency band masked. The random choices come from the caller's {@link Random}, one per sample,
 * so parallel workers produce the same batches on every run; every view of a sample gets the same
 * crop, flip, jitter and masks, which keeps the views aligned in time.
 */
public final class ViewTransforms {
    private enum Mode { TRAIN, SPECTROGRAM, TEST_CENTER_CROP, TEST_RESIZE }

    private final Mode mode;
    private final int width;
    private final int height;
    private final Image.Interpolation interpolation;
    private final float[] mean;
    private final float[] std;
    private final double[] scale;
    private final double[] ratio;
    private final double[] jitter;
    private final double timeMask;
    private final double freqMask;

    private ViewTransforms(Mode mode, int width, int height, Image.Interpolation interpolation, float[] mean, float[] std,
                           ExperimentConfig config) {
        this.mode = mode;
        this.width = width;
        this.height = height;
        this.interpolation = interpolation;
        this.mean = mean;
        this.std = std;
        this.scale = pair(config, "AUG.SCALE");
        this.ratio = pair(config, "AUG.RATIO");
        this.jitter = config.list("AUG.COLOR_JITTER").stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
        this.timeMask = config.number("AUG.TIME_MASK");
        this.freqMask = config.number("AUG.FREQ_MASK");
    }

    public static ViewTransforms train(ExperimentConfig config, float[] mean, float[] std) {
        int[] size = size(config, "TRAIN.IMAGE_SIZE");
        Image.Interpolation interpolation = interpolation(config, "AUG.INTERPOLATION");
        boolean spectrogram = config.bool("AUG.SPEC_AUGMENT");
        double[] jitter = config.list("AUG.COLOR_JITTER").stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
        if (jitter.length != 5) {
            throw new ConfigException(config.origin("AUG.COLOR_JITTER") + ": AUG.COLOR_JITTER must be [brightness, contrast, "
                    + "saturation, hue, probability]");
        }
        if (jitter[4] > 0 && jitter[3] > 0 && !spectrogram) {
            throw new ConfigException(config.origin("AUG.COLOR_JITTER") + ": hue jitter is not supported; set AUG.COLOR_JITTER[3] to 0");
        }
        return spectrogram
                ? new ViewTransforms(Mode.SPECTROGRAM, size[0], size[1], interpolation, mean, std, config)
                : new ViewTransforms(Mode.TRAIN, size[0], size[0], interpolation, mean, std, config);
    }

    public static ViewTransforms test(ExperimentConfig config, float[] mean, float[] std) {
        int[] size = size(config, "TEST.IMAGE_SIZE");
        Image.Interpolation interpolation = interpolation(config, "TEST.INTERPOLATION");
        return config.bool("TEST.CENTER_CROP")
                ? new ViewTransforms(Mode.TEST_CENTER_CROP, size[0], size[0], interpolation, mean, std, config)
                : new ViewTransforms(Mode.TEST_RESIZE, size[0], size[1], interpolation, mean, std, config);
    }

    /** Width of the model input this pipeline produces. */
    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The views as a normalised {@code [views, 3, height, width]} array, row-major. */
    public float[] apply(NDManager manager, List<RgbImage> views, Random random) {
        RgbImage first = views.get(0);
        ByteBuffer pixels = ByteBuffer.allocateDirect(views.size() * first.pixels().length);
        for (RgbImage view : views) {
            if (view.width() != first.width() || view.height() != first.height()) {
                throw new CvtException("the views of a sample differ in size: " + first.width() + "x" + first.height()
                        + " and " + view.width() + "x" + view.height());
            }
            pixels.put(view.pixels());
        }
        pixels.flip();
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(pixels, new Shape(views.size(), first.height(), first.width(), 3), DataType.UINT8)
                    .toType(DataType.FLOAT32, false);
            x = geometry(x, first.width(), first.height(), random);
            x = NDImageUtils.toTensor(x); // [V, 3, H, W] in [0, 1]
            if (mode == Mode.TRAIN && jitter[4] > 0 && random.nextDouble() < jitter[4]) {
                x = colourJitter(x, random);
            }
            x = NDImageUtils.normalize(x, mean, std);
            if (mode == Mode.SPECTROGRAM) {
                mask(x, random);
            }
            return x.toFloatArray();
        }
    }

    private NDArray geometry(NDArray x, int w, int h, Random random) {
        return switch (mode) {
            case TRAIN -> {
                int[] crop = cropBox(w, h, random);
                NDArray out = NDImageUtils.resize(NDImageUtils.crop(x, crop[0], crop[1], crop[2], crop[3]), width, height, interpolation);
                yield random.nextBoolean() ? out.flip(2) : out;
            }
            case TEST_CENTER_CROP -> {
                int shorter = (int) (width / 0.875);
                int rw = w <= h ? shorter : (int) ((long) shorter * w / h);
                int rh = w <= h ? (int) ((long) shorter * h / w) : shorter;
                // NDImageUtils.centerCrop takes one HWC image; crop takes the [V, H, W, 3] stack
                yield NDImageUtils.crop(NDImageUtils.resize(x, rw, rh, interpolation), (rw - width) / 2, (rh - height) / 2,
                        width, height);
            }
            case SPECTROGRAM, TEST_RESIZE -> NDImageUtils.resize(x, width, height, interpolation);
        };
    }

    /** torchvision's RandomResizedCrop.get_params: {x, y, width, height}. */
    int[] cropBox(int w, int h, Random random) {
        double area = (double) w * h;
        double logLow = Math.log(ratio[0]);
        double logHigh = Math.log(ratio[1]);
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * (scale[0] + random.nextDouble() * (scale[1] - scale[0]));
            double aspect = Math.exp(logLow + random.nextDouble() * (logHigh - logLow));
            int cw = (int) Math.round(Math.sqrt(target * aspect));
            int ch = (int) Math.round(Math.sqrt(target / aspect));
            if (cw > 0 && cw <= w && ch > 0 && ch <= h) {
                return new int[] {random.nextInt(w - cw + 1), random.nextInt(h - ch + 1), cw, ch};
            }
        }
        double inRatio = (double) w / h;
        int cw = w;
        int ch = h;
        if (inRatio < ratio[0]) {
            ch = (int) Math.round(w / ratio[0]);
        } else if (inRatio > ratio[1]) {
            cw = (int) Math.round(h * ratio[1]);
        }
        return new int[] {(w - cw) / 2, (h - ch) / 2, cw, ch};
    }

    /** torchvision's ColorJitter (brightness, contrast, saturation) in a random order, on {@code [V, 3, H, W]}. */
    private NDArray colourJitter(NDArray x, Random random) {
        List<Integer> order = new ArrayList<>(List.of(0, 1, 2));
        Collections.shuffle(order, random);
        for (int op : order) {
            double amount = jitter[op];
            if (amount <= 0) {
                continue;
            }
            float f = (float) (Math.max(0, 1 - amount) + random.nextDouble() * (1 + amount - Math.max(0, 1 - amount)));
            NDArray gray = x.get(":, 0:1").mul(0.299f).add(x.get(":, 1:2").mul(0.587f)).add(x.get(":, 2:3").mul(0.114f));
            NDArray other = switch (op) {
                case 0 -> x.zerosLike();
                case 1 -> gray.reshape(gray.getShape().get(0), -1).mean(new int[] {1}).reshape(-1, 1, 1, 1);
                default -> gray;
            };
            x = x.mul(f).add(other.mul(1 - f)).clip(0f, 1f);
        }
        return x;
    }

    /** One time band (columns) and one frequency band (rows) set to the mean, up to the configured fractions. */
    private void mask(NDArray x, Random random) {
        int t = (int) (random.nextDouble() * timeMask * width);
        if (t > 0) {
            int start = random.nextInt(width - t + 1);
            x.set(new NDIndex(":, :, :, " + start + ":" + (start + t)), 0f);
        }
        int f = (int) (random.nextDouble() * freqMask * height);
        if (f > 0) {
            int start = random.nextInt(height - f + 1);
            x.set(new NDIndex(":, :, " + start + ":" + (start + f) + ", :"), 0f);
        }
    }

    private static int[] size(ExperimentConfig config, String key) {
        List<Object> size = config.list(key);
        if (size.size() != 2 || !(size.get(0) instanceof Integer w) || !(size.get(1) instanceof Integer h) || w < 8 || h < 8) {
            throw new ConfigException(config.origin(key) + ": " + key + " must be [width, height], each at least 8");
        }
        return new int[] {w, h};
    }

    private static double[] pair(ExperimentConfig config, String key) {
        List<Object> v = config.list(key);
        if (v.size() != 2 || ((Number) v.get(0)).doubleValue() <= 0 || ((Number) v.get(0)).doubleValue() > ((Number) v.get(1)).doubleValue()) {
            throw new ConfigException(config.origin(key) + ": " + key + " must be [low, high] with 0 < low <= high");
        }
        return new double[] {((Number) v.get(0)).doubleValue(), ((Number) v.get(1)).doubleValue()};
    }

    /** torchvision's integer interpolation codes (PIL's): 0 nearest, 2 bilinear, 3 bicubic. */
    private static Image.Interpolation interpolation(ExperimentConfig config, String key) {
        return switch (config.integer(key)) {
            case 0 -> Image.Interpolation.NEAREST;
            case 2 -> Image.Interpolation.BILINEAR;
            case 3 -> Image.Interpolation.BICUBIC;
            default -> throw new ConfigException(config.origin(key) + ": " + key + " is " + config.integer(key)
                    + "; supported: 0 (nearest), 2 (bilinear), 3 (bicubic)");
        };
    }
}
