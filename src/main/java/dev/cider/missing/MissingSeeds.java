package dev.cider.missing;

/**
 * Per-sample seeds for a whole split (reference spec 3.3).
 *
 * <p>The reference seeds NumPy once per split ({@code np.random.seed(1111)}) and draws every
 * sample's uniforms from that stream. Here each sample gets its own seed derived from (split seed,
 * sample index), so a sample's masks do not depend on the other samples or on the order in which
 * the split is processed, and—because the per-position uniforms do not depend on the rate—the masks
 * of a split are nested across rates.
 */
public final class MissingSeeds {
    private MissingSeeds() {}

    /** The reference's test/valid seed ({@code args.seed} = 1111). */
    public static final long REFERENCE_TEST_SEED = 1111L;

    /**
     * The seed of sample {@code index} of a split seeded with {@code splitSeed}: a SplitMix64 mix of the
     * two, so neighbouring indices and neighbouring split seeds give unrelated streams.
     */
    public static long sampleSeed(long splitSeed, int index) {
        if (index < 0) {
            throw new IllegalArgumentException("sample index must be >= 0, got " + index);
        }
        long z = mix(splitSeed) + 0x9E3779B97F4A7C15L * (index + 1L);
        return mix(z);
    }

    /** SplitMix64's finaliser (Steele, Lea and Flood 2014). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
