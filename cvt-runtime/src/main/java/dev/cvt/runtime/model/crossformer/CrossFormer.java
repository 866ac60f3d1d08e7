package dev.cvt.runtime.model.crossformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.cvt.runtime.model.Backbone;
import dev.cvt.runtime.model.BlockScope;
import dev.cvt.runtime.model.SummaryRow;
import java.util.ArrayList;
import java.util.List;

/**
 * The CrossFormer backbone (the authors' {@code CrossFormer} without its head, v1: constant group size,
 * no CPE, no ACL): the image's cross-scale embedding, the stages of CrossFormer blocks with a cross-scale
 * embedding between them, LayerNorm, the mean over the grid: {@code [N, 3, H, W]} → {@code [N, C_last]}.
 * Tokens run channels last, {@code [N, H, W, C]}, so each block reads its grid from its input.
 *
 * <p>Any image of at least {@link CrossFormerSpec#reduction} pixels a side works: grids that are not
 * multiples of the groups are padded and the padding masked, per block ({@link GroupLayout}).
 *
 * <p>Children are named by the original's module paths ({@code patch_embed}, {@code layers.i.blocks.j},
 * {@code layers.i.downsample}, {@code norm}), so a parameter name maps to its PyTorch {@code state_dict}
 * key by dropping DJL's two-digit child prefixes and joining the parts with dots.
 */
final class CrossFormer extends Backbone {
    private final CrossFormerSpec spec;
    private final CrossScaleEmbedding patchEmbed;
    private final List<List<CrossFormerBlock>> stages = new ArrayList<>();
    /** Per stage, the embedding after it (none after the last). */
    private final List<CrossScaleEmbedding> downsamples = new ArrayList<>();
    private final LayerNorm norm;

    CrossFormer(CrossFormerSpec spec) {
        this.spec = spec;
        patchEmbed = addChildBlock("patch_embed", CrossScaleEmbedding.ofImage(spec.patchSizes(), spec.embedDim()));
        int block = 0;
        for (int i = 0; i < spec.stages(); i++) {
            int dim = spec.dim(i);
            List<CrossFormerBlock> blocks = new ArrayList<>();
            for (int j = 0; j < spec.depths()[i]; j++) {
                blocks.add(addChildBlock("layers." + i + ".blocks." + j, new CrossFormerBlock(dim, spec.numHeads()[i],
                        spec.groupSize()[i], spec.interval()[i], j % 2 == 1, (int) (dim * spec.mlpRatio()), (float) spec.dropRate(),
                        spec.dropPath(block++))));
            }
            stages.add(blocks);
            if (i < spec.stages() - 1) {
                downsamples.add(addChildBlock("layers." + i + ".downsample", CrossScaleEmbedding.merging(spec.mergeSizes()[i], 2 * dim)));
            }
        }
        norm = addChildBlock("norm", CrossFormerBlock.channelNorm());
    }

    @Override
    public int features() {
        return spec.features();
    }

    @Override
    public String caption() {
        return "CrossFormer, " + spec.stages() + " stage(s)";
    }

    /** Rows: the image's embedding, then per stage its blocks with the embedding that feeds it (the last with the norm). */
    @Override
    public List<SummaryRow> summary() {
        List<SummaryRow> rows = new ArrayList<>();
        Shape embedded = stages.get(0).get(0).getInputShapes()[0];
        rows.add(SummaryRow.of("embed", embedded.get(1), embedded.get(2), embedded.get(1) * embedded.get(2), embedded.get(3), "-", 0,
                List.of(patchEmbed)));
        for (int i = 0; i < stages.size(); i++) {
            List<Block> blocks = new ArrayList<>();
            if (i > 0) {
                blocks.add(downsamples.get(i - 1));
            }
            blocks.addAll(stages.get(i));
            if (i == stages.size() - 1) {
                blocks.add(norm);
            }
            Shape grid = stages.get(i).get(0).getInputShapes()[0];
            rows.add(SummaryRow.of(String.valueOf(i), grid.get(1), grid.get(2), grid.get(1) * grid.get(2), grid.get(3),
                    String.valueOf(spec.numHeads()[i]), spec.depths()[i], blocks));
        }
        return rows;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        checkSize(inputs.head().getShape());
        NDArray x = patchEmbed.forward(ps, inputs, training).head();
        x = Dropout.dropout(x, (float) spec.dropRate(), training).head();
        for (int i = 0; i < stages.size(); i++) {
            for (CrossFormerBlock block : stages.get(i)) {
                x = BlockScope.forward(block, ps, x, training);
            }
            if (i < downsamples.size()) {
                x = BlockScope.forward(downsamples.get(i), ps, x, training);
            }
        }
        x = norm.forward(ps, new NDList(x), training).head();
        Shape s = x.getShape();
        return new NDList(x.reshape(s.get(0), -1, s.get(3)).mean(new int[] {1}));
    }

    /** The last stage needs a grid of at least one token. */
    private void checkSize(Shape image) {
        int min = spec.reduction();
        if (image.get(2) < min || image.get(3) < min) {
            throw new IllegalArgumentException("CrossFormer with " + spec.stages() + " stage(s) and patch " + spec.patchSizes()[0]
                    + " needs images of at least " + min + " x " + min + " pixels, not " + image.get(2) + " x " + image.get(3));
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        checkSize(inputs[0]);
        patchEmbed.initialize(manager, dataType, inputs[0]);
        Shape tokens = patchEmbed.getOutputShapes(inputs)[0];
        for (int i = 0; i < stages.size(); i++) {
            for (CrossFormerBlock block : stages.get(i)) {
                block.initialize(manager, dataType, tokens);
            }
            if (i < downsamples.size()) {
                downsamples.get(i).initialize(manager, dataType, tokens);
                tokens = downsamples.get(i).getOutputShapes(new Shape[] {tokens})[0];
            }
        }
        norm.initialize(manager, dataType, tokens);
    }
}
