package dev.cider.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cider.Scale;
import dev.cider.data.MultimodalData;
import dev.cider.eval.Manifest;
import dev.cider.eval.Metric;
import dev.cider.eval.ResultsWriter;
import dev.cider.model.MctVariant;
import dev.cider.train.EmbeddingFeatures;
import dev.cider.train.Evaluator;
import dev.cider.train.TextFeatures;
import dev.cider.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * Table V rows as config values / builder options, and a tiny end-to-end run (one training, the full
 * model, which also serves the τ = 0 row) with the comparison table, the drop chart and the files.
 */
class AblationStudyTest {

    @Test
    void everyRowIsOneOptionOfTheFullConfiguration() {
        TrainConfig base = TrainConfig.defaults();
        assertEquals(0.0, AblationStudy.Ablation.NO_RECON.config(base).reconWeight);
        assertEquals(base.attnWeight, AblationStudy.Ablation.NO_RECON.config(base).attnWeight);
        assertEquals(0.0, AblationStudy.Ablation.NO_ATTN.config(base).attnWeight);
        assertEquals(0.0, AblationStudy.Ablation.NO_JOINT.config(base).jointRepWeight);
        TrainConfig none = AblationStudy.Ablation.NO_MSSD.config(base);
        assertEquals(0.0, none.reconWeight + none.attnWeight + none.jointRepWeight);
        assertEquals(base, AblationStudy.Ablation.FULL.config(base));
        assertEquals(0.6, base.reconWeight, "the base config is not changed");
        assertEquals(AblationStudy.Ablation.FULL, AblationStudy.Ablation.NO_COUNTERFACTUAL.training());
        assertEquals(AblationStudy.Ablation.NO_MCM, AblationStudy.Ablation.NO_MACI.training());
        assertTrue(AblationStudy.Ablation.NO_MACI.tauZero());
        assertFalse(AblationStudy.Ablation.NO_MCM.tauZero());
        assertEquals(AblationStudy.Ablation.NO_WSAM, AblationStudy.Ablation.parse("w/o WSAM"));
        assertEquals(AblationStudy.Ablation.NO_MCT, AblationStudy.Ablation.parse("no-mct"));
        assertThrows(IllegalArgumentException.class, () -> AblationStudy.Ablation.parse("w/o everything"));
        // every row of the paper's Table V is one of ours, and the other way round
        Table v = dev.cider.eval.PaperNumbers.table("V");
        Set<String> paperRows = dev.cider.eval.PaperNumbers.distinct(v, "variant");
        assertEquals(paperRows.size(), AblationStudy.Ablation.values().length);
        for (AblationStudy.Ablation a : AblationStudy.Ablation.values()) {
            assertTrue(paperRows.contains(a.variant()), a.variant());
        }
    }

    @Test
    void modelOptionsReachTheModel() {
        TrainConfig c = TrainConfig.defaults();
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            var dims = dev.cider.data.DatasetDims.MOSI_UNALIGNED;
            assertFalse(AblationStudy.model(c, dims, AblationStudy.Ablation.NO_MCM, m).usesMcm());
            assertFalse(AblationStudy.model(c, dims, AblationStudy.Ablation.NO_WSAM, m).usesWsam());
            assertEquals(MctVariant.PLAIN, AblationStudy.model(c, dims, AblationStudy.Ablation.NO_MCT, m).mctVariant());
            var full = AblationStudy.model(c, dims, AblationStudy.Ablation.FULL, m);
            assertTrue(full.usesMcm() && full.usesWsam() && full.mctVariant() == MctVariant.COMPOSITE);
            assertEquals(276_566L, full.countParameters(), "the full row is the reference model (spec 6.1)");
        }
    }

    @Test
    void settingsRejectAnAuilcWithoutTwoRatesAndKeepTheFullRow() {
        AblationStudy.Settings s = AblationStudy.settings(Scale.SMOKE);
        // quick: every row except the three single-loss MSSD rows (three more trainings), the full row first
        List<AblationStudy.Ablation> quick = AblationStudy.settings(Scale.QUICK).rows();
        assertEquals(AblationStudy.Ablation.values().length - 3, quick.size());
        assertEquals(AblationStudy.Ablation.FULL, quick.get(0));
        assertFalse(quick.contains(AblationStudy.Ablation.NO_RECON) || quick.contains(AblationStudy.Ablation.NO_ATTN)
                || quick.contains(AblationStudy.Ablation.NO_JOINT));
        assertEquals(AblationStudy.Ablation.values().length, AblationStudy.settings(Scale.FULL).rows().size());
        assertEquals(List.of(AblationStudy.Ablation.FULL, AblationStudy.Ablation.NO_MCT),
                s.withRows(AblationStudy.Ablation.NO_MCT).rows());
        assertThrows(IllegalArgumentException.class, () -> new AblationStudy.Settings(Scale.SMOKE, 8, 4, 4, 1, 4,
                new double[] {0.5}, 1, List.of("binary"), List.of(AblationStudy.Ablation.FULL)));
        assertThrows(IllegalArgumentException.class, () -> new AblationStudy.Settings(Scale.SMOKE, 8, 4, 4, 1, 4,
                new double[] {0, 1}, 1, List.of("binary"), List.of(AblationStudy.Ablation.NO_MCT)));
        assertEquals(11, AblationStudy.settings(Scale.FULL).rates().length);
    }

    @Test
    void tinyRunGivesTheSideBySideTableTheChartAndTheFiles(@TempDir Path tmp) throws java.io.IOException {
        String old = System.getProperty("cider.results");
        System.setProperty("cider.results", tmp.toString());
        try {
            // one training (the full model) serves both rows; the smoke notebook adds the MCM-less training
            AblationStudy.Settings s = AblationStudy.settings(Scale.SMOKE).withRows(AblationStudy.Ablation.NO_COUNTERFACTUAL);
            MultimodalData data = AblationStudy.data(s);
            assertTrue(data.synthetic());
            TextFeatures text = EmbeddingFeatures.random(s.seed(), data.dims().textDim());
            Manifest manifest = Manifest.start(AblationStudy.EXPERIMENT);
            List<AblationStudy.RowResult> results = AblationStudy.run(s, data, text, null);
            assertEquals(2, results.size());
            AblationStudy.RowResult full = AblationStudy.find(results, AblationStudy.Ablation.FULL, "binary");
            AblationStudy.RowResult noCf = AblationStudy.find(results, AblationStudy.Ablation.NO_COUNTERFACTUAL, "binary");
            assertEquals(full.training(), noCf.training(), "the tau = 0 row reuses the full model's run");
            for (AblationStudy.RowResult r : results) {
                assertEquals(4, r.grids().size());
                for (Evaluator.Grid g : r.grids().values()) {
                    assertEquals(s.rates().length, g.points().size());
                    for (Evaluator.Point p : g.points()) {
                        for (var e : p.values().entrySet()) {
                            assertTrue(Double.isFinite(e.getValue()), r.ablation() + " " + e.getKey());
                            if (r.ablation().tauZero()) {
                                assertEquals(0.0, p.taus().get(e.getKey()), "tau fixed at 0 for " + r.ablation());
                            }
                        }
                    }
                }
            }
            // the paper protocol's oracle sweep includes tau = 0, so fixing tau at 0 can only lower each point
            for (String split : List.of("test", "test_ood")) {
                double[] withCf = full.grid(Evaluator.Protocol.PAPER, split).series(Metric.NON0_ACC_2);
                double[] without = noCf.grid(Evaluator.Protocol.PAPER, split).series(Metric.NON0_ACC_2);
                for (int i = 0; i < withCf.length; i++) {
                    assertTrue(without[i] <= withCf[i] + 1e-12, split + " rate " + s.rates()[i]);
                }
            }

            Table t = AblationStudy.comparison(results);
            assertEquals(2 * 2, t.rowCount(), "2 rows x (Acc2, F1)");
            assertEquals(3 + 4 + 1 + 4, t.columnCount());
            for (int i = 0; i < t.rowCount(); i++) {
                for (int c = 2; c < t.columnCount(); c++) {
                    assertTrue(Double.isFinite(t.doubleColumn(c).get(i)), t.column(c).name() + " row " + i);
                }
            }
            assertEquals(0.0, t.doubleColumn("drop paper/test_ood").get(0), 0.0, "the full row drops nothing");
            assertEquals(65.8, t.doubleColumn(AblationStudy.PAPER_COLUMN).get(0), 1e-9, "paper full Acc2 (Table V csv)");
            assertEquals(100 * full.grid(Evaluator.Protocol.CLEAN, "test_ood").auilc().get(Metric.NON0_F1_SCORE),
                    t.doubleColumn("ours clean protocol (synthetic, OOD)").get(1), 0.005 + 1e-12);
            assertEquals("w/o MACI: w/o F.C.T.", t.stringColumn("row").get(2));
            Table v = dev.cider.eval.PaperNumbers.table("V");
            double paperDrop = dev.cider.eval.PaperNumbers.cell(v, "CIDer", "full", "Acc2", Map.of())
                    - dev.cider.eval.PaperNumbers.cell(v, "CIDer", "w/o MACI: w/o F.C.T.", "Acc2", Map.of());
            assertEquals(paperDrop, t.doubleColumn("paper drop").get(2), 0.05 + 1e-12);
            assertEquals(AblationStudy.round(100 * full.grid(Evaluator.Protocol.PAPER, "test").auilc().get(Metric.NON0_ACC_2)
                    - 100 * noCf.grid(Evaluator.Protocol.PAPER, "test").auilc().get(Metric.NON0_ACC_2), 2),
                    t.doubleColumn("drop paper/test").get(2), 1e-9);
            assertTrue(t.doubleColumn("drop paper/test").get(2) >= 0, "the oracle sweep contains tau = 0");
            assertTrue(t.name().contains("SYNTHETIC"));

            var chart = AblationStudy.dropChart(t, "Acc2");
            assertEquals(3, chart.getSeriesMap().size());
            assertEquals(2, AblationStudy.trainingTable(results).rowCount());

            Map<String, org.knowm.xchart.CategoryChart> charts = new LinkedHashMap<>();
            charts.put("drop-acc2", chart);
            Path dir = AblationStudy.write(s, data, text, results, t, charts, manifest);
            assertEquals(tmp.resolve(AblationStudy.EXPERIMENT), dir);
            Table csv = ResultsWriter.read(dir.resolve("results.csv"));
            assertEquals(Set.of("synthetic"), Set.copyOf(csv.stringColumn("data_kind").asList()));
            assertEquals(Set.of("RMFM[full]", "RMFM[no-counterfactual]"), Set.copyOf(csv.stringColumn("pattern").asList()));
            assertTrue(Files.size(dir.resolve("drop-acc2.png")) > 0);
            assertTrue(Files.readString(dir.resolve("table_V_side_by_side.csv")).startsWith("row,metric,\"paper (MOSI, OOD)\""));
            assertTrue(Manifest.read(dir.resolve("manifest.json")).get("data").getAsJsonObject().get("data_kind")
                    .getAsString().equals("synthetic"));
        } finally {
            if (old == null) {
                System.clearProperty("cider.results");
            } else {
                System.setProperty("cider.results", old);
            }
        }
    }
}
