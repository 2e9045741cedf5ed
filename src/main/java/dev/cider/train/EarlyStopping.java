package dev.cider.train;

/**
 * Early stopping on a validation metric (higher is better), as the reference's loop does with
 * patience 10 (spec section 5.3), but on the validation split only: a strictly better value saves
 * the checkpoint and resets the patience; otherwise the patience drops and training stops at 0.
 *
 * <p>The state is plain data so a resumed run continues exactly where it stopped.
 */
public final class EarlyStopping {
    private final int patience;
    private double best = Double.NEGATIVE_INFINITY;
    private int bestEpoch = -1;
    private int left;

    public EarlyStopping(int patience) {
        if (patience <= 0) {
            throw new IllegalArgumentException("patience must be > 0, got " + patience);
        }
        this.patience = patience;
        this.left = patience;
    }

    /** Restores a saved state. */
    public static EarlyStopping restore(int patience, double best, int bestEpoch, int left) {
        EarlyStopping e = new EarlyStopping(patience);
        e.best = best;
        e.bestEpoch = bestEpoch;
        e.left = left;
        return e;
    }

    /**
     * Records the metric of an epoch; returns true when it is a new best (save a checkpoint).
     * A NaN metric never improves.
     */
    public boolean update(int epoch, double metric) {
        if (metric > best) {
            best = metric;
            bestEpoch = epoch;
            left = patience;
            return true;
        }
        left--;
        return false;
    }

    /** True once the patience is used up. */
    public boolean shouldStop() { return left <= 0; }

    public double best() { return best; }

    public int bestEpoch() { return bestEpoch; }

    public int patienceLeft() { return left; }

    public int patience() { return patience; }
}
