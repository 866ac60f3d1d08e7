package dev.cvt.runtime.train;

/**
 * Running averages of an epoch's training batches, and the original's progress line with the number of
 * epochs and the time left ({@code => Epoch[e/E][i/n]: Time … Speed … Data … Loss … Accuracy@1 … Accuracy@5 … ETA …}).
 */
final class Meter {
    private double lossSum;
    private long samples;
    private long hits1;
    private long hits5;
    private double timeSum;
    private double dataSum;
    private int batches;
    private double lastLoss;
    private double lastTop1;
    private double lastTop5;
    private double lastTime;
    private double lastData;
    private int lastSize;

    void add(float loss, int[] truth, float[] scores, int classes, double batchTime, double dataTime) {
        int n = truth.length;
        int h1 = 0;
        int h5 = 0;
        for (int i = 0; i < n; i++) {
            int rank = 0;
            float own = scores[i * classes + truth[i]];
            for (int c = 0; c < classes; c++) {
                float s = scores[i * classes + c];
                if (s > own || (s == own && c < truth[i])) {
                    rank++;
                }
            }
            h1 += rank < 1 ? 1 : 0;
            h5 += rank < 5 ? 1 : 0;
        }
        lossSum += (double) loss * n;
        samples += n;
        hits1 += h1;
        hits5 += h5;
        timeSum += batchTime;
        dataSum += dataTime;
        batches++;
        lastLoss = loss;
        lastTop1 = 100.0 * h1 / n;
        lastTop5 = 100.0 * h5 / n;
        lastTime = batchTime;
        lastData = dataTime;
        lastSize = n;
    }

    double loss() {
        return lossSum / samples;
    }

    /** Percent. */
    double top1() {
        return 100.0 * hits1 / samples;
    }

    double top5() {
        return 100.0 * hits5 / samples;
    }

    long samples() {
        return samples;
    }

    /**
     * @param epoch the epoch, counted from 0 as everywhere in the run's logs and files
     * @param endEpoch TRAIN.END_EPOCH: the run's last epoch is {@code endEpoch - 1}
     * @param iteration the batch just done, counted from 0, of {@code total}
     */
    String line(int epoch, int endEpoch, int iteration, int total) {
        // estimates from this epoch's mean batch time; validation, which follows each epoch, is not counted
        double epochLeft = timeSum / batches * (total - iteration - 1);
        double runLeft = epochLeft + timeSum / batches * total * (endEpoch - epoch - 1);
        return String.format("=> Epoch[%d/%d][%d/%d]: Time %.3fs (%.3fs)\tSpeed %.1f samples/s\tData %.3fs (%.3fs)\t"
                        + "Loss %.5f (%.5f)\tAccuracy@1 %.3f (%.3f)\tAccuracy@5 %.3f (%.3f)\tETA epoch %s, run %s",
                epoch, endEpoch, iteration, total, lastTime, timeSum / batches, lastSize / lastTime, lastData, dataSum / batches,
                lastLoss, loss(), lastTop1, top1(), lastTop5, top5(), duration(epochLeft), duration(runLeft));
    }

    /** {@code h:mm:ss}. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        return String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
