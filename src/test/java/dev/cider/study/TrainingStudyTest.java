package dev.cider.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cider.Scale;
import dev.cider.eval.Metric;
import dev.cider.train.Evaluator;
import dev.cider.train.Trainer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Sizes by scale and the side-by-side protocol table, on hand-made grids. */
class TrainingStudyTest {

    private static Evaluator.Grid grid(Evaluator.Protocol p, double v0, double v1) {
        Map<Metric, Double> a = new EnumMap<>(Metric.class);
        a.put(Metric.NON0_ACC_2, v0);
        Map<Metric, Double> b = new EnumMap<>(Metric.class);
        b.put(Metric.NON0_ACC_2, v1);
        Map<Metric, Double> tau = new EnumMap<>(Metric.class);
        tau.put(Metric.NON0_ACC_2, 0.0);
        Map<Metric, Double> auilc = new EnumMap<>(Metric.class);
        auilc.put(Metric.NON0_ACC_2, (v0 + v1) / 2);
        return new Evaluator.Grid("test", p, "RMFM", List.of(new Evaluator.Point("RMFM", 0, a, tau),
                new Evaluator.Point("RMFM", 1, b, tau)), auilc);
    }

    @Test
    void scalesGrowAndCleanProtocolHasEnoughSeeds() {
        TrainingStudy.Settings smoke = TrainingStudy.settings(Scale.SMOKE);
        TrainingStudy.Settings quick = TrainingStudy.settings(Scale.QUICK);
        TrainingStudy.Settings full = TrainingStudy.settings(Scale.FULL);
        assertEquals(1, smoke.epochs());
        assertTrue(quick.cleanSeeds().length >= 2, "a spread needs two seeds");
        assertEquals(5, full.cleanSeeds().length);
        assertEquals(11, full.rates().length);
        assertTrue(smoke.train() < quick.train() && quick.train() < full.train());
    }

    @Test
    void comparisonPutsOneRunBesideMeanAndStdOverSeeds() {
        Evaluator.Grid paper = grid(Evaluator.Protocol.PAPER, 0.8, 0.6);
        Evaluator.Grid paperOod = grid(Evaluator.Protocol.PAPER, 0.7, 0.5);
        Trainer.Result r = new Trainer.Result(List.of(), 1, 0.5, true, "done");
        List<TrainingStudy.CleanRun> clean = List.of(
                new TrainingStudy.CleanRun(1, 0.3, r, grid(Evaluator.Protocol.CLEAN, 0.6, 0.4), grid(Evaluator.Protocol.CLEAN, 0.5, 0.3)),
                new TrainingStudy.CleanRun(2, 0.3, r, grid(Evaluator.Protocol.CLEAN, 0.8, 0.4), grid(Evaluator.Protocol.CLEAN, 0.7, 0.3)));
        Table t = TrainingStudy.comparison(paper, paperOod, clean, List.of(Metric.NON0_ACC_2));
        assertEquals(4, t.rowCount());
        assertEquals("Non0_acc_2 @ rate 0", t.stringColumn("quantity").get(0));
        assertEquals(0.8, t.doubleColumn("paper protocol").get(0), 1e-12);
        assertEquals(0.7, t.doubleColumn("clean mean").get(0), 1e-12);
        assertEquals(Math.sqrt(0.02), t.doubleColumn("clean std").get(0), 1e-12);
        assertEquals("AUILC(Non0_acc_2)", t.stringColumn("quantity").get(1));
        assertEquals(0.55, t.doubleColumn("clean mean").get(1), 1e-12);
        assertEquals("test_ood", t.stringColumn("split").get(2));
        assertEquals(0.6, t.doubleColumn("clean mean").get(2), 1e-12);
    }

    @Test
    void priorEntropyIsTheLossOfPredictingThePrior() {
        // quotas of 2 / 2 / 2 and 3 / 0 / 3 training samples: entropies ln 3 and ln 2
        java.util.List<dev.cider.data.Sample> even = dev.cider.data.SyntheticCider.builder().setSeed(1)
                .optDims(dev.cider.data.DatasetDims.MOSI_ALIGNED).optSizes(6, 1, 1).optTrainPrior(1, 1, 1).build().iid()
                .split("train");
        java.util.List<dev.cider.data.Sample> noNeutral = dev.cider.data.SyntheticCider.builder().setSeed(1)
                .optDims(dev.cider.data.DatasetDims.MOSI_ALIGNED).optSizes(6, 1, 1).optTrainPrior(1, 0, 1).build().iid()
                .split("train");
        assertEquals(Math.log(3), TrainingStudy.priorEntropy(even, dev.cider.data.Labels.Task.BINARY), 1e-12);
        assertEquals(Math.log(2), TrainingStudy.priorEntropy(noNeutral, dev.cider.data.Labels.Task.BINARY), 1e-12);
        assertThrows(IllegalArgumentException.class,
                () -> TrainingStudy.priorEntropy(java.util.List.of(), dev.cider.data.Labels.Task.BINARY));
    }
}
