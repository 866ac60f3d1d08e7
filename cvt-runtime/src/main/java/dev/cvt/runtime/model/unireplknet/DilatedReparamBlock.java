package dev.cvt.runtime.model.unireplknet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.cvt.runtime.model.TorchLayers;
import java.util.ArrayList;
import java.util.List;

/**
 * The dilated re-parameterisation block ({@code DilatedReparamBlock}): a large depthwise kernel with
 * BatchNorm, plus parallel depthwise branches of small dilated kernels, each with its BatchNorm, summed.
 * The branches see as far as the large kernel with few weights and train it toward sparse patterns; in
 * eval mode all of it is one large depthwise convolution with bias, which the folded form holds
 * ({@code lk_origin} alone, as the original's deploy mode).
 */
final class DilatedReparamBlock extends AbstractBlock {
    private final Conv2d largeKernel;
    private final BatchNorm largeNorm;
    private final List<Conv2d> branchConvs = new ArrayList<>();
    private final List<BatchNorm> branchNorms = new ArrayList<>();
    private final int[] dilations;

    DilatedReparamBlock(int channels, int kernel, boolean folded) {
        largeKernel = addChildBlock("lk_origin", Layers.depthwise(channels, kernel, 1, folded));
        int[][] branches = branches(kernel);
        dilations = branches[1];
        largeNorm = folded ? null : addChildBlock("origin_bn", TorchLayers.batchNorm());
        if (!folded) {
            for (int i = 0; i < dilations.length; i++) {
                String name = "k" + branches[0][i] + "_" + dilations[i];
                branchConvs.add(addChildBlock("dil_conv_" + name, Layers.depthwise(channels, branches[0][i], dilations[i], false)));
                branchNorms.add(addChildBlock("dil_bn_" + name, TorchLayers.batchNorm()));
            }
        }
    }

    /** The branches' kernel sizes and dilations per large kernel: the authors' (untuned) defaults. */
    private static int[][] branches(int kernel) {
        return switch (kernel) {
            case 17 -> new int[][] {{5, 9, 3, 3, 3}, {1, 2, 4, 5, 7}};
            case 15 -> new int[][] {{5, 7, 3, 3, 3}, {1, 2, 3, 5, 7}};
            case 13 -> new int[][] {{5, 7, 3, 3, 3}, {1, 2, 3, 4, 5}};
            case 11 -> new int[][] {{5, 5, 3, 3, 3}, {1, 2, 3, 4, 5}};
            case 9 -> new int[][] {{5, 5, 3, 3}, {1, 2, 3, 4}};
            case 7 -> new int[][] {{5, 3, 3}, {1, 2, 3}};
            default -> throw new IllegalArgumentException("the dilated re-parameterisation block takes kernel sizes 7 to 17, not " + kernel);
        };
    }

    /** The convolution of the folded form, which {@link #merged} fills. */
    Conv2d largeKernel() {
        return largeKernel;
    }

    /** This trained block as one depthwise kernel and bias (eval mode: running statistics). */
    Folding.Layer merged() {
        Folding.Layer sum = Folding.fuse(Folding.value(largeKernel, "weight"), null, largeNorm);
        NDArray kernel = sum.weight();
        NDArray bias = sum.bias();
        for (int i = 0; i < dilations.length; i++) {
            Folding.Layer branch = Folding.fuse(Folding.value(branchConvs.get(i), "weight"), null, branchNorms.get(i));
            kernel = Folding.addDilated(kernel, branch.weight(), dilations[i]);
            bias = bias.add(branch.bias());
        }
        return new Folding.Layer(kernel, bias);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDArray out = TorchLayers.apply(largeKernel, ps, x, training);
        if (largeNorm == null) {
            return new NDList(out);
        }
        out = TorchLayers.apply(largeNorm, ps, out, training);
        for (int i = 0; i < branchConvs.size(); i++) {
            out = out.add(TorchLayers.apply(branchNorms.get(i), ps, TorchLayers.apply(branchConvs.get(i), ps, x, training), training));
        }
        return new NDList(out);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        for (var child : getChildren().values()) {
            child.initialize(manager, dataType, inputs);
        }
    }
}
