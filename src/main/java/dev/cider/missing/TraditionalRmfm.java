package dev.cider.missing;

import dev.cider.data.Sample;

import java.util.SplittableRandom;

/**
 * Traditional Random Modality Feature Missing (appendix "Traditional RMFM"; reference mode
 * {@code RMFM_same}): a separate missing mask per modality, M_l in {0,1}^T_l, M_a in {0,1}^T_a,
 * M_v in {0,1}^T_v, with rates r_l, r_a, r_v. The evaluation passes r_l = r_a = r_v = r.
 *
 * <p>With equal rates this is statistically identical to {@link ProposedRmfm} (reference spec 10.5):
 * only the random draws differ. Here each modality draws from its own child stream
 * ({@link SplittableRandom#split()}, in the order text, audio, vision), so for one seed the masks
 * differ from the proposed RMFM's just as the reference's do. Specific Modality Missing is this
 * pattern with rates in {0, 1} ({@link SpecificModalityMissing}).
 */
public final class TraditionalRmfm extends MissingPattern {

    private TraditionalRmfm(Builder b) {
        super(b, "RMFM_same", "Traditional RMFM");
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Applies separate rates per modality (reference {@code missing_rate=[r_t, r_a, r_v]}), drawing the
     * same values from {@code rng} as {@link #apply(Sample, double, SplittableRandom)}; masks are nested
     * in each rate separately.
     */
    public MissingView apply(Sample sample, double textRate, double audioRate, double visionRate,
                             SplittableRandom rng) {
        java.util.Objects.requireNonNull(sample, "sample");
        java.util.Objects.requireNonNull(rng, "rng");
        MissingRates.check("RMFM_same text rate", textRate);
        MissingRates.check("RMFM_same audio rate", audioRate);
        MissingRates.check("RMFM_same vision rate", visionRate);
        SampleLayout layout = SampleLayout.of(sample, alignment(), name(), false);
        drawRates(layout, new double[] {textRate, audioRate, visionRate}, rng);
        return layout.toView();
    }

    /** {@link #apply(Sample, double, double, double, SplittableRandom)} with an RNG seeded by {@code seed}. */
    public MissingView apply(Sample sample, double textRate, double audioRate, double visionRate, long seed) {
        return apply(sample, textRate, audioRate, visionRate, new SplittableRandom(seed));
    }

    @Override
    void draw(SampleLayout layout, double rate, SplittableRandom rng) {
        drawRates(layout, new double[] {rate, rate, rate}, rng);
    }

    static void drawRates(SampleLayout layout, double[] rates, SplittableRandom rng) {
        for (Modality m : Modality.values()) {
            SplittableRandom child = rng.split();
            dropBelowRate(layout.drops(m), rates[m.ordinal()], child);
        }
    }

    /** Builder; the only option is {@link #optAlignment}. */
    public static final class Builder extends PatternBuilder<Builder, TraditionalRmfm> {
        private Builder() {
            super(TraditionalRmfm::new);
        }
    }
}
