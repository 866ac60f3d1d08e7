package dev.cvt.runtime.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.model.Gradients;
import dev.cvt.runtime.model.ScalarOps;
import java.util.List;

/**
 * One optimisation step, all of it on the model's device: the forward pass (in float16 when a
 * {@link LossScaler} is given, see {@link HalfPrecisionWeights}), the soft-target loss in float32 (the
 * mean over the heads of a model with a distillation head),
 * backward, the gradients' global norm, clipping ({@code TRAIN.CLIP_GRAD_NORM}), the optimizer's update
 * of every parameter (of the float32 masters in float16 training), the EMA; the loss and hits go to the
 * epoch's {@link DeviceTally}.
 *
 * <p>In float32 nothing is read back to the host. In float16 one number is, whether the gradients are
 * finite, which decides whether the update is applied: PyTorch's {@code GradScaler.step} reads it too.
 */
public final class TrainStep {
    private final Block block;
    private final List<Parameter> trained;
    private final ScheduledOptimizer optimizer;
    private final double clipNorm;
    private final ModelEma ema;
    private final NDArray classWeights;
    private final LossScaler scaler;
    private final HalfPrecisionWeights half;
    private final HostReads reads;

    /**
     * @param clipNorm     the limit of the gradients' global norm; 0 for none
     * @param ema          null for none
     * @param classWeights the loss's class weights {@code [classes]} on the model's device, or null
     * @param scaler       null: float32; else float16 with this loss scaler
     */
    public TrainStep(Block block, ScheduledOptimizer optimizer, double clipNorm, ModelEma ema, NDArray classWeights,
                     LossScaler scaler, HostReads reads) {
        this.block = block;
        this.trained = block.getParameters().values().stream().filter(Parameter::requiresGradient).toList();
        this.optimizer = optimizer;
        this.clipNorm = clipNorm;
        this.ema = ema;
        this.classWeights = classWeights;
        this.scaler = scaler;
        this.half = scaler == null ? null : new HalfPrecisionWeights(block);
        this.reads = reads;
    }

    /**
     * The step of {@code bench} and {@code device-check}: the experiment's optimizer at {@code TRAIN.LR},
     * its clipping, float16 where {@link #halfPrecision} says so; no EMA, no class weights.
     */
    static TrainStep of(ExperimentConfig config, Block block, Device device, HostReads reads) {
        return new TrainStep(block, Optimizers.of(config, block, (float) config.number("TRAIN.LR")),
                config.number("TRAIN.CLIP_GRAD_NORM"), null, null, halfPrecision(config, device) ? new LossScaler() : null, reads);
    }

    /** Whether {@code AMP.ENABLED} trains in float16 on {@code device}: on a GPU only (Training says why). */
    static boolean halfPrecision(ExperimentConfig config, Device device) {
        return config.bool("AMP.ENABLED") && device.isGpu();
    }

    /**
     * @param step    the step's manager; what the step creates is closed with it
     * @param input   the model's input, float32 on the model's device
     * @param targets {@code [B, classes]} soft targets
     * @return false when a float16 step was skipped because its gradients were not finite
     */
    public boolean run(NDManager step, NDArray input, NDArray targets, DeviceTally tally) {
        float lossScale = 1f;
        NDArray x = input;
        if (half != null) {
            half.toHalf();
            lossScale = scaler.scale();
            x = input.toType(HalfPrecisionWeights.HALF, false);
        }
        NDArray logits;
        NDArray loss;
        try (GradientCollector collector = step.getEngine().newGradientCollector()) {
            NDList outputs = block.forward(new ParameterStore(step, false), new NDList(x), true);
            logits = toFloat32(outputs.get(0));
            loss = SoftTargetLoss.of(logits, targets, classWeights);
            if (outputs.size() > 1) {
                // a distillation head: each head learns the labels, the loss and the hits are the heads' mean
                for (NDArray more : outputs.subNDList(1)) {
                    NDArray wide = toFloat32(more);
                    loss = loss.add(SoftTargetLoss.of(wide, targets, classWeights));
                    logits = logits.add(wide);
                }
                loss = ScalarOps.dividedBy(loss, outputs.size());
                logits = ScalarOps.dividedBy(logits, outputs.size());
            }
            Gradients.zero(trained);
            collector.backward(half == null ? loss : ScalarOps.times(loss, lossScale));
        }
        tally.add(loss, logits, targets.argMax(1));
        try (NDArray factor = unscaleAndClip(lossScale)) {
            if (scaler != null && factor == null) {
                return false;
            }
            for (Parameter p : trained) {
                update(p, factor);
            }
        }
        if (ema != null) {
            ema.update(half == null ? Parameter::getArray : half::float32Weight);
        }
        return true;
    }

    /** Puts the float32 weights back into the model after float16 training (for validation, saving). */
    public void restoreFloat32() {
        if (half != null) {
            half.toFloat();
        }
    }

    /**
     * float16 logits to float32, recorded by autograd: a product with a one-element float32 array takes
     * the wider type (DJL's {@code toType} is not differentiable).
     */
    private static NDArray toFloat32(NDArray x) {
        if (x.getDataType() == DataType.FLOAT32) {
            return x;
        }
        try (NDArray one = x.getManager().ones(new Shape(1), DataType.FLOAT32, x.getDevice())) {
            return x.mul(one);
        }
    }

    /**
     * The factor every gradient is multiplied by: {@code 1 / loss scale}, times the clipping factor;
     * null when there is nothing to multiply (float32, no clipping) or, with a scaler, when the gradients
     * are not finite and the step is skipped. The finite check is the step's one read.
     */
    private NDArray unscaleAndClip(float lossScale) {
        if (scaler == null && clipNorm <= 0) {
            return null;
        }
        try (NDArray norm = GradientClipping.globalNorm(trained); NDArray unscaled = ScalarOps.dividedBy(norm, lossScale)) {
            if (scaler != null && !scaler.update(Float.isFinite(reads.floats(unscaled)[0]))) {
                return null;
            }
            try (NDArray clip = clipNorm > 0 ? GradientClipping.factor(unscaled, clipNorm) : ScalarOps.constant(unscaled, 1f)) {
                return ScalarOps.dividedBy(clip, lossScale);
            }
        }
    }

    /** Scales the parameter's gradient by {@code factor} (if any) and applies the optimizer, to the master in float16 training. */
    private void update(Parameter p, NDArray factor) {
        NDArray master = half == null ? null : half.master(p);
        try (NDArray grad = p.getArray().getGradient()) {
            if (master == null) {
                scale(grad, factor);
                optimizer.update(p.getId(), p.getArray(), grad);
                return;
            }
            try (NDArray wide = grad.toType(DataType.FLOAT32, true)) {
                scale(wide, factor);
                optimizer.update(p.getId(), master, wide);
            }
            half.copyToModel(p);
        }
    }

    private static void scale(NDArray gradient, NDArray factor) {
        if (factor != null) {
            gradient.muli(factor);
        }
    }
}
