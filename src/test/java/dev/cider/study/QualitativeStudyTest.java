package dev.cider.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cider.Scale;
import dev.cider.data.DatasetDims;
import dev.cider.data.MultimodalData;
import dev.cider.data.Sample;
import dev.cider.data.SyntheticCider;
import dev.cider.eval.Manifest;
import dev.cider.eval.Metric;
import dev.cider.eval.ResultsWriter;
import dev.cider.text.BertTokenizer;
import dev.cider.train.EmbeddingFeatures;
import dev.cider.train.Evaluator;
import dev.cider.train.TextFeatures;
import dev.cider.train.TrainConfig;
import dev.cider.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** Fig. 8 and Fig. 9 pieces on hand-made inputs, and the whole study at a tiny size (SYNTHETIC data). */
class QualitativeStudyTest {
    static final DatasetDims TINY = new DatasetDims("tiny", 24, 40, 40, 16, 5, 20, false);

    @TempDir
    Path tmp;

    @Test
    void knnSeparationCountsLeaveOneOutMajorityAndIgnoresNeutral() {
        // two tight clusters: negatives near 0, positives near 10; one positive sits among the negatives
        float[][] z = {{0f}, {0.1f}, {0.2f}, {10f}, {10.1f}, {0.15f}, {5f}};
        int[] y = {0, 0, 0, 2, 2, 2, 1};
        // k = 1: 0 -> 0.1 (neg) right; 1 and 2 -> 0.15 (pos) wrong; 3, 4 -> each other, right; the stray
        // positive 5 -> 0.1 or 0.2 (neg) wrong. Right: 3 of 6.
        assertEquals(3.0 / 6, QualitativeStudy.knnSeparation(z, y, 1), 1e-12);
        // k = 3: 0 -> {0.1 n, 0.15 p, 0.2 n} neg, right; 1 -> {0.15 p, 0 n, 0.2 n} right; 2 -> {0.15 p, 0.1 n, 0 n}
        // right; 3 -> {10.1 p, 0.2 n, 0.15 p} pos, right; 4 likewise right; 5 -> {0.1, 0.2, 0} all neg, wrong.
        assertEquals(5.0 / 6, QualitativeStudy.knnSeparation(z, y, 3), 1e-12);
        assertTrue(Double.isNaN(QualitativeStudy.knnSeparation(new float[][] {{0f}, {1f}}, new int[] {0, 2}, 3)));
    }

    @Test
    void tsneIsSeededAndRejectsBadInput() {
        float[][] z = new float[30][6];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < z.length; i++) {
            for (int k = 0; k < 6; k++) {
                z[i][k] = (float) (r.nextGaussian() + (i % 2) * 4);
            }
        }
        double[][] a = QualitativeStudy.tsne(z, 5, 200, 11);
        double[][] b = QualitativeStudy.tsne(z, 5, 200, 11);
        assertEquals(30, a.length);
        assertEquals(2, a[0].length);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], 0.0);
            assertTrue(Double.isFinite(a[i][0]) && Double.isFinite(a[i][1]));
        }
        z[3][2] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> QualitativeStudy.tsne(z, 5, 100, 1));
        assertThrows(IllegalArgumentException.class, () -> QualitativeStudy.tsne(new float[3][2], 5, 100, 1));
    }

    @Test
    void softmaxAndPickExamplePreferACorrectedNonNeutralSample() {
        double[] p = QualitativeStudy.softmax(new double[] {Math.log(0.2), Math.log(0.3), Math.log(0.5)});
        assertArrayEquals(new double[] {0.2, 0.3, 0.5}, p, 1e-12);
        Sample s = SyntheticCider.builder().setSeed(1).optDims(TINY).optSizes(3, 1, 1).build().iid().split("train").get(0);
        double[] neg = {0.8, 0.1, 0.1};
        double[] pos = {0.1, 0.1, 0.8};
        var neutral = new QualitativeStudy.Correction(s, 1, 1.0, neg, neg, neg, pos, List.of());
        var improves = new QualitativeStudy.Correction(s, 2, 1.0, neg, neg, neg, new double[] {0.5, 0.1, 0.4}, List.of());
        var corrects = new QualitativeStudy.Correction(s, 2, 1.0, neg, neg, neg, new double[] {0.3, 0.3, 0.4}, List.of());
        assertTrue(corrects.corrects());
        assertFalse(improves.corrects());
        assertSame(corrects, QualitativeStudy.pickExample(List.of(neutral, improves, corrects)));
        assertSame(improves, QualitativeStudy.pickExample(List.of(neutral, improves)));
        assertThrows(IllegalArgumentException.class, () -> QualitativeStudy.pickExample(List.of(neutral)));
        Table summary = QualitativeStudy.correctionSummary(List.of(neutral, improves, corrects));
        assertEquals(5, summary.rowCount());
        assertEquals(1, summary.intColumn("samples").get(2)); // corrected argmax right: only "corrects"
        assertEquals(1, summary.intColumn("samples").get(3));
    }

    @Test
    void scalesAndTheWithoutDistillationConfig() {
        TextFeatures text = EmbeddingFeatures.random(1, 768);
        QualitativeStudy.Settings smoke = QualitativeStudy.settings(Scale.SMOKE);
        assertArrayEquals(QualitativeStudy.FIG8_RATES, smoke.rates());
        assertTrue(smoke.train() < QualitativeStudy.settings(Scale.QUICK).train());
        TrainConfig with = QualitativeStudy.config(smoke, text, true);
        TrainConfig without = QualitativeStudy.config(smoke, text, false);
        assertEquals(TrainConfig.defaults().reconWeight, with.reconWeight);
        assertEquals(0.0, without.jointRepWeight + without.attnWeight + without.reconWeight);
        assertEquals(with.lr, without.lr);
    }

    @Test
    void tinyStudyGivesFiniteMapsAndCorrectionsAndWritesFiles() throws Exception {
        MultimodalData data = SyntheticCider.builder().setSeed(5).optDims(TINY).optSizes(20, 10, 16).build().iidAndOod();
        TextFeatures text = EmbeddingFeatures.random(5, TINY.textDim());
        QualitativeStudy.Settings s = new QualitativeStudy.Settings(Scale.SMOKE, 20, 10, 16, 1, 8,
                new double[] {0.1, 0.5}, 5, 4, 150, 3);
        List<List<QualitativeStudy.Embedding>> maps = new ArrayList<>();
        Map<String, Evaluator.Grid> grids = new LinkedHashMap<>();
        QualitativeStudy.Correction example = null;
        TrainConfig withConfig = null;
        BertTokenizer tok = BertTokenizer.load();
        for (boolean sd : new boolean[] {true, false}) {
            TrainConfig c = QualitativeStudy.config(s, text, sd);
            c.layers = 1;
            c.heads = 2;
            c.embedDim = 8;
            withConfig = sd ? c : withConfig;
            try (Trainer t = Trainer.builder().setConfig(c).setData(data).optTextFeatures(text).build()) {
                t.fit();
                List<QualitativeStudy.Embedding> e = QualitativeStudy.embeddings(s, t, data, "test", sd ? "with" : "without");
                assertEquals(2, e.size());
                for (QualitativeStudy.Embedding m : e) {
                    assertEquals(16, m.z().length);
                    assertEquals(3 * 8, m.z()[0].length);
                    assertEquals(16, m.layout().length);
                    for (float[] row : m.z()) {
                        for (float v : row) {
                            assertTrue(Float.isFinite(v));
                        }
                    }
                }
                // z changes with the missing rate (nested RMFM views)
                assertNotEquals(e.get(0).z()[0][0], e.get(1).z()[0][0]);
                maps.add(e);
                double tau = t.evaluator().chooseTau(data.split("valid"), s.seed());
                grids.put(sd ? "with MSSD" : "w/o MSSD", t.evaluator().grid(data, "test", "RMFM", s.rates(), s.seed(),
                        Evaluator.Protocol.CLEAN, tau));
                if (sd) {
                    List<QualitativeStudy.Correction> all = QualitativeStudy.corrections(t, data, "test_ood", 1.0, tok);
                    assertEquals(16, all.size());
                    for (QualitativeStudy.Correction c0 : all) {
                        for (double[] p : List.of(c0.factual(), c0.mcmAdjusted(), c0.counterfactual(), c0.corrected())) {
                            assertEquals(1.0, p[0] + p[1] + p[2], 1e-4);
                        }
                    }
                    example = QualitativeStudy.pickExample(all);
                    assertEquals(3, QualitativeStudy.correctionTable(example).rowCount());
                }
            }
        }
        Table sep = QualitativeStudy.separationTable(maps.get(0), maps.get(1), "SYNTHETIC");
        assertEquals(2, sep.rowCount());
        assertEquals(5, sep.columnCount());
        String old = System.getProperty("cider.results");
        System.setProperty("cider.results", tmp.toString());
        try {
            Map<String, org.knowm.xchart.internal.chartpart.Chart<?, ?>> charts = new LinkedHashMap<>();
            charts.put("fig8-with-mssd-rate0.1", QualitativeStudy.scatter("t", maps.get(0).get(0)));
            charts.put("fig9", QualitativeStudy.correctionChart(example, "SYNTHETIC"));
            Path dir = QualitativeStudy.write(s, data, withConfig, text, maps.get(0), maps.get(1), example, grids, charts,
                    Manifest.start(QualitativeStudy.EXPERIMENT));
            assertTrue(Files.size(dir.resolve("fig8-with-mssd-rate0.1.png")) > 0);
            assertTrue(Files.size(dir.resolve("fig9.png")) > 0);
            assertTrue(Files.isRegularFile(dir.resolve("manifest.json")));
            Table csv = ResultsWriter.read(dir.resolve("results.csv"));
            assertTrue(csv.stringColumn("data_kind").asList().stream().allMatch("synthetic"::equals));
            assertEquals(4 + 9, csv.where(csv.stringColumn("metric").startsWith("knn")
                    .or(csv.stringColumn("metric").startsWith("fig9"))).rowCount());
            assertTrue(csv.stringColumn("metric").asList().contains(Metric.NON0_ACC_2.referenceName()));
        } finally {
            if (old == null) {
                System.clearProperty("cider.results");
            } else {
                System.setProperty("cider.results", old);
            }
        }
    }
}
