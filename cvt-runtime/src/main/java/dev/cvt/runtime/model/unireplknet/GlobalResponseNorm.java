package dev.cvt.runtime.model.unireplknet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import dev.cvt.runtime.model.ScalarOps;

/**
 * Global response normalisation of ConvNeXt V2 ({@code GRNwithNHWC}) on {@code [N, H, W, C]}: each
 * channel's L2 norm over the map, divided by the mean of those norms over the channels, scales the input:
 * {@code (γ·N + 1)·x + β}. γ and β start at 0 (the identity). The folded form has no β: it moves into the
 * bias of the linear layer after it.
 *
 * <p>γ and β are of type WEIGHT and BIAS, not GAMMA and BETA, so that mixed precision trains them in
 * float16 like the activations they multiply (a float32 factor would promote the activations).
 */
final class GlobalResponseNorm extends AbstractBlock {
    private final Parameter gamma;
    private final Parameter beta;

    GlobalResponseNorm(int channels, boolean bias) {
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.WEIGHT)
                .optInitializer(Initializer.ZEROS).optShape(new Shape(1, 1, 1, channels)).build());
        beta = bias ? addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BIAS)
                .optInitializer(Initializer.ZEROS).optShape(new Shape(1, 1, 1, channels)).build()) : null;
    }

    /** The trained β, for folding; null in the folded form. */
    Parameter beta() {
        return beta;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDArray g = ps.getValue(gamma, x.getDevice(), training);
        Shape s = x.getShape();
        // the norm over the map as one axis, keeping it: DJL's PyTorch reductions keep the dimensions of one axis only
        NDArray norms = x.reshape(s.get(0), -1, s.get(3)).norm(new int[] {1}, true).reshape(s.get(0), 1, 1, s.get(3));
        NDArray normalised = norms.div(ScalarOps.plus(norms.mean(new int[] {-1}, true), 1e-6f));
        // the step's array first: a result belongs to its first operand's manager, and γ's lives as long as the model
        NDArray out = ScalarOps.plus(normalised.mul(g), 1f).mul(x);
        return new NDList(beta == null ? out : out.add(ps.getValue(beta, x.getDevice(), training)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0]};
    }
}
