package dev.cvt.runtime.model.crossformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The cross-scale embedding layer: convolutions of several kernel sizes at one stride, each padded by
 * {@code (kernel - stride) / 2} so that all give the same grid, their outputs concatenated along the
 * channels (the small kernels get more of them: {@link CrossFormerSpec#kernelWidths}). Two kinds:
 * <ul>
 * <li>the image's ({@code PatchEmbed}: children {@code projs.i}, then {@code norm}):
 * {@code [B, 3, H, W]} → {@code [B, H/s, W/s, C]};</li>
 * <li>between stages ({@code PatchMerging}: {@code norm}, then {@code reductions.i} at stride 2):
 * {@code [B, H, W, C]} → {@code [B, H/2, W/2, 2C]}. An odd side is rounded down, as each convolution
 * does (the reference asserts even sides).</li>
 * </ul>
 */
final class CrossScaleEmbedding extends AbstractBlock {
    private final boolean merging;
    private final LayerNorm norm;
    private final List<Conv2d> convs = new ArrayList<>();

    private CrossScaleEmbedding(boolean merging, int[] kernels, int stride, int width) {
        this.merging = merging;
        norm = addChildBlock("norm", CrossFormerBlock.channelNorm());
        int[] widths = CrossFormerSpec.kernelWidths(width, kernels.length);
        for (int i = 0; i < kernels.length; i++) {
            int pad = (kernels[i] - stride) / 2;
            convs.add(addChildBlock((merging ? "reductions." : "projs.") + i, Conv2d.builder().setFilters(widths[i])
                    .setKernelShape(new Shape(kernels[i], kernels[i])).optStride(new Shape(stride, stride))
                    .optPadding(new Shape(pad, pad)).build()));
        }
    }

    /** The image's embedding to {@code width} channels, at the stride of the first kernel. */
    static CrossScaleEmbedding ofImage(int[] kernels, int width) {
        return new CrossScaleEmbedding(false, kernels, kernels[0], width);
    }

    /** The embedding between stages, to {@code width} channels (twice the input's). */
    static CrossScaleEmbedding merging(int[] kernels, int width) {
        return new CrossScaleEmbedding(true, kernels, 2, width);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        if (merging) {
            x = norm.forward(ps, new NDList(x), training).head().transpose(0, 3, 1, 2);
        }
        NDList outs = new NDList();
        for (Conv2d conv : convs) {
            outs.add(conv.forward(ps, new NDList(x), training).head());
        }
        NDArray y = NDArrays.concat(outs, 1).transpose(0, 2, 3, 1);
        return merging ? new NDList(y) : norm.forward(ps, new NDList(y), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape out = convs.get(0).getOutputShapes(new Shape[] {imageShape(inputs[0])})[0];
        long channels = 0;
        for (Conv2d conv : convs) {
            channels += conv.getOutputShapes(new Shape[] {imageShape(inputs[0])})[0].get(1);
        }
        return new Shape[] {new Shape(out.get(0), out.get(2), out.get(3), channels)};
    }

    /** The convolutions' input shape {@code [B, C, H, W]}. */
    private Shape imageShape(Shape in) {
        return merging ? new Shape(in.get(0), in.get(3), in.get(1), in.get(2)) : in;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        for (Conv2d conv : convs) {
            conv.initialize(manager, dataType, imageShape(inputs[0]));
        }
        norm.initialize(manager, dataType, merging ? inputs[0] : getOutputShapes(inputs)[0]);
    }
}
