package dev.cvt.runtime.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import dev.cvt.runtime.config.ConfigLoader;
import dev.cvt.runtime.train.DecoupledAdamW;
import java.util.ArrayList;
import java.util.List;

/** A small CvT spec and a toy problem for model tests. */
final class TinyCvt {
    private TinyCvt() {
    }

    /** Two stages, every optional part on (cls token, position embedding, drop path, dropout). */
    static ClassifierSpec spec(int views, String projection, String... more) {
        List<String> overrides = new ArrayList<>(List.of(
                "DATASET.DATASET", "multidim_imagenet", "DATASET.NUM_DIMS", String.valueOf(views), "MODEL.NUM_CLASSES", "2",
                "MODEL.SPEC.NUM_STAGES", "2", "MODEL.SPEC.PATCH_SIZE", "[3, 3]", "MODEL.SPEC.PATCH_STRIDE", "[2, 2]",
                "MODEL.SPEC.PATCH_PADDING", "[1, 1]", "MODEL.SPEC.DIM_EMBED", "[8, 16]", "MODEL.SPEC.NUM_HEADS", "[1, 2]",
                "MODEL.SPEC.DEPTH", "[1, 2]", "MODEL.SPEC.MLP_RATIO", "[2.0, 2.0]", "MODEL.SPEC.ATTN_DROP_RATE", "[0.0, 0.1]",
                "MODEL.SPEC.DROP_RATE", "[0.0, 0.1]", "MODEL.SPEC.DROP_PATH_RATE", "[0.0, 0.1]",
                "MODEL.SPEC.QKV_BIAS", "[true, true]", "MODEL.SPEC.CLS_TOKEN", "[false, true]",
                "MODEL.SPEC.POS_EMBED", "[true, false]",
                "MODEL.SPEC.QKV_PROJ_METHOD", "[" + projection + ", " + projection + "]", "MODEL.SPEC.KERNEL_QKV", "[3, 3]",
                "MODEL.SPEC.PADDING_KV", "[1, 1]", "MODEL.SPEC.STRIDE_KV", "[2, 2]", "MODEL.SPEC.PADDING_Q", "[1, 1]",
                "MODEL.SPEC.STRIDE_Q", "[1, 1]"));
        overrides.addAll(List.of(more));
        return ClassifierSpec.from(ConfigLoader.defaults(overrides));
    }

    static Trainer trainer(Model model, Shape input) {
        // the optimizer training uses
        Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(new DecoupledAdamW(1e-3f, 0.01f, java.util.Set.of()))
                .optDevices(new Device[] {Device.cpu()}));
        trainer.initialize(input);
        return trainer;
    }

    /** One training step; returns the loss. {@code afterBackward} sees the gradients before the update clears them. */
    static float step(Trainer trainer, NDList batch, Runnable afterBackward) {
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDArray prediction = trainer.forward(new NDList(batch.get(0))).head();
            NDArray loss = trainer.getLoss().evaluate(new NDList(batch.get(1)), new NDList(prediction));
            Gradients.zero(trainer.getModel().getBlock().getParameters().values());
            collector.backward(loss);
            float value = loss.getFloat();
            afterBackward.run();
            trainer.step();
            return value;
        }
    }
}
