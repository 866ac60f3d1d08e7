package dev.cvt.runtime.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import dev.cvt.runtime.model.Backbone;
import dev.cvt.runtime.model.BlockScope;
import dev.cvt.runtime.model.ModelSummary;
import dev.cvt.runtime.model.SummaryRow;
import java.util.ArrayList;
import java.util.List;

/**
 * The Vision Transformer as timm's {@code VisionTransformer}: a convolutional patch embedding, the class
 * token, learned position embeddings, pre-norm blocks, the final norm, and the class token or the mean
 * of the patch tokens as features ({@code GLOBAL_POOL}; with {@code avg} the norm follows the pooling,
 * timm's {@code fc_norm}). timm's head dropout ({@code DROP_RATE}) is applied to the features here.
 *
 * <p>Any image size works, as timm's {@code dynamic_img_size} and {@code dynamic_img_pad}: images whose
 * sides are not multiples of the patch are padded with zeros at the right and bottom (so no pixel of a
 * 231 × 310 spectrogram is lost: a 15 × 20 grid at patch 16), and the position embeddings, learned for
 * the grid of the size the model was built for, are resampled to other grids ({@link PositionResampling}).
 */
final class VisionTransformer extends Backbone {
    private final VitSpec spec;
    private final Conv2d patchEmbed;
    private final Parameter clsToken;
    private final Parameter posEmbed;
    private final List<VitBlock> blocks = new ArrayList<>();
    private final LayerNorm norm;
    private final int prefix;

    VisionTransformer(VitSpec spec) {
        this.spec = spec;
        int p = spec.patchSize();
        patchEmbed = addChildBlock("patch_embed.proj", Conv2d.builder().setKernelShape(new Shape(p, p))
                .optStride(new Shape(p, p)).setFilters(spec.embedDim()).build());
        prefix = spec.classToken() ? 1 : 0;
        clsToken = spec.classToken() ? addParameter(Parameter.builder().setName("cls_token").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(1, 1, spec.embedDim())).optInitializer(new NormalInitializer(1e-6f)).build()) : null;
        // the grid is known at initialisation: the shape is set there; timm's trunc_normal(.02) cuts at ±2, a plain normal
        posEmbed = addParameter(Parameter.builder().setName("pos_embed").setType(Parameter.Type.WEIGHT)
                .optInitializer(new NormalInitializer(0.02f)).build());
        for (int i = 0; i < spec.depth(); i++) {
            double rate = spec.depth() > 1 ? spec.dropPathRate() * i / (spec.depth() - 1) : 0;
            blocks.add(addChildBlock("blocks." + i, new VitBlock(spec, rate)));
        }
        // timm: the tokens are normalised before the class token is taken, the pooled mean after pooling
        boolean pooled = "avg".equals(spec.globalPool());
        norm = addChildBlock(pooled ? "fc_norm" : "norm", LayerNorm.builder().axis(pooled ? 1 : 2).optEpsilon(VitBlock.NORM_EPS).build());
    }

    @Override
    public int features() {
        return spec.embedDim();
    }

    @Override
    public String caption() {
        return "ViT/" + spec.patchSize() + ", " + spec.depth() + " blocks";
    }

    @Override
    public List<SummaryRow> summary() {
        Shape image = patchEmbed.getInputShapes()[0];
        long h = side(image.get(2));
        long w = side(image.get(3));
        long dim = spec.embedDim();
        long embedParams = ModelSummary.trainable(patchEmbed) + posEmbed.getArray().size() + (clsToken == null ? 0 : dim);
        SummaryRow embed = SummaryRow.of("embed", h, w, h * w + prefix, dim, "-", 0, List.of(patchEmbed));
        List<ai.djl.nn.Block> rest = new ArrayList<>(blocks);
        rest.add(norm);
        return List.of(new SummaryRow(embed.part(), embed.grid(), embed.tokens(), dim, "-", 0, embedParams, embed.macs()),
                SummaryRow.of("blocks", h, w, h * w + prefix, dim, String.valueOf(spec.numHeads()), spec.depth(), rest));
    }

    /** The patch grid's side for an image side: padded up to whole patches. */
    private long side(long pixels) {
        return (pixels + spec.patchSize() - 1) / spec.patchSize();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = padToPatches(inputs.head());
        NDArray grid = patchEmbed.forward(ps, new NDList(x), training).head();
        Shape g = grid.getShape();
        long n = g.get(0);
        long dim = g.get(1);
        NDArray tokens = grid.reshape(n, dim, g.get(2) * g.get(3)).transpose(0, 2, 1);
        if (clsToken != null) {
            // zeros first: a result belongs to its first operand's manager, and this one is the step's
            NDArray cls = tokens.getManager().zeros(new Shape(n, 1, dim), tokens.getDataType(), tokens.getDevice())
                    .add(ps.getValue(clsToken, tokens.getDevice(), training));
            tokens = cls.concat(tokens, 1);
        }
        tokens = tokens.add(positions(tokens.getManager(), ps.getValue(posEmbed, tokens.getDevice(), training), (int) g.get(2),
                (int) g.get(3)));
        tokens = Dropout.dropout(tokens, (float) spec.dropRate(), training).head();
        for (VitBlock block : blocks) {
            tokens = BlockScope.forward(block, ps, tokens, training);
        }
        NDArray features;
        if ("avg".equals(spec.globalPool())) {
            NDArray mean = tokens.get(new NDIndex(":, {}:", prefix)).mean(new int[] {1});
            features = norm.forward(ps, new NDList(mean), training).head();
        } else {
            features = norm.forward(ps, new NDList(tokens), training).head().get(new NDIndex(":, 0"));
        }
        return Dropout.dropout(features, (float) spec.dropRate(), training);
    }

    /** Zeros at the right and bottom up to whole patches, as timm's {@code dynamic_img_pad}. */
    private NDArray padToPatches(NDArray x) {
        Shape s = x.getShape();
        long padH = (spec.patchSize() - s.get(2) % spec.patchSize()) % spec.patchSize();
        long padW = (spec.patchSize() - s.get(3) % spec.patchSize()) % spec.patchSize();
        if (padW > 0) {
            x = x.concat(x.getManager().zeros(new Shape(s.get(0), s.get(1), s.get(2), padW), x.getDataType(), x.getDevice()), 3);
        }
        if (padH > 0) {
            x = x.concat(x.getManager().zeros(new Shape(s.get(0), s.get(1), padH, s.get(3) + padW), x.getDataType(), x.getDevice()), 2);
        }
        return x;
    }

    /** The position embeddings for a {@code h × w} patch grid: as learned, or resampled from the grid they were learned for. */
    private NDArray positions(NDManager step, NDArray parameter, int h, int w) {
        Shape image = patchEmbed.getInputShapes()[0];
        int learnedH = (int) side(image.get(2));
        int learnedW = (int) side(image.get(3));
        if (learnedH == h && learnedW == w) {
            return parameter;
        }
        // resampled in the step's scope: a result belongs to its first operand's manager, and the parameter's lives as
        // long as the model
        NDArray learned = step.zeros(parameter.getShape(), parameter.getDataType(), parameter.getDevice()).add(parameter);
        if (prefix == 0) {
            return PositionResampling.resample(learned, learnedH, learnedW, h, w);
        }
        NDList parts = learned.split(new long[] {prefix}, 1);
        return parts.get(0).concat(PositionResampling.resample(parts.get(1), learnedH, learnedW, h, w), 1);
    }

    @Override
    protected void prepare(Shape[] inputs) {
        posEmbed.setShape(new Shape(1, side(inputs[0].get(2)) * side(inputs[0].get(3)) + prefix, spec.embedDim()));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        Shape image = inputs[0];
        long p = spec.patchSize();
        patchEmbed.initialize(manager, dataType, new Shape(image.get(0), image.get(1), side(image.get(2)) * p, side(image.get(3)) * p));
        Shape tokens = new Shape(image.get(0), side(image.get(2)) * side(image.get(3)) + prefix, spec.embedDim());
        for (VitBlock block : blocks) {
            block.initialize(manager, dataType, tokens);
        }
        norm.initialize(manager, dataType, "avg".equals(spec.globalPool()) ? new Shape(image.get(0), spec.embedDim()) : tokens);
    }
}
