package dev.cider.missing;

import java.util.SplittableRandom;

/**
 * Structural Temporal Modality Feature Missing (appendix A, after Yuan et al. [18]; reference mode
 * {@code STMFM}), aligned data only: a contiguous period of time steps is lost in all three modalities
 * together, (M^(i), ..., M^(i+k-1)) = 0.
 *
 * <p>As in the reference (spec 3.2): the block length is k = round_half_even((len - 2) * r), computed
 * in double precision ({@link #blockLength}), where len is the valid text length; the start i is
 * uniform on {1, ..., len - k - 1}, so the block never covers [CLS] (0) or [SEP] (len - 1), which are
 * kept in all three modalities.
 *
 * <p>Difference from the reference, on purpose: the reference draws the start with a fresh
 * {@code randint} per rate, so its STMFM masks are <em>not</em> nested across rates. Here one 32-bit
 * uniform u per sample gives start(k) = 1 + floor(u * (len - k - 1) / 2^32): for every k it is
 * uniform on the same range (each start's probability is off by less than 1/2^32), and for k' &gt; k the block [start(k'), start(k') + k')
 * contains [start(k), start(k) + k) (exact integer arithmetic), so the masks are nested like the other
 * patterns'.
 */
public final class StructuralTemporalModalityFeatureMissing extends MissingPattern {

    private StructuralTemporalModalityFeatureMissing(Builder b) {
        super(b, "STMFM", "Structural Temporal Modality Feature Missing");
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean requiresAligned() {
        return true;
    }

    /**
     * Block length k = round_half_even((textLength - 2) * rate) with a double product, as NumPy's
     * {@code np.around} in the reference: 25 * 0.1 = 2.5 gives 2, 35 * 0.1 = 3.5000000000000004 gives 4.
     */
    public static int blockLength(int textLength, double rate) {
        MissingRates.check("STMFM rate", rate);
        if (textLength < 2) {
            throw new IllegalArgumentException("STMFM needs a text length >= 2 ([CLS] and [SEP]), got " + textLength);
        }
        return (int) Math.rint((textLength - 2) * rate);
    }

    /**
     * The block start for a 32-bit uniform {@code u32} (0 .. 2^32 - 1, as a long):
     * 1 + floor(u32 * (len - k - 1) / 2^32), in {1, ..., len - k - 1}.
     */
    public static int blockStart(int textLength, int k, long u32) {
        if (u32 < 0 || u32 > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("u32 must be in [0, 2^32), got " + u32);
        }
        if (k < 0 || k > textLength - 2) {
            throw new IllegalArgumentException("block length " + k + " outside [0, " + (textLength - 2) + "]");
        }
        long choices = textLength - k - 1L;
        return 1 + (int) ((u32 * choices) >>> 32);
    }

    @Override
    void draw(SampleLayout layout, double rate, SplittableRandom rng) {
        layout.sharedMask = true;
        long u32 = rng.nextLong() >>> 32;
        int k = blockLength(layout.textLen, rate);
        if (k == 0) {
            return;
        }
        int start = blockStart(layout.textLen, k, u32);
        for (int t = start; t < start + k; t++) {
            layout.dropText[t] = true;
            layout.dropAudio[t] = true;
            layout.dropVision[t] = true;
        }
    }

    /** Builder; the only option is {@link #optAlignment} (UNALIGNED is rejected). */
    public static final class Builder extends PatternBuilder<Builder, StructuralTemporalModalityFeatureMissing> {
        private Builder() {
            super(StructuralTemporalModalityFeatureMissing::new);
        }
    }
}
