package dev.cvt.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.cvt.runtime.train.DecoupledAdamW;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A backbone's training test: a few AdamW steps on {@link ToyData}, which every trainable parameter must take part in. */
public final class ToyTraining {
    private ToyTraining() {
    }

    /**
     * Trains {@code block} for {@code steps} steps and asserts that every trainable parameter got a non-zero gradient
     * at some step, that the loss of the last five steps is under half that of the first five, and that the steps leave
     * no arrays with the model's manager. With several heads
     * (a distillation head beside the class head) each learns the labels and the loss is their mean, as in TrainStep.
     */
    public static void assertLearns(MultiViewClassifier block, Shape input, int steps) {
        try (Model model = Model.newInstance("toy-training")) {
            model.setBlock(block);
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(new DecoupledAdamW(1e-3f, 0.01f, Set.of())).optDevices(new Device[] {Device.cpu()}))) {
                trainer.initialize(input);
                Set<String> reached = new HashSet<>();
                float first = 0;
                float last = 0;
                int heldAfterFirstStep = 0;
                for (int step = 0; step < steps; step++) {
                    try (NDManager batchManager = trainer.getManager().newSubManager()) {
                        NDList batch = ToyData.batch(batchManager, input);
                        float loss;
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDList outputs = trainer.forward(new NDList(batch.get(0)));
                            NDArray value = null;
                            for (NDArray output : outputs) {
                                NDArray headLoss = trainer.getLoss().evaluate(new NDList(batch.get(1)), new NDList(output));
                                value = value == null ? headLoss : value.add(headLoss);
                            }
                            Gradients.zero(block.getParameters().values());
                            collector.backward(value);
                            loss = value.getFloat() / outputs.size();
                        }
                        for (var p : block.getParameters()) {
                            if (!reached.contains(p.getKey()) && p.getValue().requiresGradient()
                                    && p.getValue().getArray().getGradient().abs().sum().getFloat() > 0) {
                                reached.add(p.getKey());
                            }
                        }
                        trainer.step();
                        first = step < 5 ? first + loss / 5 : first;
                        last = step >= steps - 5 ? last + loss / 5 : last;
                    }
                    if (step == 0) {
                        heldAfterFirstStep = model.getNDManager().getManagedArrays().size();
                    }
                }
                // what a step makes belongs to the step: an array left with the model's manager is kept as long as the
                // model, a leak per step (UniRepLKNet's GRN once grew training by 450 MB a step this way)
                assertEquals(heldAfterFirstStep, model.getNDManager().getManagedArrays().size(),
                        "arrays held by the model's manager after the first and the last step");
                List<String> missed = block.getParameters().stream()
                        .filter(p -> p.getValue().requiresGradient() && !reached.contains(p.getKey())).map(p -> p.getKey()).toList();
                assertEquals(List.of(), missed, "parameters that never got a gradient");
                assertTrue(last < first * 0.5, "loss " + first + " -> " + last);
            }
        }
    }
}
