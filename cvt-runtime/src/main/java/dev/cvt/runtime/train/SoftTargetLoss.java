package dev.cvt.runtime.train;

import ai.djl.ndarray.NDArray;

/**
 * Cross-entropy against soft targets, {@code −Σ t·log softmax(x)} per sample (timm's
 * SoftTargetCrossEntropy; with smoothed one-hot targets it equals the original's
 * LabelSmoothingCrossEntropy). Optional class weights weigh each sample by its target's classes and
 * normalise by the total weight, as {@code torch.nn.CrossEntropyLoss(weight=…)} does.
 */
public final class SoftTargetLoss {
    private SoftTargetLoss() {
    }

    /**
     * @param logits       {@code [B, classes]}
     * @param targets      {@code [B, classes]}, rows summing to 1
     * @param classWeights {@code [classes]}, or null for none
     */
    public static NDArray of(NDArray logits, NDArray targets, NDArray classWeights) {
        NDArray perSample = logits.logSoftmax(1).mul(targets).sum(new int[] {1}).neg();
        if (classWeights == null) {
            return perSample.mean();
        }
        NDArray weights = targets.mul(classWeights).sum(new int[] {1});
        return perSample.mul(weights).sum().div(weights.sum());
    }
}
