package dev.cider.train;

import dev.cider.data.DatasetDims;
import dev.cider.data.MultimodalData;
import dev.cider.data.SyntheticCider;

/** Tiny SYNTHETIC data and configs so trainer tests run in seconds. */
final class TinyRuns {
    private TinyRuns() {}

    /** Unaligned, T = 24/40/40, d_l = 16 (random text features), d_a = 5, d_v = 20. */
    static final DatasetDims DIMS = new DatasetDims("tiny", 24, 40, 40, 16, 5, 20, false);

    static MultimodalData data(long seed) {
        return SyntheticCider.builder().setSeed(seed).optDims(DIMS).optSizes(20, 10, 12).build().iidAndOod();
    }

    static TrainConfig config(int epochs) {
        TrainConfig c = TrainConfig.defaults();
        c.layers = 1;
        c.heads = 2;
        c.embedDim = 8;
        c.batchSize = 8;
        c.epochs = epochs;
        c.patience = 10;
        c.textFeatures = "random-embeddings";
        c.seed = 7;
        return c.validate();
    }
}
