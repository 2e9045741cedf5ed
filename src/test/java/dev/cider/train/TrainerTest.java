package dev.cider.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cider.data.MultimodalData;
import dev.cider.eval.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    @TempDir
    Path tmp;

    private static Map<String, float[]> params(Trainer t) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (var p : t.model().getParameters()) {
            out.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    private static double[] finalMetrics(Trainer t, MultimodalData data) {
        Evaluator ev = t.evaluator();
        Evaluator.Grid g = ev.grid(data, "test", "RMFM", new double[] {0.0, 0.5}, 1111, Evaluator.Protocol.PAPER, Double.NaN);
        List<Double> v = new ArrayList<>();
        for (Evaluator.Point p : g.points()) {
            v.addAll(p.values().values());
        }
        v.addAll(g.auilc().values());
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void resumedRunIsBitIdenticalToStraightRun() {
        MultimodalData data = TinyRuns.data(3);
        TrainConfig cfg = TinyRuns.config(3);
        Map<String, float[]> straightParams;
        double[] straightMetrics;
        List<Trainer.EpochRecord> straightHistory;
        try (Trainer a = Trainer.builder().setConfig(cfg).setData(data).optCheckpointDir(tmp.resolve("a")).build()) {
            Trainer.Result r = a.fit();
            assertTrue(r.finished());
            assertEquals(3, r.history().size());
            straightParams = params(a);
            straightMetrics = finalMetrics(a, data);
            straightHistory = r.history();
        }
        Path dir = tmp.resolve("b");
        try (Trainer b = Trainer.builder().setConfig(cfg).setData(data).optCheckpointDir(dir).optStopAfterEpochs(1).build()) {
            Trainer.Result r = b.fit();
            assertFalse(r.finished(), "stopped after one epoch like a killed run");
            assertEquals(1, r.history().size());
        }
        assertTrue(Files.isRegularFile(dir.resolve("last.ckpt")));
        try (Trainer c = Trainer.builder().setConfig(cfg).setData(data).optCheckpointDir(dir).build()) {
            Trainer.Result r = c.fit();
            assertTrue(r.finished());
            assertEquals(straightHistory.size(), r.history().size());
            for (int i = 0; i < straightHistory.size(); i++) {
                assertEquals(straightHistory.get(i).teacherLoss(), r.history().get(i).teacherLoss(), 0.0);
                assertEquals(straightHistory.get(i).studentLoss(), r.history().get(i).studentLoss(), 0.0);
                assertEquals(straightHistory.get(i).validMetric(), r.history().get(i).validMetric(), 0.0);
            }
            Map<String, float[]> resumed = params(c);
            assertEquals(straightParams.keySet(), resumed.keySet());
            for (String k : straightParams.keySet()) {
                assertArrayEquals(straightParams.get(k), resumed.get(k), 0f, k);
            }
            assertArrayEquals(straightMetrics, finalMetrics(c, data), 0.0);
        }
    }

    @Test
    void corruptedCheckpointIsAClearError() throws IOException {
        MultimodalData data = TinyRuns.data(3);
        TrainConfig cfg = TinyRuns.config(2);
        Path dir = tmp.resolve("c");
        try (Trainer t = Trainer.builder().setConfig(cfg).setData(data).optCheckpointDir(dir).optStopAfterEpochs(1).build()) {
            t.fit();
        }
        Path last = dir.resolve("last.ckpt");
        byte[] bytes = Files.readAllBytes(last);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(last, bytes);
        try (Trainer t = Trainer.builder().setConfig(cfg).setData(data).optCheckpointDir(dir).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, t::fit);
            assertTrue(e.getMessage().contains(last.toString()) && e.getMessage().contains("corrupted"), e.getMessage());
        }
        Files.write(last, java.util.Arrays.copyOf(bytes, 40));
        try (Trainer t = Trainer.builder().setConfig(cfg).setData(data).optCheckpointDir(dir).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, t::fit);
            assertTrue(e.getMessage().contains(last.toString()), e.getMessage());
        }
    }

    @Test
    void checkpointOfAnotherConfigIsRefused() {
        MultimodalData data = TinyRuns.data(3);
        Path dir = tmp.resolve("d");
        try (Trainer t = Trainer.builder().setConfig(TinyRuns.config(2)).setData(data).optCheckpointDir(dir)
                .optStopAfterEpochs(1).build()) {
            t.fit();
        }
        TrainConfig other = TinyRuns.config(2);
        other.lr = 5e-4;
        try (Trainer t = Trainer.builder().setConfig(other).setData(data).optCheckpointDir(dir).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, t::fit);
            assertTrue(e.getMessage().contains("another configuration"), e.getMessage());
        }
    }

    @Test
    void nanLossStopsWithStepBatchIdsAndCheckpoint() {
        MultimodalData data = TinyRuns.data(3);
        TrainConfig diverging = TinyRuns.config(2);
        diverging.lr = 1e38; // the first Adam step sends every parameter to about 1e38: the next losses overflow
        try (Trainer t = Trainer.builder().setConfig(diverging).setData(data).optCheckpointDir(tmp.resolve("n")).build()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, t::fit);
            assertTrue(e.getMessage().contains("non-finite loss") && e.getMessage().contains("step")
                    && e.getMessage().contains("batch sample ids [") && e.getMessage().contains("last good checkpoint"),
                    e.getMessage());
            boolean namesASample = data.split("train").stream().anyMatch(s -> e.getMessage().contains(s.id()));
            assertTrue(namesASample, e.getMessage());
        }
    }

    @Test
    void learningCurveAndSelectionAreRecorded() {
        MultimodalData data = TinyRuns.data(5);
        try (Trainer t = Trainer.builder().setConfig(TinyRuns.config(2)).setData(data).build()) {
            Trainer.Result r = t.fit();
            assertEquals(2, r.history().size());
            assertTrue(r.bestEpoch() >= 1 && r.bestEpoch() <= 2);
            for (Trainer.EpochRecord e : r.history()) {
                assertTrue(Double.isFinite(e.teacherLoss()) && e.teacherLoss() > 0);
                assertTrue(e.validMetric() >= 0 && e.validMetric() <= 1);
            }
            assertEquals(Metric.NON0_ACC_2, t.evaluator().selectionMetric());
        }
    }

    @Test
    void everyConfigOptionTrainsAndChangesTheRun() {
        MultimodalData data = TinyRuns.data(4);
        Map<String, float[]> base;
        try (Trainer t = Trainer.builder().setConfig(TinyRuns.config(1)).setData(data).build()) {
            t.fit();
            base = params(t);
        }
        String[][] variants = {{"trainingMissing", "paper-uniform-rate"}, {"update", "clean"},
            {"positional", "sequence-position"}};
        for (String[] v : variants) {
            TrainConfig c = TinyRuns.config(1);
            switch (v[0]) {
                case "trainingMissing" -> c.trainingMissing = v[1];
                case "update" -> c.update = v[1];
                default -> c.positional = v[1];
            }
            try (Trainer t = Trainer.builder().setConfig(c).setData(data).build()) {
                Trainer.Result r = t.fit();
                assertTrue(Double.isFinite(r.history().get(0).studentLoss()), v[1]);
                Map<String, float[]> p = params(t);
                boolean differs = false;
                for (String k : base.keySet()) {
                    differs |= !java.util.Arrays.equals(base.get(k), p.get(k));
                }
                assertTrue(differs, v[0] + " = " + v[1] + " changed nothing");
            }
        }
        TrainConfig bad = TinyRuns.config(1);
        bad.textFeatures = "glove";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad::validate);
        assertTrue(e.getMessage().contains("textFeatures"), e.getMessage());
    }
}
