package dev.cvt.runtime.model.unireplknet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * ConvNeXt's {@code LayerNorm(data_format="channels_first")}, eps 1e-6: each position of {@code [N, C, H, W]}
 * normalised over its C channels. PyTorch's layer norm normalises trailing axes only, so the channels are
 * moved last and back; the parameters, named {@code weight} and {@code bias} as the original's, are of type
 * GAMMA and BETA so that mixed precision keeps them in float32 as for DJL's own LayerNorm.
 */
final class ChannelsFirstLayerNorm extends AbstractBlock {
    private final Parameter weight;
    private final Parameter bias;

    ChannelsFirstLayerNorm(int channels) {
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.GAMMA).optShape(new Shape(channels)).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BETA).optShape(new Shape(channels)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head().transpose(0, 2, 3, 1);
        NDArray y = LayerNorm.layerNorm(x, new Shape(x.getShape().get(3)), ps.getValue(weight, x.getDevice(), training),
                ps.getValue(bias, x.getDevice(), training), 1e-6f).head();
        return new NDList(y.transpose(0, 3, 1, 2));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0]};
    }
}
