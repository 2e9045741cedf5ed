package dev.cider.eval;

import dev.cider.data.Labels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-computed small cases and bad input (no fixtures needed). */
class MetricsTest {
    private static float[][] logp(double[][] p) {
        float[][] out = new float[p.length][];
        for (int i = 0; i < p.length; i++) {
            out[i] = new float[p[i].length];
            for (int k = 0; k < p[i].length; k++) {
                out[i][k] = (float) Math.log(p[i][k]);
            }
        }
        return out;
    }

    @Test
    void weightedF1ByHand() {
        // truth 0,0,1,1 ; pred 0,1,1,1: label 0 P=1 R=1/2 F=2/3; label 1 P=2/3 R=1 F=4/5; weighted (2/3*2 + 4/5*2)/4
        double f = Metrics.weightedF1(new int[] {0, 0, 1, 1}, new int[] {0, 1, 1, 1});
        assertEquals((2.0 / 3 * 2 + 0.8 * 2) / 4, f, 1e-15);
        // a predicted-only label gets weight 0; a never-predicted true label has F1 0
        assertEquals(0.0, Metrics.weightedF1(new int[] {0, 0}, new int[] {2, 2}), 0.0);
        assertEquals(0.75, Metrics.accuracy(new int[] {0, 0, 1, 1}, new int[] {0, 1, 1, 1}), 0.0);
    }

    @Test
    void variantsTreatNeutralAsDocumented() {
        // rows: neg predicted neg, neutral predicted neutral (col 1 largest; col 2 > col 0), pos predicted neutral
        float[][] pred = logp(new double[][] {{0.7, 0.2, 0.1}, {0.1, 0.6, 0.3}, {0.2, 0.5, 0.3}});
        float[][] cf = logp(new double[][] {{1 / 3.0, 1 / 3.0, 1 / 3.0}, {1 / 3.0, 1 / 3.0, 1 / 3.0},
                {1 / 3.0, 1 / 3.0, 1 / 3.0}});
        int[] y = {0, 1, 2};
        var at0 = Metrics.evaluateAt(Labels.Task.BINARY, 0.0, pred, cf, y);
        // Has0: argmax over {0,2}: 0, 2, 2 -> 0,1,1 vs truth 0,1,1 -> all right
        assertEquals(1.0, at0.get(Metric.HAS0_ACC_2), 0.0);
        // Non0: samples 0 and 2 only; predictions 0 and 1 (neutral) vs 0 and 2 -> 1/2
        assertEquals(0.5, at0.get(Metric.NON0_ACC_2), 0.0);
        // Acc_3: 0,1,1 vs 0,1,2 -> 2/3
        assertEquals(2.0 / 3, at0.get(Metric.ACC_3), 0.0);
        assertArrayEquals(new int[] {0, 1, 1}, Metrics.predict(pred, cf, 0.0));
    }

    @Test
    void sweepKeepsFirstBestIndexAndTauShiftsPrediction() {
        // factual prefers neg, counterfactual (bias) prefers neg strongly: subtracting tau*cf flips to pos
        float[][] pred = logp(new double[][] {{0.5, 0.1, 0.4}});
        float[][] cf = logp(new double[][] {{0.8, 0.1, 0.1}});
        Metrics.Sweep s = Metrics.sweep(Metric.NON0_ACC_2, pred, cf, new int[] {2});
        assertEquals(1.0, s.best(), 0.0);
        assertEquals(0.0, s.curve()[0], 0.0);
        // first tau with log .4 - t log .1 > log .5 - t log .8 and > log .1 - t log .1
        int first = -1;
        double[] g = Metrics.tauGrid();
        for (int i = 0; i < g.length && first < 0; i++) {
            if (s.curve()[i] == 1.0) first = i;
        }
        assertEquals(first, s.bestTauIndex());
        assertTrue(first > 0);
        assertEquals(g[first], Metrics.chooseTau("Non0_acc_2", pred, cf, new int[] {2}), 0.0);
    }

    @Test
    void badInputIsRejectedClearly() {
        float[][] ok = {{-1f, -1f, -1f}};
        var e = assertThrows(IllegalArgumentException.class, () -> Metric.parse("Acc2"));
        assertTrue(e.getMessage().contains("Non0_acc_2"));
        assertThrows(IllegalArgumentException.class,
                () -> Metrics.evaluate(Metric.ACC_3, new float[][] {{Float.NaN, 0f, 0f}}, ok, new int[] {0}, 0));
        assertThrows(IllegalArgumentException.class,
                () -> Metrics.evaluate(Metric.ACC_3, ok, ok, new int[] {3}, 0));
        assertThrows(IllegalArgumentException.class,
                () -> Metrics.evaluate(Metric.ACC_7, ok, ok, new int[] {0}, 0));
        assertThrows(IllegalArgumentException.class,
                () -> Metrics.evaluate(Metric.ACC_3, ok, ok, new int[] {0, 1}, 0));
        var noNeutral = assertThrows(IllegalArgumentException.class,
                () -> Metrics.evaluate(Metric.NON0_F1_SCORE, ok, ok, new int[] {1}, 0));
        assertTrue(noNeutral.getMessage().contains("non-neutral"));
        assertThrows(IllegalArgumentException.class, () -> Auilc.of(new double[] {0, 0.5}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Auilc.of(new double[] {0.5, 0}, new double[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> Auilc.of(new double[] {0, 1}, new double[] {1, Double.NaN}));
    }

    @Test
    void auilcOfConstantIsTheConstant() {
        double[] v = new double[11];
        java.util.Arrays.fill(v, 0.5);
        assertEquals(0.5, Auilc.of(v), 1e-12);
    }

    @Test
    void cleanProtocolUsesValidationTauForEveryTestMetric() {
        float[][] pred = logp(new double[][] {{0.5, 0.1, 0.4}, {0.3, 0.3, 0.4}});
        float[][] cf = logp(new double[][] {{0.8, 0.1, 0.1}, {0.2, 0.2, 0.6}});
        int[] y = {2, 0};
        Metrics.CleanResult r = Metrics.cleanProtocol(Metric.NON0_ACC_2, pred, cf, new int[] {2, 2}, pred, cf, y);
        Metrics.Sweep valid = Metrics.sweep(Metric.NON0_ACC_2, pred, cf, new int[] {2, 2});
        assertEquals(valid.bestTau(), r.tau(), 0.0);
        assertEquals(valid.bestTauIndex(), r.tauIndex());
        assertEquals(Metrics.evaluateAt(Labels.Task.BINARY, r.tau(), pred, cf, y), r.test());
        assertEquals(6, r.test().size());
    }
}
