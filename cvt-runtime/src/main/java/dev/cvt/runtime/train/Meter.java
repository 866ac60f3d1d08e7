package dev.cvt.runtime.train;

/**
 * The times of an epoch's training batches, and the original's progress line with the number of
 * epochs and the time left ({@code => Epoch[e/E][i/n]: Time … Speed … Data … Loss … Accuracy@1 … Accuracy@5 … ETA …});
 * the loss and accuracies come from the {@link DeviceTally} read for the line.
 */
final class Meter {
    private double timeSum;
    private double dataSum;
    private int batches;
    private double lastTime;
    private double lastData;

    void add(double batchTime, double dataTime) {
        timeSum += batchTime;
        dataSum += dataTime;
        batches++;
        lastTime = batchTime;
        lastData = dataTime;
    }

    /**
     * @param epoch the epoch, counted from 0 as everywhere in the run's logs and files
     * @param endEpoch TRAIN.END_EPOCH: the run's last epoch is {@code endEpoch - 1}
     * @param iteration the batch just done, counted from 0, of {@code total}
     */
    String line(DeviceTally.Totals t, int epoch, int endEpoch, int iteration, int total) {
        // estimates from this epoch's mean batch time; validation, which follows each epoch, is not counted
        double epochLeft = timeSum / batches * (total - iteration - 1);
        double runLeft = epochLeft + timeSum / batches * total * (endEpoch - epoch - 1);
        return String.format("=> Epoch[%d/%d][%d/%d]: Time %.3fs (%.3fs)\tSpeed %.1f samples/s\tData %.3fs (%.3fs)\t"
                        + "Loss %.5f (%.5f)\tAccuracy@1 %.3f (%.3f)\tAccuracy@5 %.3f (%.3f)\tETA epoch %s, run %s",
                epoch, endEpoch, iteration, total, lastTime, timeSum / batches, t.lastSize() / lastTime, lastData, dataSum / batches,
                t.lastLoss(), t.loss(), t.lastTop1(), t.top1(), t.lastTop5(), t.top5(), duration(epochLeft), duration(runLeft));
    }

    /** {@code h:mm:ss}. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        return String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
