package dev.cider.kernel;

import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * JShell execution in the kernel's own JVM ("local" engine) that keeps the real value of the last
 * snippet, so that a cell's final expression can be rendered as an image or a table rather than as
 * its {@code toString()}.
 *
 * <p>Each snippet runs on a fresh thread whose context class loader is the snippet's class loader
 * (libraries such as DJL find their engines through it); {@link #stop()} stops that thread, which is
 * how a Jupyter interrupt reaches user code.
 */
final class CapturingExecutionControl extends DirectExecutionControl {
    private final Object lock = new Object();
    private Thread running;
    private volatile Object lastValue;
    private volatile boolean stopped;

    /** The value returned by the most recent snippet (null for statements and declarations without one). */
    Object lastValue() {
        return lastValue;
    }

    void clearLastValue() {
        lastValue = null;
    }

    /** True (once) when the last snippet was stopped by {@link #stop()}; JShell itself reports no error then. */
    boolean consumeStopped() {
        boolean s = stopped;
        stopped = false;
        return s;
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        AtomicReference<Object> value = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                value.set(doit.invoke(null));
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "cider-cell");
        t.setContextClassLoader(doit.getDeclaringClass().getClassLoader());
        synchronized (lock) {
            running = t;
        }
        t.start();
        try {
            t.join();
        } finally {
            synchronized (lock) {
                running = null;
            }
        }
        Throwable f = failure.get();
        if (f != null) {
            Throwable cause = f instanceof InvocationTargetException ? f.getCause() : f;
            if (cause instanceof ThreadDeath) {
                stopped = true;
                throw new ExecutionControl.StoppedException();
            }
            if (f instanceof Exception ex) {
                throw ex;
            }
            throw new InvocationTargetException(f);
        }
        lastValue = value.get();
        return valueString(value.get());
    }

    @Override
    @SuppressWarnings({"deprecation", "removal"})
    public void stop() {
        synchronized (lock) {
            if (running != null) {
                running.stop();
            }
        }
    }

    /** Provider handing JShell one shared control whose last value the kernel reads. */
    static final class Provider implements ExecutionControlProvider {
        private final CapturingExecutionControl control = new CapturingExecutionControl();

        CapturingExecutionControl control() {
            return control;
        }

        @Override
        public String name() {
            return "cider-local";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return control;
        }
    }
}
