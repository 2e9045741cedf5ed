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

    /** {@link Trainer#fit()} on the calling thread with grad mode off outside the trainer's collectors. */
    public static Trainer.Result fit(Trainer t) {
        gradModeOff();
        return t.fit();
    }
}
