package dev.cider.util;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * A scope in which PyTorch records no autograd graph on the current thread, like
 * {@code torch.no_grad()}.
 *
 * <p>PyTorch's grad mode is thread-local and starts <em>enabled</em> on every new native thread.
 * DJL switches it off only on threads that opened and closed a {@code GradientCollector}; a fresh
 * thread (a notebook kernel's cell thread, an executor) therefore records graphs for every op, and
 * in-place parameter updates then fail with "a leaf Variable that requires grad is being used in an
 * in-place operation". Optimiser steps and inference wrap themselves in this scope:
 * <pre>{@code try (NoGrad ignored = NoGrad.enter()) { param.subi(update); } }</pre>
 * The previous mode is restored on close. On an engine other than PyTorch it does nothing.
 */
public final class NoGrad implements AutoCloseable {
    private final boolean active;
    private final boolean previous;

    private NoGrad(boolean active, boolean previous) {
        this.active = active;
        this.previous = previous;
    }

    /** Disables grad mode on this thread until {@link #close()}. */
    public static NoGrad enter() {
        if (!"PyTorch".equals(Engine.getInstance().getEngineName())) {
            return new NoGrad(false, false);
        }
        boolean prev = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        return new NoGrad(true, prev);
    }

    /** True when grad mode is on for this thread (PyTorch engine only; false elsewhere). */
    public static boolean isGradMode() {
        return "PyTorch".equals(Engine.getInstance().getEngineName()) && JniUtils.isGradMode();
    }

    @Override
    public void close() {
        if (active) {
            JniUtils.setGradMode(previous);
        }
    }
}
