package dev.cider.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.cider.model.ReferenceAdam;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Optimiser steps must work on any thread, e.g. a notebook kernel's cell thread. */
class NoGradTest {

    /** Runs {@code r} on a brand-new thread and rethrows what it threw. */
    private static void onFreshThread(Runnable r) throws Exception {
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                r.run();
            } catch (Throwable e) {
                error.set(e);
            }
        });
        t.start();
        t.join();
        if (error.get() != null) {
            throw new AssertionError("failed on a fresh thread: " + error.get(), error.get());
        }
    }

    @Test
    void scopeDisablesGradModeAndRestoresIt() throws Exception {
        onFreshThread(() -> {
            boolean before = NoGrad.isGradMode();
            try (NoGrad ignored = NoGrad.enter()) {
                assertFalse(NoGrad.isGradMode());
            }
            assertEquals(before, NoGrad.isGradMode());
        });
    }

    @Test
    void adamStepsOnAFreshThread() throws Exception {
        AtomicReference<float[]> after = new AtomicReference<>();
        onFreshThread(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT)
                        .optArray(m.create(new float[] {1f, 2f}, new Shape(2))).build();
                p.getArray().setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray x = p.getArray();
                    gc.backward(x.mul(x).sum());
                }
                // A new cell thread in a notebook kernel starts in grad mode again: simulate it.
                ai.djl.pytorch.jni.JniUtils.setGradMode(true);
                try (ReferenceAdam adam = ReferenceAdam.builder().setManager(m)
                        .addGroup("g", List.of(p), 0.1, 0.0).build()) {
                    adam.step(List.of(p));
                }
                after.set(p.getArray().toFloatArray());
            }
        });
        // First Adam step moves each weight by lr * sign(grad): 1 - 0.1, 2 - 0.1.
        assertEquals(0.9f, after.get()[0], 1e-6f);
        assertEquals(1.9f, after.get()[1], 1e-6f);
    }
}
