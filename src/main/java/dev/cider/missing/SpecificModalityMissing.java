package dev.cider.missing;

import dev.cider.data.Sample;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Specific Modality Missing (appendix B; reference {@code main_eval.py}): a special case of RMM in
 * which specific modalities are missing in <em>all</em> samples while the others are kept. The
 * reference implements it as Traditional RMFM with rates in {0, 1} per modality
 * ({@link SmmCombination#referenceRates()}); rate 1 turns the whole text into [UNK] (except [CLS]/[SEP])
 * and audio/vision into zeros.
 *
 * <p>The paper's SMM is {@link #apply(Sample, long)}, i.e. rate 1. {@code apply(sample, r, ...)} drops
 * the unavailable modalities at rate r through {@link TraditionalRmfm} (a small generalisation: r = 1
 * is the paper's case, r = 0 the complete data); available modalities are never touched.
 */
public final class SpecificModalityMissing extends MissingPattern {

    private final SmmCombination combination;

    private SpecificModalityMissing(Builder b) {
        super(b, "SMM" + required(b).label(), "Specific Modality Missing " + required(b).label());
        this.combination = required(b);
    }

    private static SmmCombination required(Builder b) {
        return Objects.requireNonNull(b.combination,
                "SMM needs a combination: builder().setCombination(SmmCombination.TEXT) etc.");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The SMM case of these available modalities (shortcut for the builder). */
    public static SpecificModalityMissing of(SmmCombination combination) {
        return builder().setCombination(combination).build();
    }

    /** Which modalities are available. */
    public SmmCombination combination() {
        return combination;
    }

    /** The paper's SMM: the unavailable modalities are removed entirely (rate 1). */
    public MissingView apply(Sample sample, long seed) {
        return apply(sample, 1.0, seed);
    }

    @Override
    void draw(SampleLayout layout, double rate, SplittableRandom rng) {
        double[] rates = new double[3];
        for (Modality m : Modality.values()) {
            rates[m.ordinal()] = combination.available(m) ? 0.0 : rate;
        }
        TraditionalRmfm.drawRates(layout, rates, rng);
    }

    /** Builder: {@link #setCombination} is required. */
    public static final class Builder extends BaseBuilder<Builder> {
        private SmmCombination combination;

        private Builder() {}

        /** The available modalities (one of the seven cases). */
        public Builder setCombination(SmmCombination combination) {
            this.combination = Objects.requireNonNull(combination, "combination");
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        public SpecificModalityMissing build() {
            return new SpecificModalityMissing(this);
        }
    }
}
