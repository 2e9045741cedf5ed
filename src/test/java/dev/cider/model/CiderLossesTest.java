package dev.cider.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** The hand-written losses on small cases computed independently in double precision. */
class CiderLossesTest {

    @Test
    void nllPicksTheLabelLogProbability() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] lp = {-0.1f, -2.0f, -3.0f, -1.5f, -0.4f, -2.2f};
            NDArray loss = CiderLosses.taskNll(m.create(lp, new Shape(2, 3)), m.create(new long[] {2, 1}));
            assertEquals(-(lp[2] + lp[4]) / 2.0, loss.getFloat(), 1e-6);
        }
    }

    @Test
    void cosineLossIsOneMinusMeanCosine() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] a = {1, 2, 3, -1, 0, 2};
            float[] b = {2, 1, 0, -1, 1, 1};
            double expected = 0;
            for (int r = 0; r < 2; r++) {
                double dot = 0, na = 0, nb = 0;
                for (int i = 0; i < 3; i++) {
                    dot += a[3 * r + i] * b[3 * r + i];
                    na += a[3 * r + i] * a[3 * r + i];
                    nb += b[3 * r + i] * b[3 * r + i];
                }
                expected += dot / Math.sqrt(na) / Math.sqrt(nb) / 2;
            }
            NDArray loss = CiderLosses.jointRepCosine(m.create(a, new Shape(2, 3)), m.create(b, new Shape(2, 3)));
            assertEquals(1 - expected, loss.getFloat(), 1e-6);
        }
    }

    @Test
    void attentionKlIsBatchMeanOverRows() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] s = {0.5f, -1f, 2f, 0f, 1f, 1f, 3f, 0f, -2f, 1f, 0.5f, 0.25f};
            float[] t = {1f, 0f, 0f, 2f, -1f, 0.5f, 0f, 0f, 1f, -0.5f, 2f, 1f};
            // shape (B·H = 2, N = 2, N = 3)
            double sum = 0;
            for (int row = 0; row < 4; row++) {
                double[] ps = softmax(s, row * 3);
                double[] pt = softmax(t, row * 3);
                for (int k = 0; k < 3; k++) {
                    sum += pt[k] * (Math.log(pt[k]) - Math.log(ps[k]));
                }
            }
            NDArray kl = CiderLosses.attentionKl(m.create(s, new Shape(2, 2, 3)), m.create(t, new Shape(2, 2, 3)));
            assertEquals(sum / 2, kl.getFloat(), 1e-6);
        }
    }

    private static double[] softmax(float[] x, int off) {
        double max = Math.max(x[off], Math.max(x[off + 1], x[off + 2]));
        double[] e = new double[3];
        double z = 0;
        for (int i = 0; i < 3; i++) {
            e[i] = Math.exp(x[off + i] - max);
            z += e[i];
        }
        for (int i = 0; i < 3; i++) {
            e[i] /= z;
        }
        return e;
    }

    @Test
    void reconstructionAveragesSmoothL1OverDroppedPositionsOnly() {
        try (NDManager m = NDManager.newBaseManager()) {
            // (B=1, T=3, d=2); positions 0 and 2 dropped, position 1 kept (ignored even though it differs)
            float[] pred = {0.2f, 3.0f, 9f, 9f, -0.5f, -1.5f};
            float[] target = {0f, 0f, 0f, 0f, 0f, 0f};
            float[] dropped = {1, 0, 1};
            double expected = 0;
            for (int i : new int[] {0, 1, 4, 5}) {
                double d = Math.abs(pred[i] - target[i]);
                expected += d < 1 ? 0.5 * d * d : d - 0.5;
            }
            expected /= 2 * 2 + 1e-6;
            NDArray r = CiderLosses.reconstruction(m.create(pred, new Shape(1, 3, 2)), m.create(target, new Shape(1, 3, 2)),
                    m.create(dropped, new Shape(1, 3)));
            assertEquals(expected, r.getFloat(), 1e-6);
        }
    }

    @Test
    void gradientsSurviveAForcedGcBetweenForwardAndBackward() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] pred = {0.2f, 3.0f, -0.5f, -1.5f};
            NDArray p = m.create(pred, new Shape(1, 2, 2));
            p.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = CiderLosses.reconstruction(p, m.zeros(new Shape(1, 2, 2)), m.ones(new Shape(1, 2)))
                        .add(CiderLosses.jointRepCosine(p.reshape(2, 2), m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2))));
                for (int i = 0; i < 3; i++) {
                    System.gc();
                }
                gc.backward(loss);
            }
            float[] g = p.getGradient().toFloatArray();
            double denom = 4 + 1e-6;
            // d/dx SmoothL1 = x for |x| < 1, sign(x) otherwise; cosine part: d(1 - mean cos)/dx
            double[] smooth = {0.2, 1.0, -0.5, -1.0};
            double[][] rows = {{0.2, 3.0}, {-0.5, -1.5}};
            double[][] refs = {{1, 0}, {0, 1}};
            for (int r = 0; r < 2; r++) {
                double n = Math.hypot(rows[r][0], rows[r][1]);
                double cos = (rows[r][0] * refs[r][0] + rows[r][1] * refs[r][1]) / n;
                for (int k = 0; k < 2; k++) {
                    double dcos = refs[r][k] / n - cos * rows[r][k] / (n * n);
                    double expected = smooth[2 * r + k] / denom - 0.5 * dcos;
                    assertEquals(expected, g[2 * r + k], 1e-5, "gradient " + (2 * r + k));
                }
            }
        }
    }

    @Test
    void negativeWeightsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new CiderLosses.Weights(0.5f, -0.1f, 0.6f));
        assertThrows(IllegalArgumentException.class, () -> new CiderLosses.Weights(Float.NaN, 0.1f, 0.6f));
    }
}
