package dev.cider.study;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.cider.train.Trainer;

/**
 * Training from a notebook cell. The cider-java kernel runs every cell on a fresh thread, and
 * PyTorch's grad mode is per thread and <em>on</em> by default; DJL turns it off only on the thread
 * that created the engine, and its {@code GradientCollector} restores the previous mode when it
 * closes. On a fresh thread the optimizer's in-place parameter update is then recorded by autograd
 * and fails ("a leaf Variable that requires grad is being used in an in-place operation"). These
 * helpers turn grad mode off on the calling thread first, so gradients are recorded only inside the
 * trainer's own collectors.
 */
public final class CellThreads {
    private CellThreads() {}

    /** Grad mode off on the calling thread (PyTorch engine; a no-op for other engines). */
    public static void gradModeOff() {
        if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
            JniUtils.setGradMode(false);
        }
    }

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

    /** {@link Trainer#fit()} on the calling thread with grad mode off outside the trainer's collectors. */
    public static Trainer.Result fit(Trainer t) {
        gradModeOff();
        return t.fit();
    }
}
