package dev.cider.missing;

import dev.cider.data.Sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A modality-missing method, the function Missing(.) of paper Eq. (1):
 * (S~, A~, V~) = Missing((S, A, V)), at a missing rate r in [0, 1].
 *
 * <p>Implementations (paper III-A and appendix "Definition of Various Modality Missing Scenarios";
 * reference spec 3.2): {@link ProposedRmfm} (RMFM), {@link TraditionalRmfm} (RMFM_same),
 * {@link RandomModalityMissing} (RMM), {@link TemporalModalityFeatureMissing} (TMFM),
 * {@link StructuralTemporalModalityFeatureMissing} (STMFM) and {@link SpecificModalityMissing} (SMM).
 * {@link MissingPatterns#parse} builds one from its name.
 *
 * <p>Common semantics (reference spec 3.1): a dropped text token becomes [UNK] and the attention mask
 * is unchanged; [CLS] and [SEP] are never dropped; padding is never touched (ids stay [PAD], frames
 * keep their values); a dropped audio/vision frame becomes a zero vector. Masks are per token/frame, never per feature.
 *
 * <p>Seeding and nesting: every call takes its own RNG (or seed); nothing global is used. Each
 * pattern draws the same number of uniforms whatever the rate and drops a position iff its uniform
 * u &lt; r (the reference keeps iff u &gt; r; the two differ only on the probability-zero event u = r).
 * Hence for one seed, what is dropped at r is dropped at every r' &gt; r: curves over rates are
 * nested and smooth. Rate 0 drops nothing and rate 1 drops every droppable position, whatever the seed.
 */
public abstract class MissingPattern {

    private final Alignment alignment;
    private final String name;
    private final String label;

    /**
     * @param name the reference's mode name ({@link #name()})
     * @param label the paper's name ({@link #label()})
     */
    protected MissingPattern(BaseBuilder<?> builder, String name, String label) {
        this.alignment = Objects.requireNonNull(builder.alignment, "alignment");
        this.name = Objects.requireNonNull(name, "name");
        this.label = Objects.requireNonNull(label, "label");
        if (requiresAligned() && alignment == Alignment.UNALIGNED) {
            throw new IllegalArgumentException(name() + " requires word-aligned data; it cannot be built with "
                    + "Alignment.UNALIGNED");
        }
    }

    /** The reference's mode name, e.g. "RMFM", "RMFM_same", "RMM", "TMFM", "STMFM", "SMM(Text)". */
    public final String name() {
        return name;
    }

    /** The paper's name, e.g. "Proposed RMFM", "Traditional RMFM". */
    public final String label() {
        return label;
    }

    /** Whether the pattern needs word-aligned data (TMFM, STMFM). */
    public boolean requiresAligned() {
        return false;
    }

    /** How the pattern decides whether a sample is aligned. */
    public Alignment alignment() {
        return alignment;
    }

    /** Applies the pattern with an RNG seeded by {@code seed} (same seed, same view). */
    public final MissingView apply(Sample sample, double rate, long seed) {
        return apply(sample, rate, new SplittableRandom(seed));
    }

    /**
     * Applies the pattern, drawing from {@code rng}. The number of values drawn does not depend on
     * {@code rate}, so two RNGs in the same state give nested views at two rates.
     *
     * @throws IllegalArgumentException if the rate is NaN or outside [0, 1], or the sample does not fit
     *     the pattern (e.g. unaligned data for TMFM/STMFM), naming the sample
     */
    public final MissingView apply(Sample sample, double rate, SplittableRandom rng) {
        Objects.requireNonNull(sample, "sample");
        Objects.requireNonNull(rng, "rng");
        MissingRates.check(name() + " rate", rate);
        SampleLayout layout = SampleLayout.of(sample, alignment, name(), requiresAligned());
        draw(layout, rate, rng);
        return layout.toView();
    }

    /**
     * Applies the pattern to a whole split: sample i uses the seed
     * {@link MissingSeeds#sampleSeed}(splitSeed, i), so the split's views are reproducible, independent
     * of the order of processing, and nested across rates.
     */
    public List<MissingView> applyAll(List<Sample> samples, double rate, long splitSeed) {
        MissingRates.check(name() + " rate", rate);
        List<MissingView> out = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            out.add(apply(samples.get(i), rate, MissingSeeds.sampleSeed(splitSeed, i)));
        }
        return out;
    }

    /**
     * Fills the drop flags of {@code layout}. Must draw the same number of values from {@code rng} for
     * every rate, and drop a position iff its uniform is below the rate (nesting).
     */
    abstract void draw(SampleLayout layout, double rate, SplittableRandom rng);

    /**
     * The per-position draw shared by the feature-level patterns: position t of {@code drops} is
     * dropped iff the t-th uniform of {@code rng} is below {@code rate} (one uniform per position,
     * padding included, whatever the rate: nesting).
     */
    static void dropBelowRate(boolean[] drops, double rate, SplittableRandom rng) {
        for (int t = 0; t < drops.length; t++) {
            drops[t] = rng.nextDouble() < rate;
        }
    }

    @Override
    public String toString() {
        return name() + " (" + label() + (alignment == Alignment.INFER ? "" : ", " + alignment) + ")";
    }

    /** Options common to every pattern. */
    public abstract static class BaseBuilder<B extends BaseBuilder<B>> {
        Alignment alignment = Alignment.INFER;

        /** How to decide alignment (default {@link Alignment#INFER}: aligned iff T_a = T_v = T_l). */
        public B optAlignment(Alignment alignment) {
            this.alignment = Objects.requireNonNull(alignment, "alignment");
            return self();
        }

        protected abstract B self();

        public abstract MissingPattern build();
    }

    /**
     * The builder of a pattern whose only option is {@link #optAlignment}: {@link #build()} hands the
     * builder to the pattern's constructor. Each such pattern's {@code Builder} extends this with its
     * own type and constructor, e.g. {@code Builder extends PatternBuilder<Builder, ProposedRmfm>}.
     *
     * @param <B> the concrete builder
     * @param <P> the pattern it builds
     */
    public abstract static class PatternBuilder<B extends PatternBuilder<B, P>, P extends MissingPattern>
            extends BaseBuilder<B> {
        private final Function<B, P> constructor;

        PatternBuilder(Function<B, P> constructor) {
            this.constructor = constructor;
        }

        @SuppressWarnings("unchecked")
        @Override
        protected final B self() {
            return (B) this;
        }

        @Override
        public final P build() {
            return constructor.apply(self());
        }
    }
}
