package dev.cider.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cider.Scale;
import dev.cider.data.Labels;
import dev.cider.data.MultimodalData;
import dev.cider.eval.Manifest;
import dev.cider.eval.PaperNumbers;
import dev.cider.eval.ResultsWriter;
import dev.cider.study.MainResultsStudy.Run;
import dev.cider.study.MainResultsStudy.Setting;
import dev.cider.study.MainResultsStudy.Sizes;
import dev.cider.train.EmbeddingFeatures;
import dev.cider.train.TextFeatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** Notebook 05's library at a tiny size: runs, the paper-vs-ours tables, charts and the files written. */
class MainResultsStudyTest {
    @TempDir
    static Path tmp;
    static MainResultsStudy.Settings settings;
    static TextFeatures text;
    static List<Run> runs;

    @BeforeAll
    static void train() {
        System.setProperty("cider.results", tmp.resolve("results").toString());
        Map<Setting, Sizes> sizes = new LinkedHashMap<>();
        sizes.put(Setting.MOSI_UA, new Sizes(4, 4, 4));
        sizes.put(Setting.MOSI_A, new Sizes(4, 4, 4));
        settings = new MainResultsStudy.Settings(Scale.SMOKE, sizes, List.of(Labels.Task.BINARY, Labels.Task.SEVEN), 1, 4,
                new double[] {0.0, 1.0}, 1111, new long[] {7, 8}, tmp.resolve("ckpt"));
        text = EmbeddingFeatures.random(3, 768);
        runs = MainResultsStudy.runs(settings, text, null);
    }

    @AfterAll
    static void clear() {
        System.clearProperty("cider.results");
    }

    @Test
    void scalesGrowAndFullIsThePapersSetting() {
        MainResultsStudy.Settings smoke = MainResultsStudy.settings(Scale.SMOKE);
        MainResultsStudy.Settings quick = MainResultsStudy.settings(Scale.QUICK);
        MainResultsStudy.Settings full = MainResultsStudy.settings(Scale.FULL);
        assertEquals(List.of(Setting.values()), full.settings());
        assertEquals(new Sizes(1284, 229, 686), full.sizes().get(Setting.MOSI_UA));
        assertEquals(new Sizes(16326, 1871, 4659), full.sizes().get(Setting.MOSEI_UA));
        assertEquals(11, full.rates().length);
        assertEquals(5, full.seeds().length);
        assertTrue(smoke.sizes().get(Setting.MOSI_UA).train() < quick.sizes().get(Setting.MOSI_UA).train());
        assertTrue(quick.seeds().length >= 2, "notebook 11 needs a spread over seeds");
        assertThrows(IllegalArgumentException.class, () -> new MainResultsStudy.Settings(Scale.SMOKE, Map.of(), List.of(
                Labels.Task.BINARY), 1, 1, new double[] {0, 1}, 1, new long[] {1}, null));
        assertThrows(IllegalArgumentException.class, () -> new MainResultsStudy.Settings(Scale.SMOKE,
                Map.of(Setting.MOSI_UA, new Sizes(1, 1, 1)), List.of(Labels.Task.BINARY), 1, 1, new double[] {0.5, 1}, 1,
                new long[] {1}, null));
    }

    @Test
    void oneRunPerSettingTaskAndSeedWithBothSplitsOverTheRates() {
        // MOSI_UA: binary x 2 seeds + seven x 1; MOSI_A: binary + seven
        assertEquals(5, runs.size());
        for (Run r : runs) {
            assertEquals(MainResultsStudy.REFERENCE_POSITIONAL, r.positional());
            assertTrue(r.dataset().startsWith("synthetic-"), r.dataset());
            for (String split : MainResultsStudy.SPLITS) {
                assertEquals(2, r.split(split).evaluatedPrototypes().size());
                assertEquals(2, r.split(split).trainPrototypes().size());
                assertFalse(r.paperGrid(split).auilc().isEmpty());
            }
            assertTrue(r.validTau() >= 0 && r.validTau() <= 3, "tau from the grid 0..3: " + r.validTau());
        }
        assertThrows(IllegalArgumentException.class, () -> runs.get(0).split("valid"));
    }

    @Test
    void paperProtocolIsNeverBelowTheCleanTauOnTheSamePredictions() {
        // the oracle picks the best tau per metric and rate; one validation tau cannot beat it
        for (Run r : runs) {
            for (String split : MainResultsStudy.SPLITS) {
                var p = r.split(split);
                var oracle = MainResultsStudy.grid(r.task(), split, dev.cider.train.Evaluator.Protocol.PAPER, p.rates(),
                        p.trainPrototypes(), Double.NaN);
                var fixed = r.cleanGrid(split);
                for (var e : fixed.auilc().entrySet()) {
                    assertTrue(oracle.auilc().get(e.getKey()) >= e.getValue() - 1e-12, e.getKey() + " on " + split);
                }
            }
        }
    }

    @Test
    void resumingAFinishedRunGivesTheSamePredictions() {
        Run again = MainResultsStudy.run(settings, Setting.MOSI_UA, MainResultsStudy.data(settings, Setting.MOSI_UA), text,
                Labels.Task.BINARY, 7, MainResultsStudy.REFERENCE_POSITIONAL, null);
        Run first = runs.get(0);
        assertEquals(first.validTau(), again.validTau());
        assertEquals(first.paperGrid("test_ood").auilc(), again.paperGrid("test_ood").auilc());
        MultimodalData d = MainResultsStudy.data(settings, Setting.MOSI_UA);
        assertNotEquals(MainResultsStudy.checkpointDir(settings, Setting.MOSI_UA,
                        MainResultsStudy.config(settings, text, Labels.Task.BINARY, 7, MainResultsStudy.REFERENCE_POSITIONAL), d),
                MainResultsStudy.checkpointDir(settings, Setting.MOSI_UA,
                        MainResultsStudy.config(settings, text, Labels.Task.BINARY, 7, MainResultsStudy.CORRECTED_POSITIONAL), d));
    }

    @Test
    void comparisonHasThePapersCiderCellsBesideOursLabelledSynthetic() {
        Table ua = MainResultsStudy.comparison(Setting.MOSI_UA, runs);
        assertEquals(12, ua.rowCount()); // IV x 3 columns + X, times Acc2/F1/Acc7
        assertTrue(ua.name().contains("SYNTHETIC"));
        assertEquals("paper (MOSI)", ua.column(3).name());
        assertTrue(ua.column(4).name().contains("synthetic MOSI-sized"));
        assertEquals(PaperNumbers.cell(PaperNumbers.table("IV"), "CIDer", "", "Acc2", Map.of("dataset", "MOSI",
                "pattern", "RMFM", "distribution", "IID", "alignment", "UA")), ua.doubleColumn(3).get(0), 0);
        assertEquals(2, ua.intColumn("seeds").get(0)); // binary: both seeds
        assertEquals(1, ua.intColumn("seeds").get(2)); // Acc7: the seven-class run
        // ours is the mean over seeds of the AUILC in percent
        double auilc0 = runs.get(0).paperGrid("test").auilc().get(dev.cider.eval.Metric.NON0_ACC_2);
        double auilc1 = runs.get(1).paperGrid("test").auilc().get(dev.cider.eval.Metric.NON0_ACC_2);
        assertEquals(50 * (auilc0 + auilc1), ua.doubleColumn(4).get(0), 0.005); // shown to 0.01 points
        for (int c = 3; c < ua.columnCount() - 1; c++) {
            assertEquals(0, ua.doubleColumn(c).countMissing(), ua.column(c).name());
        }
        Table a = MainResultsStudy.comparison(Setting.MOSI_A, runs);
        assertEquals(3, a.rowCount());
        assertEquals("XI", a.stringColumn(0).get(0));
        assertThrows(IllegalArgumentException.class, () -> MainResultsStudy.comparison(Setting.MOSEI_UA, runs));
        assertThrows(IllegalArgumentException.class, () -> MainResultsStudy.curveChart(Setting.MOSI_A,
                dev.cider.eval.Metric.NON0_ACC_2, runs));
    }

    @Test
    void writesTidyResultsComparisonChartsAndManifest() throws Exception {
        Map<String, org.knowm.xchart.internal.chartpart.Chart<?, ?>> charts = new LinkedHashMap<>();
        charts.put("paper-vs-ours-mosi-ua", MainResultsStudy.comparisonChart(Setting.MOSI_UA, runs));
        charts.put("rmfm-acc2-mosi-ua", MainResultsStudy.curveChart(Setting.MOSI_UA, dev.cider.eval.Metric.NON0_ACC_2, runs));
        Path dir = MainResultsStudy.write(settings, text, runs, charts, Manifest.start(MainResultsStudy.EXPERIMENT)
                .probeEngine(false));
        Table t = ResultsWriter.read(dir.resolve("results.csv"));
        assertEquals(List.of("synthetic"), t.stringColumn("data_kind").unique().asList());
        assertEquals(2, t.stringColumn("protocol").unique().size());
        assertTrue(t.stringColumn("metric").unique().contains("AUILC(Acc_7)"));
        Table cmp = Table.read().csv(dir.resolve("paper-vs-ours.csv").toFile());
        assertEquals(MainResultsStudy.COMPARISON_COLUMNS, cmp.columnNames());
        assertEquals(15, cmp.rowCount());
        assertTrue(Files.size(dir.resolve("paper-vs-ours-mosi-ua.png")) > 1000);
        assertTrue(Files.size(dir.resolve("rmfm-acc2-mosi-ua.png")) > 1000);
        var m = Manifest.read(dir.resolve("manifest.json"));
        assertEquals("synthetic", m.getAsJsonObject("data").get("data_kind").getAsString());
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".tmp")), "no temp files left");
        }
    }
}
