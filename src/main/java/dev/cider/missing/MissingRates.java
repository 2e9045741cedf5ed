package dev.cider.missing;

/** Checks and helpers for missing rates (paper III-A: "a missing rate r%", here a fraction in [0, 1]). */
public final class MissingRates {
    private MissingRates() {}

    /**
     * Returns {@code rate} if it is a number in [0, 1]; otherwise throws an exception naming {@code what}
     * (NaN and infinities included).
     */
    public static double check(String what, double rate) {
        if (Double.isNaN(rate) || rate < 0.0 || rate > 1.0) {
            throw new IllegalArgumentException(what + " must be a missing rate in [0, 1], got " + rate);
        }
        return rate;
    }

    /** The paper's evaluation grid 0.0, 0.1, ..., 1.0 (11 rates, step 0.1, as AUILC uses), computed as i / 10. */
    public static double[] paperGrid() {
        return grid(10);
    }

    /** The grid i / steps for i = 0..steps. */
    public static double[] grid(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("grid needs at least 1 step, got " + steps);
        }
        double[] g = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            g[i] = (double) i / steps;
        }
        return g;
    }
}
