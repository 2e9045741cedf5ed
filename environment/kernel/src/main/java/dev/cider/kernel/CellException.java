package dev.cider.kernel;

import java.util.List;

/**
 * A cell that failed, described the way Jupyter shows errors: a name (the Java exception class, or
 * {@code CompilationException}), a value (the Java message) and traceback lines.
 */
public class CellException extends RuntimeException {
    private final String errorName;
    private final List<String> traceback;

    public CellException(String errorName, String message, List<String> traceback) {
        super(message, null, false, false);
        this.errorName = errorName;
        this.traceback = List.copyOf(traceback);
    }

    /** The Jupyter {@code ename}: e.g. {@code java.lang.IllegalStateException}. */
    public String errorName() {
        return errorName;
    }

    /** The Jupyter {@code traceback} lines (no embedded newlines). */
    public List<String> traceback() {
        return traceback;
    }
}
