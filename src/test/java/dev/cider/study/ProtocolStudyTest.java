package dev.cider.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cider.Scale;
import dev.cider.data.Labels;
import dev.cider.data.MultimodalData;
import dev.cider.eval.Manifest;
import dev.cider.eval.ResultsWriter;
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

/** Notebook 11's library at a tiny size: reuse of notebook 05's runs, the decomposition and its files. */
class ProtocolStudyTest {
    @TempDir
    static Path tmp;
    static ProtocolStudy.Settings settings;
    static MultimodalData data;
    static TextFeatures text;
    static List<ProtocolStudy.SeedRuns> runs;

    @BeforeAll
    static void train() {
        System.setProperty("cider.results", tmp.resolve("results").toString());
        Map<Setting, Sizes> sizes = new LinkedHashMap<>();
        sizes.put(Setting.MOSI_UA, new Sizes(4, 4, 6));
        MainResultsStudy.Settings main = new MainResultsStudy.Settings(Scale.SMOKE, sizes, List.of(Labels.Task.BINARY), 1, 4,
                new double[] {0.0, 0.5, 1.0}, 1111, new long[] {5, 6}, tmp.resolve("ckpt"));
        settings = new ProtocolStudy.Settings(main, List.of(Labels.Task.BINARY));
        data = ProtocolStudy.data(settings);
        text = EmbeddingFeatures.random(3, 768);
        runs = ProtocolStudy.runs(settings, data, text, null);
    }

    @AfterAll
    static void clear() {
        System.clearProperty("cider.results");
    }

    @Test
    void settingsFollowNotebook05() {
        ProtocolStudy.Settings quick = ProtocolStudy.settings(Scale.QUICK);
        assertEquals(MainResultsStudy.settings(Scale.QUICK).sizes(), quick.main().sizes());
        assertEquals(List.of(Labels.Task.BINARY, Labels.Task.SEVEN), ProtocolStudy.settings(Scale.FULL).tasks());
        Map<Setting, Sizes> onlyA = Map.of(Setting.MOSI_A, new Sizes(1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ProtocolStudy.Settings(new MainResultsStudy.Settings(
                Scale.SMOKE, onlyA, List.of(Labels.Task.BINARY), 1, 1, new double[] {0, 1}, 1, new long[] {1}, null),
                List.of(Labels.Task.BINARY)));
    }

    @Test
    void eachSeedHasAReferenceAndACorrectedRunOnTheSameData() {
        assertEquals(2, runs.size());
        for (ProtocolStudy.SeedRuns r : runs) {
            assertEquals(MainResultsStudy.REFERENCE_POSITIONAL, r.reference().positional());
            assertEquals(MainResultsStudy.CORRECTED_POSITIONAL, r.corrected().positional());
            assertEquals(r.seed(), r.reference().seed());
            assertEquals(r.seed(), r.corrected().seed());
        }
        // notebook 05 would have written the reference run to the same folder: running it again resumes it
        MainResultsStudy.Run again = MainResultsStudy.run(settings.main(), Setting.MOSI_UA, data, text, Labels.Task.BINARY, 5,
                MainResultsStudy.REFERENCE_POSITIONAL, null);
        assertEquals(runs.get(0).reference().paperGrid("test").auilc(), again.paperGrid("test").auilc());
    }

    @Test
    void decompositionStepsAddUpAndTheOracleTauNeverLoses() {
        Table d = ProtocolStudy.decomposition(runs);
        int steps = ProtocolStudy.Step.values().length;
        assertEquals(2 * 2 * 2 * steps, d.rowCount()); // 2 metrics x (rate 0, AUILC) x 2 splits x steps
        for (int i = 0; i < d.rowCount(); i++) {
            assertTrue(Double.isFinite(d.doubleColumn("mean (%)").get(i)));
            assertTrue(d.doubleColumn("std (%)").get(i) >= 0);
            if (i % steps == 1) {
                // (a): one validation tau instead of the per-metric oracle tau on the same predictions
                assertTrue(d.doubleColumn(5).get(i) <= 1e-9, "row " + i + ": " + d.doubleColumn(5).get(i));
            }
        }
        Table s = ProtocolStudy.summary(runs);
        assertEquals(8, s.rowCount());
        for (int i = 0; i < s.rowCount(); i++) {
            double gap = s.doubleColumn(2).get(i) - s.doubleColumn(3).get(i);
            double parts = s.doubleColumn(4).get(i) + s.doubleColumn(5).get(i) + s.doubleColumn(6).get(i);
            assertEquals(gap, parts, 0.03); // parts rounded to 0.01 points
        }
        // the clean protocol row is the corrected run's clean grid
        double clean = 100 * TrainingStudy.mean(runs.stream().mapToDouble(r -> r.corrected().cleanGrid("test_ood")
                .auilc().get(dev.cider.eval.Metric.NON0_ACC_2)).toArray());
        Table acc = s.where(s.stringColumn(0).isEqualTo("AUILC(Non0_acc_2)").and(s.stringColumn(1).isEqualTo("test_ood")));
        assertEquals(clean, acc.doubleColumn(3).get(0), 0.005);
        assertTrue(ProtocolStudy.headline(runs).contains("AUILC(Non0_acc_2) on test_ood"));
    }

    @Test
    void writesEveryStepPerSeedWithManifest() throws Exception {
        Map<String, org.knowm.xchart.internal.chartpart.Chart<?, ?>> charts = Map.of("steps-acc2",
                ProtocolStudy.chart(runs, dev.cider.eval.Metric.NON0_ACC_2));
        Path dir = ProtocolStudy.write(settings, data, text, runs, charts, Manifest.start(ProtocolStudy.EXPERIMENT)
                .probeEngine(false));
        Table t = ResultsWriter.read(dir.resolve("results.csv"));
        assertEquals(ProtocolStudy.Step.values().length, t.stringColumn("protocol").unique().size());
        assertEquals(List.of("synthetic"), t.stringColumn("data_kind").unique().asList());
        assertEquals(2, t.longColumn("seed").unique().size());
        assertTrue(Files.isRegularFile(dir.resolve("decomposition.csv")));
        assertTrue(Files.isRegularFile(dir.resolve("summary.csv")));
        assertTrue(Files.size(dir.resolve("steps-acc2.png")) > 1000);
        Manifest.read(dir.resolve("manifest.json"));
        assertThrows(IllegalArgumentException.class, () -> ProtocolStudy.chart(runs, dev.cider.eval.Metric.ACC_7));
    }
}
