package dev.cider.missing;

import java.util.SplittableRandom;

/**
 * Random Modality Missing (appendix "RMM"; reference mode {@code RMM}): a modality-level mask
 * M_all = [M_l, M_a, M_v] in {0,1}^3 per sample; each modality is lost entirely, independently, with
 * probability r. Several (even all three) modalities can be lost together.
 *
 * <p>A lost text becomes [UNK] at every valid position except [CLS]/[SEP]; lost audio/vision become
 * all-zero frames. Draws: three uniforms (text, audio, vision); modality dropped iff u &lt; r.
 */
public final class RandomModalityMissing extends MissingPattern {

    private RandomModalityMissing(Builder b) {
        super(b, "RMM", "Random Modality Missing");
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    void draw(SampleLayout layout, double rate, SplittableRandom rng) {
        for (Modality m : Modality.values()) {
            if (rng.nextDouble() < rate) {
                layout.dropAll(m);
            }
        }
    }

    /** Builder; the only option is {@link #optAlignment}. */
    public static final class Builder extends PatternBuilder<Builder, RandomModalityMissing> {
        private Builder() {
            super(RandomModalityMissing::new);
        }
    }
}
