package dev.cider.missing;

import java.util.SplittableRandom;

/**
 * Temporal Modality Feature Missing (appendix A, after Yuan et al. [18]; reference mode {@code TMFM}),
 * aligned data only: one mask M in {0,1}^T over the unified (word-aligned) length T is applied to every
 * modality, so a lost time step is lost in text, audio and vision together.
 *
 * <p>Draws: one uniform per text position (T_l values); a droppable position (valid, not [CLS]/[SEP])
 * is dropped iff u &lt; r. Because the reference restores [CLS]/[SEP] in the very array shared by the
 * three modalities, the audio/vision frames at those two positions are kept too.
 */
public final class TemporalModalityFeatureMissing extends MissingPattern {

    private TemporalModalityFeatureMissing(Builder b) {
        super(b, "TMFM", "Temporal Modality Feature Missing");
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean requiresAligned() {
        return true;
    }

    @Override
    void draw(SampleLayout layout, double rate, SplittableRandom rng) {
        layout.sharedMask = true;
        boolean[] d = layout.dropText;
        for (int t = 0; t < d.length; t++) {
            d[t] = rng.nextDouble() < rate && layout.textEligible(t);
        }
        System.arraycopy(d, 0, layout.dropAudio, 0, d.length);
        System.arraycopy(d, 0, layout.dropVision, 0, d.length);
    }

    /** Builder; the only option is {@link #optAlignment} (UNALIGNED is rejected). */
    public static final class Builder extends PatternBuilder<Builder, TemporalModalityFeatureMissing> {
        private Builder() {
            super(TemporalModalityFeatureMissing::new);
        }
    }
}
