package dev.cvt.runtime.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.cvt.runtime.config.ExperimentConfig;
import java.util.List;
import java.util.Locale;

/**
 * What the model is for an input size: per stage (or part) of the backbone its token grid, width,
 * heads, depth, trainable parameters and multiply-accumulates per view ({@link MacCounter}); totals for
 * the whole model. The report reads this text back as a table.
 */
public final class ModelSummary {
    private ModelSummary() {
    }

    /** The summary of the configured model at {@code TRAIN.IMAGE_SIZE}, built on the CPU. */
    public static String of(ExperimentConfig config) {
        Engine engine = Engines.pytorch(config.integer("THREADS"));
        List<Object> size = config.list("TRAIN.IMAGE_SIZE");
        int width = (Integer) size.get(0);
        int height = (Integer) size.get(1);
        MultiViewClassifier model = new MultiViewClassifier(ClassifierSpec.from(config));
        try (NDManager manager = engine.newBaseManager(Device.cpu())) {
            model.initialize(manager, DataType.FLOAT32, model.inputShape(1, height, width));
            return of(model, height, width);
        }
    }

    /** The summary of a model initialised for {@code height × width} images. */
    public static String of(MultiViewClassifier model, int height, int width) {
        ClassifierSpec spec = model.spec();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s: %s, %d view(s) of %d x %d (h x w), %d classes%n",
                spec.name(), model.backbone().caption(), spec.views(), height, width, spec.numClasses()));
        out.append(String.format(Locale.ROOT, "%-6s %-9s %7s %5s %5s %6s %12s %12s%n",
                "stage", "grid", "tokens", "dim", "heads", "depth", "params", "MACs/view"));
        long totalMacs = 0;
        for (SummaryRow row : model.backbone().summary()) {
            totalMacs += row.macs();
            out.append(String.format(Locale.ROOT, "%-6s %-9s %7d %5d %5s %6d %12s %12s%n", row.part(), row.grid(),
                    row.tokens(), row.dim(), row.heads(), row.depth(), grouped(row.params()), grouped(row.macs())));
        }
        out.append(String.format(Locale.ROOT, "total: %s trainable parameters, %.2f G MACs per view, %.2f G per sample%n",
                grouped(trainable(model)), totalMacs / 1e9, totalMacs * (double) spec.views() / 1e9));
        return out.toString();
    }

    public static long trainable(Block block) {
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
