package dev.cider.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cider.Scale;
import dev.cider.data.CrossDatasetPickles;
import dev.cider.data.Labels;
import dev.cider.data.MultimodalData;
import dev.cider.eval.Manifest;
import dev.cider.eval.Metric;
import dev.cider.eval.PaperNumbers;
import dev.cider.eval.ResultsWriter;
import dev.cider.train.EmbeddingFeatures;
import dev.cider.train.TextFeatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/** Notebook 09's study at a tiny size: synthetic cross data, one direction trained, the table and files. */
class CrossDatasetStudyTest {

    @TempDir
    Path tmp;

    static CrossDatasetStudy.Settings tiny() {
        return new CrossDatasetStudy.Settings(Scale.SMOKE, new int[] {8, 4, 6}, new int[] {8, 4, 5}, 1, 4,
                new double[] {0.0, 1.0}, 1111, Labels.Task.BINARY, List.of("mosei"));
    }

    @Test
    void settingsAndSyntheticDataFollowTheCrossDims() {
        assertEquals(List.of("mosi"), CrossDatasetStudy.settings(Scale.QUICK).directions());
        assertEquals(List.of("mosi", "mosei"), CrossDatasetStudy.settings(Scale.FULL).directions());
        assertEquals(11, CrossDatasetStudy.settings(Scale.FULL).rates().length);
        assertThrows(IllegalArgumentException.class, () -> new CrossDatasetStudy.Settings(Scale.SMOKE, new int[] {1, 1, 1},
                new int[] {1, 1, 1}, 1, 1, new double[] {0, 1}, 1, Labels.Task.BINARY, List.of("sims")));
        CrossDatasetStudy.Settings s = tiny();
        MultimodalData d = CrossDatasetStudy.data(s, "mosi");
        assertTrue(d.synthetic());
        assertTrue(d.name().startsWith("synthetic-"), d.name());
        assertEquals(CrossDatasetPickles.MOSI_CROSS, d.dims());
        assertEquals(8, d.split("train").size());
        assertEquals(5, d.split("test").size(), "the test split is MOSEI-shaped's");
        assertEquals(6, d.split(CrossDatasetStudy.IN_DOMAIN).size(), "in-domain: MOSI-shaped's own test");
        assertTrue(d.split("test").stream().allMatch(x -> x.textFrames() == 44 && x.visionDim() == 171));
        MultimodalData back = CrossDatasetStudy.data(s, "mosei");
        assertEquals(75, back.split("test").get(0).textFrames());
        assertEquals("XX", CrossDatasetStudy.perRateTable("mosei"));
    }

    @Test
    void oneDirectionGivesTheSideBySideTableChartAndFiles() {
        CrossDatasetStudy.Settings s = tiny();
        TextFeatures text = EmbeddingFeatures.random(7, 768);
        MultimodalData d = CrossDatasetStudy.data(s, "mosei");
        CrossDatasetStudy.Run r = CrossDatasetStudy.run(s, "mosei", d, text, null, null);
        assertEquals("MOSEI\u2192MOSI", r.direction());
        assertEquals(3, r.grids().size(), "cross paper + cross clean + in-domain paper");
        Table t = CrossDatasetStudy.table(List.of(r));
        assertEquals(2 * 2, t.rowCount(), "(Acc2, F1) x (rate 0, AUILC)");
        for (var c : t.columns()) {
            if (c instanceof DoubleColumn dc) {
                for (int i = 0; i < dc.size(); i++) {
                    assertTrue(Double.isFinite(dc.get(i)), dc.name() + " row " + i);
                }
            }
        }
        assertEquals(PaperNumbers.cell(PaperNumbers.table("VII"), "CIDer", "", "Acc2",
                Map.of("dataset", "MOSEI", "target_dataset", "MOSI")), t.doubleColumn(3).get(1), 1e-9);
        assertEquals(PatternStudy.percent1(r.clean().auilc().get(Metric.NON0_ACC_2)), t.doubleColumn(5).get(1), 1e-9);
        assertEquals(PatternStudy.percent1(r.inDomainPaper().points().get(0).values().get(Metric.NON0_F1_SCORE)),
                t.doubleColumn(6).get(2), 1e-9);
        assertTrue(t.column(4).name().contains("synthetic"), t.column(4).name());

        String old = System.getProperty("cider.results");
        System.setProperty("cider.results", tmp.toString());
        try {
            Path dir = CrossDatasetStudy.write(s, List.of(r), text,
                    Map.of("curves", CrossDatasetStudy.curveChart(List.of(r), Metric.NON0_ACC_2)),
                    Manifest.start(CrossDatasetStudy.EXPERIMENT).probeEngine(false));
            for (String f : List.of("results.csv", "tables_VII_XII_side_by_side.csv", "manifest.json", "curves.png")) {
                assertTrue(Files.isRegularFile(dir.resolve(f)), f);
            }
            Table tidy = ResultsWriter.read(dir.resolve("results.csv"));
            assertTrue(tidy.stringColumn("data_kind").asList().stream().allMatch("synthetic"::equals));
            assertTrue(tidy.stringColumn("split").asList().contains(CrossDatasetStudy.IN_DOMAIN));
        } finally {
            if (old == null) {
                System.clearProperty("cider.results");
            } else {
                System.setProperty("cider.results", old);
            }
        }
    }
}
