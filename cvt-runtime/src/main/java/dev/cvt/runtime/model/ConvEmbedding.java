package dev.cvt.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Convolutional token embedding: a strided Conv2d turns {@code [N, C, H, W]} into a grid of tokens,
 * each normalised over its channels: {@code [N, H'W', dim]}.
 */
final class ConvEmbedding extends AbstractBlock {
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int dim;
    private final Conv2d proj;
    private final LayerNorm norm;

    ConvEmbedding(int kernel, int stride, int padding, int dim) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dim = dim;
        proj = addChildBlock("proj", Conv2d.builder().setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride)).optPadding(new Shape(padding, padding)).setFilters(dim).build());
        norm = addChildBlock("norm", LayerNorm.builder().axis(2).build()); // over channels, per token
    }

    /** The grid side after the convolution. */
    long out(long side) {
        return side(side, kernel, stride, padding, false);
    }

    /** The side of a convolution's or pooling's output; {@code ceil}: pooling in ceil mode. */
    static long side(long side, int kernel, int stride, int padding, boolean ceil) {
        double steps = (side + 2.0 * padding - kernel) / stride;
        return (long) (ceil ? Math.ceil(steps) : Math.floor(steps)) + 1;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = proj.forward(ps, inputs, training).head();
        Shape s = x.getShape();
        NDArray tokens = x.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)).transpose(0, 2, 1);
        return norm.forward(ps, new NDList(tokens), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape in = inputs[0];
        return new Shape[] {new Shape(in.get(0), out(in.get(2)) * out(in.get(3)), dim)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        proj.initialize(manager, dataType, inputs[0]);
        norm.initialize(manager, dataType, getOutputShapes(inputs)[0]);
    }
}
