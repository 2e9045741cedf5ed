package dev.cider.eval;

import dev.cider.ProjectPaths;
import dev.cider.data.Labels;
import dev.cider.util.Npz;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Exact equality with the reference's metrics on ../shared/oracle/metrics_cases.npz (skipped when absent). */
class MetricsOracleTest {
    private static Npz npz;

    @BeforeAll
    static void load() {
        Optional<Path> f = ProjectPaths.sharedFile("oracle/metrics_cases.npz");
        assumeTrue(f.isPresent(), "../shared/oracle/metrics_cases.npz not available");
        npz = Npz.read(f.get());
    }

    static float[][] matrix(String key) {
        var a = npz.get(key);
        int[] s = a.intShape();
        float[] flat = a.floats();
        float[][] m = new float[s[0]][s[1]];
        for (int i = 0; i < s[0]; i++) {
            System.arraycopy(flat, i * s[1], m[i], 0, s[1]);
        }
        return m;
    }

    @Test
    void tauGridIsNumpyArange() {
        assertArrayEquals(npz.get("in/tau_grid").doubles(), Metrics.tauGrid());
        assertEquals(0.30000000000000004, Metrics.tauGrid()[3]);
    }

    @Test
    void everyCaseEveryMetricMatchesExactly() {
        Map<String, Labels.Task> cases = Map.of(
                "b0_random", Labels.Task.BINARY, "b1_biased", Labels.Task.BINARY,
                "b2_ties", Labels.Task.BINARY, "b3_no_neutral", Labels.Task.BINARY,
                "s0_random", Labels.Task.SEVEN, "s1_biased", Labels.Task.SEVEN, "s2_ties", Labels.Task.SEVEN);
        int checked = 0;
        for (var e : cases.entrySet()) {
            String c = e.getKey();
            float[][] pred = matrix("in/" + c + "/pred");
            float[][] cf = matrix("in/" + c + "/cf_pred");
            int[] labels = npz.get("in/" + c + "/labels").ints();
            Map<Metric, Metrics.Sweep> sweeps = Metrics.sweepAll(e.getValue(), pred, cf, labels);
            for (Metric m : Metric.forTask(e.getValue())) {
                String k = "out/" + c + "/" + m.referenceName();
                Metrics.Sweep s = sweeps.get(m);
                assertArrayEquals(npz.get(k + "_curve").doubles(), s.curve(), 0.0, k + "_curve");
                assertEquals(npz.get(k).scalar(), s.best(), 0.0, k);
                assertEquals((int) npz.get(k + "_best_tau_index").longs()[0], s.bestTauIndex(), k + " best index");
                assertEquals(npz.get(k + "_best_tau").scalar(), s.bestTau(), 0.0, k + " best tau");
                // fixed-tau evaluation at the best tau reproduces the maximum
                double at = Metrics.evaluateAt(e.getValue(), s.bestTau(), pred, cf, labels).get(m);
                assertEquals(s.best(), at, 0.0, k + " evaluateAt(best tau)");
                checked++;
            }
        }
        assertEquals(4 * 6 + 3 * 2, checked);
    }

    @Test
    void ndArrayPathEqualsArrayPath() {
        try (ai.djl.ndarray.NDManager nd = ai.djl.ndarray.NDManager.newBaseManager()) {
            float[][] pred = matrix("in/b1_biased/pred");
            float[][] cf = matrix("in/b1_biased/cf_pred");
            int[] labels = npz.get("in/b1_biased/labels").ints();
            var a = nd.create(npz.get("in/b1_biased/pred").floats(), new ai.djl.ndarray.types.Shape(pred.length, 3));
            var b = nd.create(npz.get("in/b1_biased/cf_pred").floats(), new ai.djl.ndarray.types.Shape(cf.length, 3));
            var viaNd = Metrics.sweepAll(Labels.Task.BINARY, a, b, labels);
            var viaArr = Metrics.sweepAll(Labels.Task.BINARY, pred, cf, labels);
            for (Metric m : Metric.forTask(Labels.Task.BINARY)) {
                assertArrayEquals(viaArr.get(m).curve(), viaNd.get(m).curve(), 0.0, m.referenceName());
            }
            // AUILC per metric over per-rate results equals Auilc.of on the collected values
            double[] rates = Auilc.standardRates();
            java.util.List<Map<Metric, Double>> perRate = new java.util.ArrayList<>();
            for (int i = 0; i < rates.length; i++) {
                perRate.add(Metrics.evaluateAt(Labels.Task.BINARY, Metrics.tauGrid()[i], pred, cf, labels));
            }
            var au = Auilc.perMetric(rates, perRate);
            double[] v = new double[rates.length];
            for (int i = 0; i < rates.length; i++) v[i] = perRate.get(i).get(Metric.NON0_ACC_2);
            assertEquals(Auilc.of(rates, v), au.get(Metric.NON0_ACC_2), 0.0);
        }
    }

    @Test
    void auilcMatchesExactly() {
        double[] rates = npz.get("in/auilc/missing_rates").doubles();
        assertArrayEquals(rates, Auilc.standardRates(), 0.0);
        for (String name : List.of("decreasing", "random", "constant")) {
            double[] m = npz.get("in/auilc/" + name + "/metric").doubles();
            assertEquals(npz.get("out/auilc/" + name).scalar(), Auilc.of(rates, m), 0.0, name);
            assertEquals(npz.get("out/auilc/" + name).scalar(), Auilc.of(m), 0.0, name);
        }
    }

    @Test
    void labelMappingMatches() {
        float[] y = npz.get("in/label7/regression").floats();
        long[] c7 = npz.get("out/label7/class").longs();
        long[] c3 = npz.get("out/label3_cross/class").longs();
        for (int i = 0; i < y.length; i++) {
            assertEquals(c7[i], Labels.label7(y[i]), "label7 of " + y[i]);
            assertEquals(c3[i], Labels.label3FromScore(y[i]), "label3 of " + y[i]);
        }
    }
}
