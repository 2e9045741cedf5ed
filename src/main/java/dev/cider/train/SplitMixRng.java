package dev.cider.train;

/**
 * A small seeded random number generator whose whole state is one {@code long}, so a training run
 * can save it in a checkpoint and resume bit for bit (issue 6: {@link java.util.SplittableRandom}
 * cannot be saved). The algorithm is SplitMix64 (Steele, Lea and Flood 2014): the state advances by
 * the golden-ratio increment and each output is a mixed copy of it.
 *
 * <p>Not thread-safe; every consumer gets its own instance, seeded explicitly.
 */
public final class SplitMixRng {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private long state;

    /** A generator in the given state (a seed is a state). */
    public SplitMixRng(long state) {
        this.state = state;
    }

    /** The current state; {@code new SplitMixRng(rng.state())} continues the same sequence. */
    public long state() {
        return state;
    }

    /** The next 64 random bits. */
    public long nextLong() {
        long z = (state += GOLDEN);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound), without modulo bias. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be > 0, got " + bound);
        }
        int bits;
        int val;
        do {
            bits = (int) (nextLong() >>> 33);
            val = bits % bound;
        } while (bits - val + (bound - 1) < 0);
        return val;
    }

    /** A Fisher-Yates permutation of 0..n-1. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
