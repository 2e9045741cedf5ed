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
     * hash the configuration and the training and validation sample ids, so a changed setting or subset
     * starts a new run instead of resuming (or refusing) an old one.
     */
    public static String runName(String name, dev.cider.train.TrainConfig config, dev.cider.data.MultimodalData data) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            md.update(config.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            md.update(data.name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (String split : java.util.List.of("train", "valid")) {
                for (dev.cider.data.Sample s : data.split(split)) {
                    md.update((split + ":" + s.id() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            return name + "-" + java.util.HexFormat.of().formatHex(md.digest()).substring(0, 10);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

}
