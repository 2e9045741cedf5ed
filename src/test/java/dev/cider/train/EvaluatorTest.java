package dev.cider.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cider.data.MultimodalData;
import dev.cider.eval.Auilc;
import dev.cider.eval.DataKind;
import dev.cider.eval.Metric;
import dev.cider.eval.ResultsWriter;
import dev.cider.missing.MissingPatterns;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Grids, protocols and bad input of the {@link Evaluator}, on an untrained tiny model (SYNTHETIC data). */
class EvaluatorTest {
    private static MultimodalData data;
    private static Trainer trainer;

    @BeforeAll
    static void setUp() {
        data = TinyRuns.data(11);
        trainer = Trainer.builder().setConfig(TinyRuns.config(1)).setData(data).build();
    }

    @AfterAll
    static void tearDown() {
        trainer.close();
    }

    @Test
    void paperGridSweepsTauPerMetricAndComputesAuilc() {
        double[] rates = {0.0, 0.5, 1.0};
        Evaluator.Grid g = trainer.evaluator().grid(data, "test", "RMFM", rates, 1111, Evaluator.Protocol.PAPER, Double.NaN);
        assertEquals(3, g.points().size());
        for (Metric m : Metric.forTask(dev.cider.data.Labels.Task.BINARY)) {
            double[] s = g.series(m);
            assertEquals(Auilc.of(rates, s), g.auilc().get(m), 1e-12, m.toString());
            for (Evaluator.Point p : g.points()) {
                double tau = p.taus().get(m);
                assertTrue(tau >= 0 && tau <= 3.0 + 1e-9);
            }
        }
        ResultsWriter w = ResultsWriter.create("t");
        g.writeTo(w, data.name(), "binary", 1111, DataKind.SYNTHETIC);
        assertEquals(3 * 6 + 6, w.results().size());
    }

    @Test
    void cleanProtocolUsesOneTauAndTheTrainingPrototypes() {
        Evaluator ev = trainer.evaluator();
        double tau = ev.chooseTau(data.split("valid"), 1111);
        Evaluator.Grid g = ev.grid(data, "test", "RMFM", new double[] {0.0, 1.0}, 1111, Evaluator.Protocol.CLEAN, tau);
        for (Evaluator.Point p : g.points()) {
            p.taus().values().forEach(t -> assertEquals(tau, t, 0.0));
        }
        // the clean protocol's predictions do not depend on the evaluated split's labels: same views, same scores
        Evaluator.Predictions a = ev.predict(data.split("test"), MissingPatterns.parse("RMFM"), 0.3, 5, Evaluator.Protocol.CLEAN);
        Evaluator.Predictions b = ev.predict(data.split("test"), MissingPatterns.parse("RMFM"), 0.3, 5, Evaluator.Protocol.CLEAN);
        for (int i = 0; i < a.pred().length; i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(a.pred()[i], b.pred()[i], 0f);
        }
    }

    @Test
    void rateOneRemovesEverythingSoTextIsAllUnknownAndPredictionsIgnoreText() {
        Evaluator ev = trainer.evaluator();
        Evaluator.Predictions p = ev.predict(data.split("test"), MissingPatterns.parse("RMFM"), 1.0, 3, Evaluator.Protocol.CLEAN);
        Evaluator.Predictions q = ev.predict(data.split("test"), MissingPatterns.parse("RMFM"), 1.0, 99, Evaluator.Protocol.CLEAN);
        for (int i = 0; i < p.pred().length; i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(p.pred()[i], q.pred()[i], 0f, "rate 1 is seed-independent");
        }
    }

    @Test
    void smmHasSevenCasesAndNoAuilc() {
        Evaluator.Grid g = trainer.evaluator().smm(data, "test", 1111, Evaluator.Protocol.PAPER, Double.NaN);
        assertEquals(7, g.points().size());
        assertTrue(g.auilc().isEmpty());
        assertEquals(7, g.points().stream().map(Evaluator.Point::pattern).distinct().count());
    }

    @Test
    void badInputIsAClearError() {
        Evaluator ev = trainer.evaluator();
        IllegalArgumentException e1 = assertThrows(IllegalArgumentException.class,
                () -> ev.grid(data, "test", "NOPE", new double[] {0.0}, 1, Evaluator.Protocol.PAPER, Double.NaN));
        assertTrue(e1.getMessage().contains("unknown missing pattern"), e1.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> ev.grid(data, "test", "RMFM", new double[] {0.0, 1.5}, 1, Evaluator.Protocol.PAPER, Double.NaN));
        assertTrue(e2.getMessage().contains("1.5"), e2.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ev.grid(data, "test", "RMFM", new double[] {Double.NaN}, 1, Evaluator.Protocol.PAPER, Double.NaN));
        IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class,
                () -> ev.grid(data, "test", "RMFM", new double[] {0.0}, 1, Evaluator.Protocol.CLEAN, Double.NaN));
        assertTrue(e3.getMessage().contains("tau"), e3.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metric.parse("Acc_9"));
        assertThrows(java.util.NoSuchElementException.class,
                () -> ev.grid(data, "nosplit", "RMFM", new double[] {0.0}, 1, Evaluator.Protocol.PAPER, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> TextFeatures.Kind.parse("glove"));
    }

    @Test
    void evaluationIsRepeatable() {
        List<Double> a = trainer.evaluator().grid(data, "test_ood", "RMM", new double[] {0.0, 0.4}, 7,
                Evaluator.Protocol.PAPER, Double.NaN).points().get(1).values().values().stream().toList();
        List<Double> b = trainer.evaluator().grid(data, "test_ood", "RMM", new double[] {0.0, 0.4}, 7,
                Evaluator.Protocol.PAPER, Double.NaN).points().get(1).values().values().stream().toList();
        assertEquals(a, b);
    }
}
