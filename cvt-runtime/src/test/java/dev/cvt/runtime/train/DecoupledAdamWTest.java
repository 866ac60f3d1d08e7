package dev.cvt.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.cvt.runtime.model.Engines;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DecoupledAdamWTest {
    @Test
    void matchesTorchAdamWAndSkipsDecayForExemptParameters() {
        try (NDManager manager = Engines.pytorch(0).newBaseManager()) {
            NDArray decayed = manager.create(new float[] {1.5f});
            NDArray exempt = manager.create(new float[] {1.5f});
            double[] grads = {0.3, -0.1, 0.05};
            DecoupledAdamW adamW = new DecoupledAdamW(0.01f, 0.05f, Set.of("b"));
            for (int step = 0; step < 3; step++) {
                if (step == 2) {
                    adamW.setLearningRate(0.02f); // the schedule's next epoch
                }
                adamW.update("a", decayed, manager.create(new float[] {(float) grads[step]}));
                adamW.update("b", exempt, manager.create(new float[] {(float) grads[step]}));
            }
            // torch.optim.AdamW written out in double: decay first, then the bias-corrected Adam step
            double w = 1.5;
            double m = 0;
            double v = 0;
            double wExempt = 1.5;
            for (int t = 1; t <= 3; t++) {
                double lr = t == 3 ? 0.02 : 0.01;
                double g = grads[t - 1];
                m = 0.9 * m + 0.1 * g;
                v = 0.999 * v + 0.001 * g * g;
                double step = lr * (m / (1 - Math.pow(0.9, t))) / (Math.sqrt(v / (1 - Math.pow(0.999, t))) + 1e-8);
                w = w * (1 - lr * 0.05) - step;
                wExempt -= step;
            }
            assertArrayEquals(new float[] {(float) w}, decayed.toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {(float) wExempt}, exempt.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void stateForACheckpointReplacesTheStepCountHandedOutBefore() {
        try (NDManager manager = Engines.pytorch(0).newBaseManager()) {
            NDArray weight = manager.create(new float[] {1f});
            DecoupledAdamW adamW = new DecoupledAdamW(0.01f, 0f, Set.of());
            adamW.update("a", weight, manager.create(new float[] {0.5f}));
            NDArray first = adamW.state("a").get("t");
            adamW.update("a", weight, manager.create(new float[] {0.5f}));
            NDArray second = adamW.state("a").get("t");
            org.junit.jupiter.api.Assertions.assertTrue(first.isReleased(), "the first checkpoint's step count was closed");
            assertArrayEquals(new int[] {2}, second.toIntArray());
        }
    }

    @Test
    void trainsTheModelWithTheOriginalExemptions() {
        dev.cvt.runtime.model.Engines.pytorch(0).setRandomSeed(3);
        dev.cvt.runtime.model.MultiViewClassifier block = new dev.cvt.runtime.model.MultiViewClassifier(
                dev.cvt.runtime.model.ClassifierSpec.from(dev.cvt.runtime.config.ConfigLoader.defaults(java.util.List.of(
                        "DATASET.DATASET", "multidim_imagenet", "DATASET.NUM_DIMS", "2", "MODEL.NUM_CLASSES", "2",
                        "MODEL.SPEC.NUM_STAGES", "1", "MODEL.SPEC.PATCH_SIZE", "[3]", "MODEL.SPEC.PATCH_STRIDE", "[2]",
                        "MODEL.SPEC.PATCH_PADDING", "[1]", "MODEL.SPEC.DIM_EMBED", "[16]", "MODEL.SPEC.NUM_HEADS", "[2]",
                        "MODEL.SPEC.DEPTH", "[1]", "MODEL.SPEC.MLP_RATIO", "[2.0]", "MODEL.SPEC.ATTN_DROP_RATE", "[0.0]",
                        "MODEL.SPEC.DROP_RATE", "[0.0]", "MODEL.SPEC.DROP_PATH_RATE", "[0.0]", "MODEL.SPEC.QKV_BIAS", "[true]",
                        "MODEL.SPEC.CLS_TOKEN", "[true]", "MODEL.SPEC.POS_EMBED", "[false]", "MODEL.SPEC.QKV_PROJ_METHOD", "[dw_bn]",
                        "MODEL.SPEC.KERNEL_QKV", "[3]", "MODEL.SPEC.PADDING_KV", "[1]", "MODEL.SPEC.STRIDE_KV", "[2]",
                        "MODEL.SPEC.PADDING_Q", "[1]", "MODEL.SPEC.STRIDE_Q", "[1]"))));
        ai.djl.ndarray.types.Shape input = block.inputShape(8, 16, 16);
        try (ai.djl.Model model = ai.djl.Model.newInstance("adamw")) {
            model.setBlock(block);
            block.initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, input);
            java.util.Set<String> exemptNames = WeightDecayExemptions.of(block, java.util.List.of("bn", "bias", "ln", "dw"));
            java.util.Set<String> exemptIds = new java.util.HashSet<>();
            block.getParameters().forEach(p -> {
                if (exemptNames.contains(p.getKey())) {
                    exemptIds.add(p.getValue().getId());
                }
            });
            DecoupledAdamW optimizer = new DecoupledAdamW(3e-3f, 0.05f, exemptIds);
            try (ai.djl.training.Trainer trainer = model.newTrainer(new ai.djl.training.DefaultTrainingConfig(
                    ai.djl.training.loss.Loss.softmaxCrossEntropyLoss()).optOptimizer(optimizer)
                    .optDevices(new ai.djl.Device[] {ai.djl.Device.cpu()}))) {
                float first = 0;
                float last = 0;
                for (int step = 0; step < 30; step++) {
                    try (NDManager batch = trainer.getManager().newSubManager()) {
                        ai.djl.ndarray.NDList data = dev.cvt.runtime.model.ToyData.batch(batch, input);
                        try (ai.djl.training.GradientCollector collector = trainer.newGradientCollector()) {
                            NDArray loss = trainer.getLoss().evaluate(new ai.djl.ndarray.NDList(data.get(1)),
                                    trainer.forward(new ai.djl.ndarray.NDList(data.get(0))));
                            dev.cvt.runtime.model.Gradients.zero(block.getParameters().values());
                            collector.backward(loss);
                            first = step < 5 ? first + loss.getFloat() / 5 : first;
                            last = step >= 25 ? last + loss.getFloat() / 5 : last;
                        }
                        trainer.step();
                    }
                }
                org.junit.jupiter.api.Assertions.assertTrue(last < first * 0.5, "loss " + first + " -> " + last);
            }
        }
    }
}
