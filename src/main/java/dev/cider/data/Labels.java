package dev.cider.data;

/**
 * Label rules of the reference data loader (reference spec section 2.3).
 */
public final class Labels {
    private Labels() {}

    /** Number of classes of the "binary" task (which is really 3-class: negative / neutral / positive). */
    public static final int BINARY_CLASSES = 3;
    /** Number of classes of the "seven" task. */
    public static final int SEVEN_CLASSES = 7;

    /**
     * 7-class label: round-half-to-even(clip(y, -3, 3)) + 3, as NumPy's {@code np.round} does
     * ({@code Math.rint}, not {@code Math.round}): -2.5 gives 1, 0.5 gives 3, 2.5 gives 5.
     */
    public static int label7(double y) {
        checkFinite(y);
        double c = Math.max(-3.0, Math.min(3.0, y));
        return (int) Math.rint(c) + 3;
    }

    /** 3-class label by the sign of the score (cross-dataset rule): 0 if y &lt; 0, 1 if y == 0, 2 if y &gt; 0. */
    public static int label3FromScore(double y) {
        checkFinite(y);
        return y < 0 ? 0 : (y == 0 ? 1 : 2);
    }

    /** The label of a task: 3-class for "binary", 7-class for "seven". */
    public static int label(Task task, Sample s) {
        return task == Task.BINARY ? s.label3() : s.label7();
    }

    private static void checkFinite(double y) {
        if (!Double.isFinite(y)) {
            throw new IllegalArgumentException("regression label is not finite: " + y);
        }
    }

    /** The paper's two tasks; "binary" is a 3-class classifier whose Acc2 excludes neutral truths. */
    public enum Task {
        BINARY(3), SEVEN(7);

        private final int classes;

        Task(int classes) { this.classes = classes; }

        /** Number of output classes C. */
        public int classes() { return classes; }

        /** Parses "binary" / "seven" (case-insensitive). */
        public static Task parse(String s) {
            for (Task t : values()) {
                if (t.name().equalsIgnoreCase(s.trim())) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown task '" + s + "': expected binary or seven");
        }
    }
}
