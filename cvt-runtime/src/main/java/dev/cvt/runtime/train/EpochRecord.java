package dev.cvt.runtime.train;

import dev.cvt.runtime.eval.Scores;

/**
 * One line of {@code metrics.jsonl}: an epoch's learning rate, training loss and top-1 (against the
 * dominant Mixup target), the validation scores of the raw weights ({@code val_*}) and of the EMA
 * weights ({@code ema_val_*}, NaN without an EMA), throughput and wall time. Accuracies in percent;
 * scores are NaN (written as null) for an epoch before {@code TRAIN.EVAL_BEGIN_EPOCH}.
 */
public record EpochRecord(int epoch, double lr, double trainLoss, double trainTop1,
                          double valLoss, double valTop1, double valTop5, double valBalancedAccuracy, double valMacroF1,
                          double emaValLoss, double emaValTop1, double emaValTop5, double emaValBalancedAccuracy,
                          double emaValMacroF1, double samplesPerS, double seconds) {
    /** The prefix of the raw weights' scores, {@code val_}; see {@link #scores(String)}. */
    public static final String RAW = "val";
    /** The prefix of the EMA weights' scores, {@code ema_val_}. */
    public static final String EMA = "ema_val";

    static EpochRecord of(int epoch, double lr, double trainLoss, double trainTop1, Scores val, Scores emaVal,
                          double samplesPerS, double seconds) {
        return new EpochRecord(epoch, lr, trainLoss, trainTop1, val.loss(), val.top1(), val.top5(), val.balancedAccuracy(),
                val.macroF1(), emaVal.loss(), emaVal.top1(), emaVal.top5(), emaVal.balancedAccuracy(), emaVal.macroF1(),
                samplesPerS, seconds);
    }

    public Scores val() {
        return new Scores(valLoss, valTop1, valTop5, valBalancedAccuracy, valMacroF1);
    }

    public Scores emaVal() {
        return new Scores(emaValLoss, emaValTop1, emaValTop5, emaValBalancedAccuracy, emaValMacroF1);
    }

    /** The scores of {@link #RAW} or {@link #EMA} weights, as {@link RunRecord#bestScores()} names them. */
    public Scores scores(String prefix) {
        return EMA.equals(prefix) ? emaVal() : val();
    }
}
