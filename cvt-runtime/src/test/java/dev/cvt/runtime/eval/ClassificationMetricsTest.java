package dev.cvt.runtime.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {
    /** Adds {@code count} samples of class {@code truth} predicted as {@code predicted} (scored 1, the rest 0). */
    private static void add(ClassificationMetrics m, int truth, int predicted, int count) {
        for (int i = 0; i < count; i++) {
            float[] scores = new float[3];
            scores[predicted] = 1;
            m.add(truth, scores);
        }
    }

    @Test
    void handMadeConfusionMatrix() {
        // true \ predicted:  a  b  c
        //               a   [5, 1, 0]
        //               b   [2, 3, 1]
        //               c   [0, 0, 4]
        ClassificationMetrics m = new ClassificationMetrics(3);
        add(m, 0, 0, 5);
        add(m, 0, 1, 1);
        add(m, 1, 0, 2);
        add(m, 1, 1, 3);
        add(m, 1, 2, 1);
        add(m, 2, 2, 4);
        assertArrayEquals(new long[] {2, 3, 1}, m.confusion()[1]);
        assertEquals(16, m.samples());
        assertEquals(12.0 / 16, m.top1(), 1e-12);
        assertEquals(5.0 / 7, m.precision(0), 1e-12);
        assertEquals(5.0 / 6, m.recall(0), 1e-12);
        assertEquals(3.0 / 4, m.precision(1), 1e-12);
        assertEquals(3.0 / 6, m.recall(1), 1e-12);
        assertEquals(4.0 / 5, m.precision(2), 1e-12);
        assertEquals(1.0, m.recall(2), 1e-12);
        assertEquals(2 * (5.0 / 7) * (5.0 / 6) / (5.0 / 7 + 5.0 / 6), m.f1(0), 1e-12);
        assertEquals((5.0 / 6 + 0.5 + 1.0) / 3, m.balancedAccuracy(), 1e-12);
        double f1b = 2 * 0.75 * 0.5 / 1.25;
        double f1c = 2 * 0.8 / 1.8;
        assertEquals((m.f1(0) + f1b + f1c) / 3, m.macroF1(), 1e-12);
    }

    @Test
    void majorityClassPredictorOnImbalancedData() {
        // the original's first epoch: 89 curl + 5 lateral raise, everything predicted as curl
        ClassificationMetrics m = new ClassificationMetrics(2);
        for (int i = 0; i < 89; i++) {
            m.add(0, new float[] {0.9f, 0.1f});
        }
        for (int i = 0; i < 5; i++) {
            m.add(1, new float[] {0.9f, 0.1f});
        }
        assertEquals(0.9468, m.top1(), 1e-4); // the 94.68 % the original reported
        assertEquals(0.5, m.balancedAccuracy(), 1e-12); // what it was worth
        assertEquals(0, m.recall(1), 0);
        assertEquals(0, m.precision(1), 0, "no predictions of the class: 0, not NaN");
        assertEquals((2 * 89.0 / 94 / (1 + 89.0 / 94) + 0) / 2, m.macroF1(), 1e-12);
    }

    @Test
    void topKCountsTheTrueClassWithinTheKBestAndCapsK() {
        ClassificationMetrics m = new ClassificationMetrics(3);
        m.add(0, new float[] {0.2f, 0.5f, 0.3f}); // true class ranked third
        m.add(1, new float[] {0.2f, 0.5f, 0.3f}); // first
        m.add(2, new float[] {0.2f, 0.5f, 0.3f}); // second
        m.add(2, new float[] {0.5f, 0.5f, 0.0f}); // third
        assertEquals(0.25, m.top1(), 1e-12);
        assertEquals(0.5, m.topK(2), 1e-12);
        assertEquals(1.0, m.topK(5), 1e-12, "top-5 of 3 classes is top-3");
    }

    @Test
    void tiesGoToTheLowerClassLikeArgmax() {
        ClassificationMetrics m = new ClassificationMetrics(2);
        m.add(1, new float[] {0.5f, 0.5f});
        assertEquals(0.0, m.top1());
        assertEquals(1, m.confusion()[1][0]);
    }

    @Test
    void nanScoresAreMissesNotHits() {
        // NaN compares false with everything: counted naively, a NaN sample ranks its truth first
        ClassificationMetrics m = new ClassificationMetrics(3);
        m.add(0, new float[] {Float.NaN, Float.NaN, Float.NaN});
        m.add(1, new float[] {0.2f, Float.NaN, 0.1f});
        m.add(2, new float[] {0.1f, Float.POSITIVE_INFINITY, 0.7f});
        add(m, 0, 0, 1);
        assertEquals(4, m.samples());
        assertEquals(3, m.nonFiniteSamples());
        assertEquals(0.25, m.top1(), 1e-12);
        assertEquals(0.25, m.topK(5), 1e-12, "not even within the top 5 of 3");
        assertEquals(2, m.support(0));
        assertEquals(0.5, m.recall(0), 1e-12);
        assertEquals(0.0, m.recall(1), 1e-12);
        assertEquals((0.5 + 0 + 0) / 3, m.balancedAccuracy(), 1e-12);
        assertEquals(1, java.util.Arrays.stream(m.confusion()).flatMapToLong(java.util.Arrays::stream).sum(),
                "only the finite sample has a cell");
    }
}
