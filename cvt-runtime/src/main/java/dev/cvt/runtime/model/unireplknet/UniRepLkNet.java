package dev.cvt.runtime.model.unireplknet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import dev.cvt.runtime.model.Backbone;
import dev.cvt.runtime.model.BlockScope;
import dev.cvt.runtime.model.SummaryRow;
import dev.cvt.runtime.model.TorchLayers;
import java.util.ArrayList;
import java.util.List;

/**
 * The UniRepLKNet backbone (the authors' {@code UniRepLKNet} without its head): a stem of two 3x3
 * convolutions of stride 2 (channels-first LayerNorm after each, GELU between), the stages of blocks with
 * a 3x3 convolution of stride 2 and LayerNorm before each later stage, the mean over the map and a
 * LayerNorm: {@code [N, 3, H, W]} → features {@code [N, C_last]}. Every downsampling halves a side
 * rounding up, so any input of at least 1 x 1 gives a map of at least 1 x 1.
 *
 * <p>Built in the training structure, or {@code folded} (the original's deploy mode), which
 * {@link #inferenceForm} fills from a trained one. Children are named by the original's module paths,
 * so a parameter name maps to its PyTorch {@code state_dict} key: {@code downsample_layers.0.0},
 * {@code .0.1}, {@code .0.3}, {@code .0.4} (the stem's Sequential; 2 is the GELU), {@code downsample_layers.i.0}
 * and {@code .i.1} before stage i, block j of stage i {@code stages.i.j}, the final {@code norm}.
 */
final class UniRepLkNet extends Backbone {
    private final UniRepLkNetSpec spec;
    private final boolean folded;
    private final Conv2d stemConv1;
    private final ChannelsFirstLayerNorm stemNorm1;
    private final Conv2d stemConv2;
    private final ChannelsFirstLayerNorm stemNorm2;
    /** Per stage after the first, the downsampling convolution and norm before it. */
    private final List<Conv2d> downConvs = new ArrayList<>();
    private final List<ChannelsFirstLayerNorm> downNorms = new ArrayList<>();
    private final List<List<UniRepLkNetBlock>> stages = new ArrayList<>();
    private final LayerNorm norm;

    UniRepLkNet(UniRepLkNetSpec spec, boolean folded) {
        this.spec = spec;
        this.folded = folded;
        int[] dims = spec.dims();
        stemConv1 = addChildBlock("downsample_layers.0.0", TorchLayers.conv(dims[0] / 2, 3, 2, 1, 1, 1, true));
        stemNorm1 = addChildBlock("downsample_layers.0.1", new ChannelsFirstLayerNorm(dims[0] / 2));
        stemConv2 = addChildBlock("downsample_layers.0.3", TorchLayers.conv(dims[0], 3, 2, 1, 1, 1, true));
        stemNorm2 = addChildBlock("downsample_layers.0.4", new ChannelsFirstLayerNorm(dims[0]));
        int block = 0;
        for (int i = 0; i < spec.stages(); i++) {
            if (i > 0) {
                downConvs.add(addChildBlock("downsample_layers." + i + ".0", TorchLayers.conv(dims[i], 3, 2, 1, 1, 1, true)));
                downNorms.add(addChildBlock("downsample_layers." + i + ".1", new ChannelsFirstLayerNorm(dims[i])));
            }
            List<UniRepLkNetBlock> blocks = new ArrayList<>();
            for (int j = 0; j < spec.depths()[i]; j++) {
                blocks.add(addChildBlock("stages." + i + "." + j, new UniRepLkNetBlock(dims[i], spec.kernelSizes()[i][j],
                        spec.dropPath(block++), spec.layerScaleInit(), folded)));
            }
            stages.add(blocks);
        }
        norm = addChildBlock("norm", LayerNorm.builder().axis(1).optEpsilon(1e-6f).build());
    }

    @Override
    public int features() {
        return spec.features();
    }

    @Override
    public String caption() {
        return "UniRepLKNet, " + spec.stages() + " stage(s)" + (folded ? ", folded for inference" : "");
    }

    /** The authors initialise convolutions as linear layers: {@code trunc_normal_(std=.02)}. */
    @Override
    public Initializer convolutionInitializer() {
        return new NormalInitializer(0.02f);
    }

    /**
     * The folded form (the original's {@code reparameterize_unireplknet}): every block's BatchNorms, dilated
     * branches, GRN β and layer scale folded into its depthwise convolution and second linear layer; the
     * other parameters copied. Eval-mode outputs agree up to float32 rounding.
     */
    @Override
    public Backbone inferenceForm() {
        if (folded) {
            return this;
        }
        UniRepLkNet target = new UniRepLkNet(spec, true);
        List<Block> mine = getChildren().values();
        List<Block> theirs = target.getChildren().values();
        for (int i = 0; i < mine.size(); i++) {
            if (mine.get(i) instanceof UniRepLkNetBlock block) {
                block.foldInto((UniRepLkNetBlock) theirs.get(i));
            } else {
                Folding.copyAll(mine.get(i), theirs.get(i));
            }
        }
        return target;
    }

    @Override
    public List<SummaryRow> summary() {
        List<SummaryRow> rows = new ArrayList<>();
        Shape stem = TorchLayers.out(stemConv2, stemConv2.getInputShapes()[0]);
        rows.add(SummaryRow.of("stem", stem.get(2), stem.get(3), stem.get(2) * stem.get(3), stem.get(1), "-", 0,
                List.of(stemConv1, stemNorm1, stemConv2, stemNorm2)));
        for (int i = 0; i < stages.size(); i++) {
            List<Block> blocks = new ArrayList<>();
            if (i > 0) {
                blocks.add(downConvs.get(i - 1));
                blocks.add(downNorms.get(i - 1));
            }
            blocks.addAll(stages.get(i));
            if (i == stages.size() - 1) {
                blocks.add(norm);
            }
            Shape grid = stages.get(i).get(0).getInputShapes()[0];
            rows.add(SummaryRow.of(String.valueOf(i), grid.get(2), grid.get(3), grid.get(2) * grid.get(3), spec.dims()[i], "-",
                    spec.depths()[i], blocks));
        }
        return rows;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = TorchLayers.apply(stemNorm1, ps, TorchLayers.apply(stemConv1, ps, inputs.head(), training), training);
        x = TorchLayers.apply(stemNorm2, ps, TorchLayers.apply(stemConv2, ps, Activation.gelu(x), training), training);
        for (int i = 0; i < stages.size(); i++) {
            if (i > 0) {
                x = TorchLayers.apply(downNorms.get(i - 1), ps, TorchLayers.apply(downConvs.get(i - 1), ps, x, training), training);
            }
            for (UniRepLkNetBlock block : stages.get(i)) {
                x = BlockScope.forward(block, ps, x, training);
            }
        }
        Shape s = x.getShape();
        return new NDList(TorchLayers.apply(norm, ps, x.reshape(s.get(0), s.get(1), -1).mean(new int[] {2}), training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        Shape shape = inputs[0];
        stemConv1.initialize(manager, dataType, shape);
        shape = TorchLayers.out(stemConv1, shape);
        stemNorm1.initialize(manager, dataType, shape);
        stemConv2.initialize(manager, dataType, shape);
        shape = TorchLayers.out(stemConv2, shape);
        stemNorm2.initialize(manager, dataType, shape);
        for (int i = 0; i < stages.size(); i++) {
            if (i > 0) {
                downConvs.get(i - 1).initialize(manager, dataType, shape);
                shape = TorchLayers.out(downConvs.get(i - 1), shape);
                downNorms.get(i - 1).initialize(manager, dataType, shape);
            }
            for (UniRepLkNetBlock block : stages.get(i)) {
                block.initialize(manager, dataType, shape);
            }
        }
        norm.initialize(manager, dataType, new Shape(shape.get(0), shape.get(1)));
    }
}
