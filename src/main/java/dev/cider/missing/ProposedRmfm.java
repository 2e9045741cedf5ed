package dev.cider.missing;

import java.util.SplittableRandom;

/**
 * The paper's proposed Random Modality Feature Missing (RMFM, paper III-A; reference mode
 * {@code RMFM} with {@code missing_rate=[r]}).
 *
 * <p>Given a missing rate r, one total missing mask M_all in {0,1}^(T_l + T_a + T_v) is drawn over the
 * concatenated sequence [text | audio | vision] and split into M_l, M_a, M_v: every valid token or
 * frame is dropped independently with probability r, whatever its modality, so any feature of any
 * modality may be lost. [CLS] and [SEP] are restored afterwards (text only).
 *
 * <p>Draws: one uniform per position of the concatenation, text first, then audio, then vision
 * (T_l + T_a + T_v values, padding included); a position is dropped iff u &lt; r.
 */
public final class ProposedRmfm extends MissingPattern {

    private ProposedRmfm(Builder b) {
        super(b, "RMFM", "Proposed RMFM");
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    void draw(SampleLayout layout, double rate, SplittableRandom rng) {
        for (Modality m : Modality.values()) {
            dropBelowRate(layout.drops(m), rate, rng);
        }
    }

    /** Builder; the only option is {@link #optAlignment}. */
    public static final class Builder extends PatternBuilder<Builder, ProposedRmfm> {
        private Builder() {
            super(ProposedRmfm::new);
        }
    }
}
