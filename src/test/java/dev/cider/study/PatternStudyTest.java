package dev.cider.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cider.Scale;
import dev.cider.data.Labels;
import dev.cider.data.MultimodalData;
import dev.cider.eval.Manifest;
import dev.cider.eval.Metric;
import dev.cider.eval.PaperNumbers;
import dev.cider.eval.ResultsWriter;
import dev.cider.train.EmbeddingFeatures;
import dev.cider.train.Evaluator;
import dev.cider.train.TextFeatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/** Notebook 08's study at a tiny size: both settings trained once, every table and file. */
class PatternStudyTest {

    @TempDir
    Path tmp;

    static void assertNoNaN(Table t) {
        for (var c : t.columns()) {
            if (c instanceof DoubleColumn d) {
                for (int i = 0; i < d.size(); i++) {
                    assertTrue(Double.isFinite(d.get(i)), t.name() + " column '" + d.name() + "' row " + i + ": " + d.get(i));
                }
            }
        }
    }

    @Test
    void scalesGrowAndFullTrainsBothTasksOnThePaperGrid() {
        PatternStudy.Settings smoke = PatternStudy.settings(Scale.SMOKE);
        PatternStudy.Settings quick = PatternStudy.settings(Scale.QUICK);
        PatternStudy.Settings full = PatternStudy.settings(Scale.FULL);
        assertTrue(smoke.train() < quick.train() && quick.train() < full.train());
        assertEquals(11, full.rates().length);
        assertEquals(List.of(Labels.Task.BINARY, Labels.Task.SEVEN), full.tasks());
        assertThrows(IllegalArgumentException.class, () -> new PatternStudy.Settings(Scale.SMOKE, 4, 4, 4, 1, 4,
                new double[] {0.0}, 1, List.of(Labels.Task.BINARY)));
        assertEquals("XV", PatternStudy.perRateTable("RMFM_same"));
        assertEquals("Traditional RMFM", PatternStudy.paperPattern("RMFM_same"));
        assertEquals(66.7, PatternStudy.percent1(2.0 / 3), 1e-12);
        assertEquals(12.5, PatternStudy.percent1(0.125), 1e-12);
        assertTrue(Double.isNaN(PatternStudy.percent1(Double.NaN)));
        assertThrows(IllegalArgumentException.class, () -> PatternStudy.perRateTable("SMM"));
    }

    @Test
    void bothSettingsGiveSideBySideTablesChartsAndFiles() {
        PatternStudy.Settings s = new PatternStudy.Settings(Scale.SMOKE, 12, 6, 6, 1, 6, new double[] {0.0, 1.0}, 1111,
                List.of(Labels.Task.BINARY));
        TextFeatures text = EmbeddingFeatures.random(7, 768);
        MultimodalData ua = PatternStudy.data(s, PatternStudy.Setting.UNALIGNED);
        MultimodalData al = PatternStudy.data(s, PatternStudy.Setting.ALIGNED);
        assertTrue(ua.synthetic() && al.synthetic());
        assertTrue(al.dims().aligned() && !ua.dims().aligned());
        assertThrows(IllegalArgumentException.class, () -> PatternStudy.run(s, PatternStudy.Setting.ALIGNED, ua, text,
                Labels.Task.BINARY, null, null));
        PatternStudy.Run r1 = PatternStudy.run(s, PatternStudy.Setting.UNALIGNED, ua, text, Labels.Task.BINARY, null, null);
        PatternStudy.Run r2 = PatternStudy.run(s, PatternStudy.Setting.ALIGNED, al, text, Labels.Task.BINARY, null, null);
        List<PatternStudy.Run> runs = List.of(r1, r2);
        assertEquals(2, r1.grid("RMM", Evaluator.Protocol.CLEAN).points().size());
        assertEquals(7, r1.smmPaper().points().size());
        assertEquals(6, r1.grids().size(), "2 patterns x 2 protocols + 2 SMM grids");
        assertTrue(r1.cleanTau() >= 0 && r1.cleanTau() <= 3);

        Table viii = PatternStudy.auilcTable(runs);
        assertEquals(4 * 2, viii.rowCount(), "4 patterns x (Acc2, F1)");
        assertNoNaN(viii);
        assertEquals(List.of("Traditional RMFM", "Traditional RMFM", "RMM", "RMM", "TMFM", "TMFM", "STMFM", "STMFM"),
                viii.stringColumn("pattern").asList());
        // the paper column is the transcription's CIDer row; ours is our grid's AUILC in percent
        assertEquals(PaperNumbers.cell(PaperNumbers.table("VIII"), "CIDer", "", "Acc2",
                Map.of("pattern", "TMFM", "alignment", "A")), viii.doubleColumn(4).get(4), 1e-9);
        assertEquals(PatternStudy.percent1(r2.grid("TMFM", Evaluator.Protocol.PAPER).auilc().get(Metric.NON0_ACC_2)),
                viii.doubleColumn(5).get(4), 1e-9);
        assertEquals(100 * r2.grid("TMFM", Evaluator.Protocol.PAPER).auilc().get(Metric.NON0_ACC_2),
                viii.doubleColumn(5).get(4), 0.05 + 1e-9);
        assertTrue(viii.column(5).name().contains("synthetic"), viii.column(5).name());
        assertFalse(viii.column(5).name().contains("(MOSI"), viii.column(5).name());

        Table ix = PatternStudy.smmTable(runs);
        assertEquals(7 * 2, ix.rowCount(), "SMM only in the unaligned setting");
        assertNoNaN(ix);
        assertEquals("X", ix.stringColumn("paper table").get(12), "all kept: complete input, Table X");

        Map<String, Chart<?, ?>> charts = new LinkedHashMap<>();
        charts.put("curves-ua", PatternStudy.curveChart(runs, PatternStudy.Setting.UNALIGNED, Metric.NON0_ACC_2,
                Evaluator.Protocol.PAPER));
        charts.put("curves-a", PatternStudy.curveChart(runs, PatternStudy.Setting.ALIGNED, Metric.NON0_F1_SCORE,
                Evaluator.Protocol.CLEAN));
        charts.put("smm", PatternStudy.smmChart(ix, "Acc2"));
        assertThrows(IllegalArgumentException.class, () -> PatternStudy.curveChart(runs, PatternStudy.Setting.ALIGNED,
                Metric.ACC_7, Evaluator.Protocol.PAPER));

        String old = System.getProperty("cider.results");
        System.setProperty("cider.results", tmp.toString());
        try {
            Path dir = PatternStudy.write(s, runs, text, charts, Manifest.start(PatternStudy.EXPERIMENT).probeEngine(false));
            for (String f : List.of("results.csv", "table_VIII_side_by_side.csv", "table_IX_side_by_side.csv",
                    "manifest.json", "curves-ua.png", "curves-a.png", "smm.png")) {
                assertTrue(Files.isRegularFile(dir.resolve(f)), f);
            }
            Table tidy = ResultsWriter.read(dir.resolve("results.csv"));
            assertTrue(tidy.stringColumn("data_kind").asList().stream().allMatch("synthetic"::equals));
            assertTrue(tidy.stringColumn("dataset").asList().stream().allMatch(d -> d.startsWith("synthetic")));
            assertEquals("synthetic", Manifest.read(dir.resolve("manifest.json")).getAsJsonObject("data")
                    .get("data_kind").getAsString());
        } finally {
            if (old == null) {
                System.clearProperty("cider.results");
            } else {
                System.setProperty("cider.results", old);
            }
        }
    }
}
