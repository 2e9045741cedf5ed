package dev.cider.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cider.data.DatasetDims;
import dev.cider.data.MultimodalData;
import dev.cider.data.SyntheticCider;
import dev.cider.train.EmbeddingFeatures;
import dev.cider.train.TrainConfig;
import dev.cider.train.Trainer;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Training from a fresh thread (as a kernel cell runs) and run names that follow config and data. */
class CellThreadsTest {
    static final DatasetDims TINY = new DatasetDims("tiny", 24, 40, 40, 16, 5, 20, false);

    private static TrainConfig config() {
        TrainConfig c = TrainConfig.defaults();
        c.layers = 1;
        c.heads = 2;
        c.embedDim = 8;
        c.batchSize = 8;
        c.epochs = 1;
        c.textFeatures = "random-embeddings";
        return c.validate();
    }

    @Test
    void fitWorksOnAFreshThread() throws Exception {
        MultimodalData data = SyntheticCider.builder().setSeed(2).optDims(TINY).optSizes(16, 8, 8).build().iid();
        // as in the kernel: the engine starts on one thread (setup cell), training runs on another
        ai.djl.engine.Engine.getInstance();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Trainer.Result> result = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try (Trainer tr = Trainer.builder().setConfig(config()).setData(data)
                    .optTextFeatures(EmbeddingFeatures.random(2, 16)).build()) {
                result.set(tr.fit()); // Trainer.fit scopes itself with NoGrad
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "fresh-cell-thread");
        t.start();
        t.join();
        assertNull(failure.get(), () -> "training on a fresh thread failed: " + failure.get());
        assertEquals(1, result.get().history().size());
        assertTrue(Double.isFinite(result.get().history().get(0).teacherLoss()));
    }

    @Test
    void runNameFollowsConfigAndData() {
        MultimodalData a = SyntheticCider.builder().setSeed(2).optDims(TINY).optSizes(16, 8, 8).build().iid();
        MultimodalData b = SyntheticCider.builder().setSeed(2).optDims(TINY).optSizes(12, 8, 8).build().iid();
        TrainConfig c = config();
        TrainConfig d = config();
        d.epochs = 2;
        String n = CellThreads.runName("run", c, a);
        assertEquals(n, CellThreads.runName("run", config(), a));
        assertTrue(n.matches("run-[0-9a-f]{10}"));
        assertNotEquals(n, CellThreads.runName("run", d, a));
        assertNotEquals(n, CellThreads.runName("run", c, b));
    }
}
