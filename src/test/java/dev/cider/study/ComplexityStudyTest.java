package dev.cider.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cider.Scale;
import dev.cider.eval.Manifest;
import dev.cider.eval.ResultsWriter;
import dev.cider.train.Bench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * Parameter tables against the reference's counts (spec section 6), the paper's figure matching no
 * configuration, the epoch estimate, a one-step in-process benchmark and the files.
 */
class ComplexityStudyTest {

    @Test
    void noConfigurationOfTheSearchSpaceHasThePapersCount() {
        List<ComplexityStudy.Configuration> configs = ComplexityStudy.paperConfigurations();
        assertEquals(32, configs.size());
        Table t = ComplexityStudy.parameterTable(configs);
        assertEquals(32, t.rowCount());
        double paper = ComplexityStudy.paperParameters("CIDer");
        assertEquals(247_946.0, paper, 0.0, "Table VI as transcribed in results/paper/table_VI.csv");
        for (int i = 0; i < t.rowCount(); i++) {
            assertTrue(t.doubleColumn("|difference|").get(i) > 0, "configuration " + i + " matches the paper");
            assertEquals(t.doubleColumn("parameters (ours)").get(i) - paper, t.doubleColumn("ours − paper CIDer").get(i),
                    1e-9);
            if (i > 0) {
                assertTrue(t.doubleColumn("|difference|").get(i) >= t.doubleColumn("|difference|").get(i - 1));
            }
        }
        // spec section 6's counts: nearest overall is MOSEI aligned, C = 3, L = 3 (245,189); on MOSI, the paper's
        // dataset, MOSI aligned C = 7, L = 3 (244,761), then MOSI unaligned L = 2 (C = 3: 244,086; C = 7: 251,806)
        assertEquals("MOSEI aligned", t.stringColumn("setting").get(0));
        assertEquals(3, t.intColumn("L").get(0));
        assertEquals(2_757.0, t.doubleColumn("|difference|").get(0), 0.0);
        Table mosi = t.where(t.stringColumn("setting").startsWith("MOSI "));
        assertEquals(16, mosi.rowCount());
        assertEquals("MOSI aligned", mosi.stringColumn("setting").get(0));
        assertEquals(7, mosi.intColumn("C").get(0));
        assertEquals(3_185.0, mosi.doubleColumn("|difference|").get(0), 0.0);
        assertEquals("MOSI unaligned", mosi.stringColumn("setting").get(1));
        assertEquals(2, mosi.intColumn("L").get(1));
        assertEquals(3_860.0, mosi.doubleColumn("|difference|").get(1), 0.0);
        assertEquals(3_860.0, mosi.doubleColumn("|difference|").get(2), 0.0);
    }

    @Test
    void moduleTableSumsToTheTotalAndNamesTheMcmHead() {
        Table m = ComplexityStudy.moduleTable(ComplexityStudy.Configuration.shipped());
        int last = m.rowCount() - 1;
        assertEquals("total", m.stringColumn("module").get(last));
        assertEquals(276_566.0, m.doubleColumn("parameters").get(last), 0.0);
        double sum = 0;
        for (int i = 0; i < last; i++) {
            sum += m.doubleColumn("parameters").get(i);
        }
        assertEquals(276_566.0, sum, 0.0);
        // spec 6.1: cls_encoders 26,720 + 2,304 + 2,784 and classifiers 1,737
        assertEquals(33_545L, ComplexityStudy.mcmParameters(ComplexityStudy.countsByModule(
                ComplexityStudy.Configuration.shipped())));
        assertEquals(m.rowCount() - 1, ComplexityStudy.moduleChart(m).getSeriesMap().get("parameters").getXData().size());
        assertThrows(IllegalArgumentException.class, () -> new ComplexityStudy.Configuration("x",
                dev.cider.data.DatasetDims.MOSI_ALIGNED, 5, 3));
    }

    @Test
    void epochEstimateUsesTheTrainingSplitSize() {
        assertEquals(41, ComplexityStudy.stepsPerEpoch("mosi", 32), "ceil(1284 / 32)");
        assertEquals(11, ComplexityStudy.stepsPerEpoch("mosi", 128), "ceil(1284 / 128)");
        assertEquals(128, ComplexityStudy.stepsPerEpoch("mosei", 128), "ceil(16326 / 128)");
        assertEquals(2, ComplexityStudy.settings(Scale.QUICK).benches().size());
        assertEquals(Set.of(32, 128), Set.of(ComplexityStudy.settings(Scale.QUICK).benches().get(0).batch(),
                ComplexityStudy.settings(Scale.QUICK).benches().get(1).batch()));
    }

    @Test
    void oneStepBenchmarkGivesTheSideBySideTableAndTheFiles(@TempDir Path tmp) throws java.io.IOException {
        String old = System.getProperty("cider.results");
        System.setProperty("cider.results", tmp.toString());
        try {
            ComplexityStudy.Settings s = new ComplexityStudy.Settings(Scale.SMOKE,
                    List.of(new Bench.Options(2, 1, 1, 0, "mosi", true)), false, 60);
            Manifest manifest = Manifest.start(ComplexityStudy.EXPERIMENT);
            List<ComplexityStudy.BenchResult> bench = ComplexityStudy.benchAll(s, null);
            assertEquals(1, bench.size());
            ComplexityStudy.BenchResult r = bench.get(0);
            assertTrue(r.stepSeconds() > 0 && Double.isFinite(r.stepSeconds()));
            assertEquals(276_566L, r.parameters());
            assertEquals(642 * r.stepSeconds(), r.epochSeconds(), 1e-9, "ceil(1284 / 2) steps");
            assertTrue(r.stepCpuSeconds() > 0);
            Table bt = ComplexityStudy.benchTable(bench);
            assertEquals(1, bt.rowCount());
            assertTrue(bt.doubleColumn("forward (s, thread CPU)").get(0) > 0);
            assertTrue(bt.doubleColumn("backward (s, thread CPU)").get(0) > 0);

            Table side = ComplexityStudy.sideBySide(bench, ComplexityStudy.cpuDescription());
            assertEquals(2 + 2 + 1, side.rowCount(), "paper CIDer, MACI; reference PyTorch B=32, 128; ours");
            assertEquals(10.4, side.doubleColumn("time per epoch (s)").get(0), 0.0);
            assertEquals(41 * 2.2, side.doubleColumn("time per epoch (s)").get(2), 1e-9);
            assertEquals(11 * 31.6, side.doubleColumn("time per epoch (s)").get(3), 1e-9);
            assertTrue(side.stringColumn("hardware").get(0).contains("GPU"));
            assertTrue(side.stringColumn("hardware").get(2).contains("issue 6"));
            assertEquals(r.stepSeconds(), side.doubleColumn("time per step (s)").get(4), 0.0005 + 1e-12);
            assertEquals(r.stepCpuSeconds(), side.doubleColumn("thread CPU per step (s)").get(4), 0.0005 + 1e-12);

            Table params = ComplexityStudy.parameterTable(List.of(ComplexityStudy.Configuration.shipped()));
            Table modules = ComplexityStudy.moduleTable(ComplexityStudy.Configuration.shipped());
            Map<String, org.knowm.xchart.CategoryChart> charts = new LinkedHashMap<>();
            charts.put("epoch-time", ComplexityStudy.epochChart(side));
            Path dir = ComplexityStudy.write(s, params, modules, bench, side, charts, manifest);
            Table csv = ResultsWriter.read(dir.resolve("results.csv"));
            assertEquals(Set.of("synthetic"), Set.copyOf(csv.stringColumn("data_kind").asList()));
            assertTrue(csv.stringColumn("metric").asList().contains("step_s_median"));
            for (String f : List.of("table_VI_side_by_side.csv", "parameters_by_module.csv",
                    "parameters_by_configuration.csv", "epoch-time.png", "manifest.json")) {
                assertTrue(Files.size(dir.resolve(f)) > 0, f);
            }
        } finally {
            if (old == null) {
                System.clearProperty("cider.results");
            } else {
                System.setProperty("cider.results", old);
            }
        }
    }
}
