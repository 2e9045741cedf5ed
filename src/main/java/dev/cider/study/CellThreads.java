package dev.cider.study;

/**
 * Training from notebook cells. The cider-java kernel runs every cell on a fresh thread, where
 * PyTorch starts in grad mode; {@code Trainer.fit}, the evaluator, the benchmark and the optimiser
 * therefore scope themselves with {@link dev.cider.util.NoGrad}, and nothing here has to switch it.
 * What remains is naming: {@link #runName} gives each run a checkpoint folder that changes with its
 * configuration and data, so notebooks resume only their own runs.
 */
public final class CellThreads {
    private CellThreads() {}

    /**
     * A checkpoint folder name that changes with the run: {@code name-<10 hex>} where the hex digits
     * are {@link StudyRuns#key}: the configuration and the training and validation content, so a changed setting or subset
     * starts a new run instead of resuming (or refusing) an old one.
     */
    public static String runName(String name, dev.cider.train.TrainConfig config, dev.cider.data.MultimodalData data) {
        return name + "-" + StudyRuns.key(config, "", data).substring(0, 10);
    }

}
