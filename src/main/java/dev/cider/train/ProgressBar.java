package dev.cider.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A text progress bar for long runs (training epochs, evaluation grids, feature caching).
 *
 * <p>It prints whole lines (no carriage returns; the first step, then at most {@code lines} more), so it reads well in a terminal, in a CI log and
 * in a notebook's output alike: at most {@code lines} updates per run, each with the step count,
 * a bar, the elapsed time, the ETA and an optional status such as the current loss.
 */
public final class ProgressBar {
    private final String label;
    private final long total;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private final int lines;
    private long lastPrintedBucket = -1;

    /** A bar for {@code total} steps printing to stdout about 10 times. */
    public ProgressBar(String label, long total) {
        this(label, total, System.out, 10);
    }

    /** A bar printing at most {@code lines} updates to {@code out}. */
    public ProgressBar(String label, long total, PrintStream out, int lines) {
        if (total <= 0) {
            throw new IllegalArgumentException("progress total must be > 0, got " + total);
        }
        this.label = label;
        this.total = total;
        this.out = out;
        this.lines = Math.max(1, lines);
    }

    /** Reports that {@code done} of the total steps are finished; {@code status} may be null. */
    public void update(long done, String status) {
        long bucket = Math.min(lines, done * lines / total);
        if (bucket == lastPrintedBucket && done < total) {
            return;
        }
        lastPrintedBucket = bucket;
        out.println(render(done, status));
        out.flush();
    }

    /** The line for a state, e.g. {@code train [#####.....] 5/10 50% 00:12 eta 00:12 loss 0.71}. */
    public String render(long done, String status) {
        double frac = Math.min(1.0, (double) done / total);
        int width = 20;
        int filled = (int) Math.round(frac * width);
        double elapsed = (System.nanoTime() - start) / 1e9;
        double eta = done > 0 ? elapsed * (total - done) / done : Double.NaN;
        return String.format(Locale.ROOT, "%s [%s%s] %d/%d %3.0f%% %s eta %s%s", label, "#".repeat(filled),
                ".".repeat(width - filled), done, total, frac * 100, clock(elapsed), clock(eta),
                status == null || status.isEmpty() ? "" : " " + status);
    }

    /** Seconds as mm:ss or h:mm:ss; "--:--" when unknown. */
    static String clock(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "--:--";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}
