package dev.cvt.runtime.model.casvit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.cvt.runtime.model.Backbone;
import dev.cvt.runtime.model.BlockScope;
import dev.cvt.runtime.model.SummaryRow;
import dev.cvt.runtime.model.TorchLayers;
import java.util.ArrayList;
import java.util.List;

/**
 * The CAS-ViT backbone (the authors' {@code RCViT} without its heads): a stem of two strided 3x3
 * convolutions (BatchNorm, ReLU), the stages of additive blocks with strided embeddings between them,
 * BatchNorm, the mean over the feature map: {@code [N, 3, H, W]} → features {@code [N, C_last]}.
 *
 * <p>Children are named by the original's module paths, so a parameter name maps to its PyTorch
 * {@code state_dict} key by dropping DJL's two-digit child prefixes and joining the parts with dots:
 * {@code patch_embed.0}, {@code patch_embed.1}, {@code patch_embed.3}, {@code patch_embed.4} (the stem's
 * Sequential; 2 and 5 are ReLUs); block j of the stage at index k of the original's {@code network} list
 * is {@code network.k.j}; the embedding after it {@code network.k+1}; the final {@code norm}.
 */
final class CasVit extends Backbone {
    private final CasVitSpec spec;
    private final Conv2d stemConv1;
    private final BatchNorm stemNorm1;
    private final Conv2d stemConv2;
    private final BatchNorm stemNorm2;
    /** Per stage, the embedding that feeds it (null for the first stage and where none is made). */
    private final List<Embedding> embeddings = new ArrayList<>();
    private final List<List<AdditiveBlock>> stages = new ArrayList<>();
    private final BatchNorm norm;

    CasVit(CasVitSpec spec) {
        this.spec = spec;
        int[] dims = spec.embedDims();
        stemConv1 = addChildBlock("patch_embed.0", Layers.conv(dims[0] / 2, 3, 2, 1, 1, true));
        stemNorm1 = addChildBlock("patch_embed.1", TorchLayers.batchNorm());
        stemConv2 = addChildBlock("patch_embed.3", Layers.conv(dims[0], 3, 2, 1, 1, true));
        stemNorm2 = addChildBlock("patch_embed.4", TorchLayers.batchNorm());
        int k = 0;
        int block = 0;
        Embedding feeding = null;
        for (int i = 0; i < spec.stages(); i++) {
            embeddings.add(feeding);
            List<AdditiveBlock> blocks = new ArrayList<>();
            for (int j = 0; j < spec.layers()[i]; j++) {
                blocks.add(addChildBlock("network." + k + "." + j, new AdditiveBlock(dims[i], (int) (dims[i] * spec.mlpRatio()),
                        spec.attnBias(), (float) spec.dropRate(), spec.dropPath(block++))));
            }
            stages.add(blocks);
            k++;
            feeding = null;
            if (spec.embeddingAfter(i)) {
                feeding = addChildBlock("network." + k++, new Embedding(dims[i + 1]));
            }
        }
        norm = addChildBlock("norm", TorchLayers.batchNorm());
    }

    @Override
    public int features() {
        return spec.features();
    }

    @Override
    public String caption() {
        return "CAS-ViT, " + spec.stages() + " stage(s)";
    }

    @Override
    public List<SummaryRow> summary() {
        List<SummaryRow> rows = new ArrayList<>();
        Shape stem = TorchLayers.out(stemConv2, stemConv2.getInputShapes()[0]);
        rows.add(SummaryRow.of("stem", stem.get(2), stem.get(3), stem.get(2) * stem.get(3), stem.get(1), "-", 0,
                List.of(stemConv1, stemNorm1, stemConv2, stemNorm2)));
        for (int i = 0; i < stages.size(); i++) {
            List<Block> blocks = new ArrayList<>();
            if (embeddings.get(i) != null) {
                blocks.add(embeddings.get(i));
            }
            blocks.addAll(stages.get(i));
            if (i == stages.size() - 1) {
                blocks.add(norm);
            }
            Shape grid = stages.get(i).get(0).getInputShapes()[0];
            rows.add(SummaryRow.of(String.valueOf(i), grid.get(2), grid.get(3), grid.get(2) * grid.get(3), spec.embedDims()[i],
                    "-", spec.layers()[i], blocks));
        }
        return rows;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = Activation.relu(TorchLayers.apply(stemNorm1, ps, TorchLayers.apply(stemConv1, ps, inputs.head(), training), training));
        x = Activation.relu(TorchLayers.apply(stemNorm2, ps, TorchLayers.apply(stemConv2, ps, x, training), training));
        for (int i = 0; i < stages.size(); i++) {
            if (embeddings.get(i) != null) {
                x = TorchLayers.apply(embeddings.get(i), ps, x, training);
            }
            for (AdditiveBlock block : stages.get(i)) {
                x = BlockScope.forward(block, ps, x, training);
            }
        }
        x = TorchLayers.apply(norm, ps, x, training);
        Shape s = x.getShape();
        return new NDList(x.reshape(s.get(0), s.get(1), -1).mean(new int[] {2}));
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
            Embedding embedding = embeddings.get(i);
            if (embedding != null) {
                embedding.initialize(manager, dataType, shape);
                shape = TorchLayers.out(embedding, shape);
            }
            for (AdditiveBlock block : stages.get(i)) {
                block.initialize(manager, dataType, shape);
            }
        }
        norm.initialize(manager, dataType, shape);
    }
}
