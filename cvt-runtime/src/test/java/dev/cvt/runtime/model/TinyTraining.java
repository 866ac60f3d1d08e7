package dev.cvt.runtime.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** 40 steps of the tiny model on the toy problem, in a JVM of its own (see MultiViewCvtTest). */
final class TinyTraining {
    private TinyTraining() {
    }

    public static void main(String[] args) {
        boolean clsToken = Boolean.parseBoolean(args[0]);
        Engines.pytorch(1).setRandomSeed(1); // one thread: the same sums in the same order on every run
        CvtSpec spec = TinyCvt.spec(2, "dw_bn", "MODEL.SPEC.CLS_TOKEN", "[false, " + clsToken + "]");
        MultiViewCvt block = new MultiViewCvt(spec);
        Shape input = block.inputShape(8, 16, 16);
        try (ai.djl.Model model = ai.djl.Model.newInstance("tiny")) {
            model.setBlock(block);
            try (ai.djl.training.Trainer trainer = TinyCvt.trainer(model, input)) {
                java.util.Set<String> reached = new java.util.HashSet<>();
                float first = 0;
                float last = 0;
                for (int step = 0; step < 40; step++) {
                    try (NDManager batchManager = trainer.getManager().newSubManager()) {
                        float loss = TinyCvt.step(trainer, ToyData.batch(batchManager, input), () -> {
                            for (var p : block.getParameters()) {
                                if (p.getValue().requiresGradient() && p.getValue().getArray().getGradient().abs().sum().getFloat() > 0) {
                                    reached.add(p.getKey());
                                }
                            }
                        });
                        first = step < 5 ? first + loss / 5 : first;
                        last = step >= 35 ? last + loss / 5 : last;
                    }
                }
                java.util.List<String> missed = block.getParameters().stream()
                        .filter(p -> p.getValue().requiresGradient() && !reached.contains(p.getKey())).map(p -> p.getKey()).toList();
                List<String> unused = clsToken ? List.of("01backbone_02stage1_03block1_02attn_01conv_proj_q_conv_weight",
                        "01backbone_02stage1_03block1_02attn_02conv_proj_q_bn_gamma",
                        "01backbone_02stage1_03block1_02attn_02conv_proj_q_bn_beta") : List.of();
                if (!unused.equals(missed)) {
                    System.out.println("parameters that never got a gradient: " + missed + ", expected " + unused);
                    System.exit(1);
                }
                if (!(last < first * 0.5)) {
                    System.out.println("loss " + first + " -> " + last);
                    System.exit(1);
                }
                System.out.println("loss halved, every parameter reached: " + first + " -> " + last);
            }
        }
    }
}
