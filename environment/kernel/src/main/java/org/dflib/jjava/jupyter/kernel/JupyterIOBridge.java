package org.dflib.jjava.jupyter.kernel;

import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;

/**
 * Gives the cider-java kernel (another package) access to {@link JupyterIO}'s package-private
 * attach/detach steps, so that it can answer execute requests itself and report errors with the
 * Java exception's class name instead of a wrapper's. Relocated with jjava when the jar is shaded.
 */
public final class JupyterIOBridge {
    private JupyterIOBridge() {}

    /** Routes stdout/stderr/stdin/display of {@code io} to the request answered by {@code env}. */
    public static void attach(JupyterIO io, ShellReplyEnvironment env, boolean stdinEnabled) {
        io.setEnv(env);
        io.setJupyterInEnabled(stdinEnabled);
    }

    /** Detaches {@code io} from the finished request. */
    public static void detach(JupyterIO io, ShellReplyEnvironment env) {
        io.retractEnv(env);
    }
}
