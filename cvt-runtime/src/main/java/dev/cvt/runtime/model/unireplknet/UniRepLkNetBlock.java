package dev.cvt.runtime.model.unireplknet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import dev.cvt.runtime.model.DropPath;
import dev.cvt.runtime.model.TorchLayers;

/**
 * One UniRepLKNet block ({@code UniRepLKNetBlock}): {@code x + dropPath(γ · bn(pw2(grn(gelu(pw1(se(bn(dw(x)))))))))},
 * dw the depthwise convolution (the dilated re-parameterisation block for kernels of 7 and more), se the
 * squeeze-and-excitation block, pw1/pw2 linear layers to 4·C and back on the channels-last map, γ the layer
 * scale.
 *
 * <p>The folded form (the original's deploy mode) computes the same in eval mode with fewer parameters:
 * the depthwise convolution with bias and no BatchNorm after it; GRN without β, pw2 with bias and no
 * BatchNorm or layer scale after it. Children are named by the original's module paths
 * ({@code pwconv1.1}, {@code act.1}, {@code pwconv2.0}, {@code pwconv2.2}: positions in its Sequentials).
 */
final class UniRepLkNetBlock extends AbstractBlock {
    private final Block dwconv;
    private final BatchNorm norm;
    private final SqueezeExcite se;
    private final Linear pwconv1;
    private final GlobalResponseNorm grn;
    private final Linear pwconv2;
    private final BatchNorm pwconv2Norm;
    private final Parameter layerScale;
    private final float dropPath;

    UniRepLkNetBlock(int dim, int kernel, float dropPath, double layerScaleInit, boolean folded) {
        this.dropPath = dropPath;
        dwconv = addChildBlock("dwconv", kernel >= 7 ? new DilatedReparamBlock(dim, kernel, folded) : Layers.depthwise(dim, kernel, 1, folded));
        norm = folded ? null : addChildBlock("norm", TorchLayers.batchNorm());
        se = addChildBlock("se", new SqueezeExcite(dim));
        pwconv1 = addChildBlock("pwconv1.1", Linear.builder().setUnits(4L * dim).build());
        grn = addChildBlock("act.1", new GlobalResponseNorm(4 * dim, !folded));
        pwconv2 = addChildBlock("pwconv2.0", Linear.builder().setUnits(dim).optBias(folded).build());
        pwconv2Norm = folded ? null : addChildBlock("pwconv2.2", TorchLayers.batchNorm());
        layerScale = folded || layerScaleInit <= 0 ? null : addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.WEIGHT)
                .optInitializer(new ConstantInitializer((float) layerScaleInit)).optShape(new Shape(dim)).build());
    }

    /** The depthwise convolution that holds (or, in the folded form, receives) the spatial kernel. */
    private Conv2d spatialConv() {
        return dwconv instanceof DilatedReparamBlock d ? d.largeKernel() : (Conv2d) dwconv;
    }

    /**
     * Gives the parameters of {@code target}, an uninitialised block of the folded form, the values that
     * make it compute what this block computes in eval mode (the original's {@code reparameterize}).
     */
    void foldInto(UniRepLkNetBlock target) {
        Folding.Layer dw = dwconv instanceof DilatedReparamBlock d ? d.merged() : new Folding.Layer(Folding.value(dwconv, "weight"), null);
        Folding.Layer spatial = Folding.fuse(dw.weight(), dw.bias(), norm);
        DataType dwType = Folding.typeOf(spatialConv(), "weight");
        target.spatialConv().setInitializer(Folding.given(spatial.weight(), dwType), "weight");
        target.spatialConv().setInitializer(Folding.given(spatial.bias(), dwType), "bias");
        Folding.copyAll(se, target.se);
        Folding.copyAll(pwconv1, target.pwconv1);
        target.grn.setInitializer(Folding.given(Folding.value(grn, "gamma"), Folding.typeOf(grn, "gamma")), "gamma");
        // GRN's β passes through pw2 as a constant: W·β joins pw2's bias, then BatchNorm and the layer scale fold in
        NDArray weight = Folding.value(pwconv2, "weight");
        NDArray projected = weight.matMul(Folding.value(grn, "beta").reshape(-1, 1)).reshape(-1);
        Folding.Layer out = Folding.fuse(weight, projected, pwconv2Norm);
        if (layerScale != null) {
            NDArray scale = Folding.value(layerScale);
            out = new Folding.Layer(out.weight().mul(scale.reshape(-1, 1)), out.bias().mul(scale));
        }
        DataType pwType = Folding.typeOf(pwconv2, "weight");
        target.pwconv2.setInitializer(Folding.given(out.weight(), pwType), "weight");
        target.pwconv2.setInitializer(Folding.given(out.bias(), pwType), "bias");
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDArray y = TorchLayers.apply(dwconv, ps, x, training);
        if (norm != null) {
            y = TorchLayers.apply(norm, ps, y, training);
        }
        y = TorchLayers.apply(se, ps, y, training).transpose(0, 2, 3, 1);
        y = TorchLayers.apply(grn, ps, Activation.gelu(TorchLayers.apply(pwconv1, ps, y, training)), training);
        y = TorchLayers.apply(pwconv2, ps, y, training).transpose(0, 3, 1, 2);
        if (pwconv2Norm != null) {
            y = TorchLayers.apply(pwconv2Norm, ps, y, training);
        }
        if (layerScale != null) {
            // the reshaped view belongs to the parameter's manager, which lives as long as the model: closed after use
            // (autograd holds its own reference)
            try (NDArray scale = ps.getValue(layerScale, x.getDevice(), training).reshape(1, -1, 1, 1)) {
                y = y.mul(scale);
            }
        }
        return new NDList(x.add(DropPath.apply(y, dropPath, training)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        Shape in = inputs[0];
        dwconv.initialize(manager, dataType, in);
        if (norm != null) {
            norm.initialize(manager, dataType, in);
        }
        se.initialize(manager, dataType, in);
        Shape channelsLast = new Shape(in.get(0), in.get(2), in.get(3), in.get(1));
        pwconv1.initialize(manager, dataType, channelsLast);
        Shape hidden = TorchLayers.out(pwconv1, channelsLast);
        grn.initialize(manager, dataType, hidden);
        pwconv2.initialize(manager, dataType, hidden);
        if (pwconv2Norm != null) {
            pwconv2Norm.initialize(manager, dataType, in);
        }
    }
}
