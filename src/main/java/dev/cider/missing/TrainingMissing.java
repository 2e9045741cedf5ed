package dev.cider.missing;

import dev.cider.data.Sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The training-time missing-data generator that makes the student's incomplete view (paper III-A:
 * "During training, we apply a random missing rate within [0%, 100%)"; reference spec 3.2 and 10.4).
 *
 * <p>The paper and the reference code disagree; both are here behind {@link Mode}:
 * <ul>
 *   <li>{@link Mode#REFERENCE_HALF} (what the released code does, the default): for every position of
 *       the concatenation [text | audio | vision] a rate r_pos ~ U(0,1) is drawn and the position is
 *       kept iff a second U(0,1) &gt; r_pos. That is a constant drop probability of exactly 1/2 for every
 *       token and frame, independently, not a per-sample random rate.</li>
 *   <li>{@link Mode#PAPER_UNIFORM_RATE} (what the paper's text says): one rate r ~ U[0, 1) per sample,
 *       then the pattern (default {@link ProposedRmfm}) at that rate. Averaged over samples the drop
 *       probability is also 1/2, but per sample it ranges from nearly complete to nearly empty data.</li>
 * </ul>
 * Both keep [CLS]/[SEP], turn dropped tokens into [UNK] and dropped frames into zeros, like every
 * {@link MissingPattern}. Masks are redrawn at every call (the reference redraws in every
 * {@code __getitem__}); the caller passes the RNG, e.g. one per epoch from the run's seed.
 */
public final class TrainingMissing {

    /** Which training-time generator to use. */
    public enum Mode {
        /** Reference code: every token/frame dropped independently with probability 0.5. */
        REFERENCE_HALF,
        /** Paper text: a per-sample rate r ~ U[0, 1), then the pattern at rate r. */
        PAPER_UNIFORM_RATE
    }

    private final Mode mode;
    private final MissingPattern pattern;

    private TrainingMissing(Builder b) {
        this.mode = b.mode;
        this.pattern = b.pattern == null ? ProposedRmfm.builder().optAlignment(b.alignment).build() : b.pattern;
        if (mode == Mode.REFERENCE_HALF && b.pattern != null) {
            throw new IllegalArgumentException("optPattern applies to Mode.PAPER_UNIFORM_RATE only; REFERENCE_HALF is "
                    + "the reference's own per-position RMFM draw");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The reference's generator ({@link Mode#REFERENCE_HALF}). */
    public static TrainingMissing referenceHalf() {
        return builder().setMode(Mode.REFERENCE_HALF).build();
    }

    /** The paper's generator ({@link Mode#PAPER_UNIFORM_RATE} with the proposed RMFM). */
    public static TrainingMissing paperUniformRate() {
        return builder().setMode(Mode.PAPER_UNIFORM_RATE).build();
    }

    public Mode mode() {
        return mode;
    }

    /** The pattern used by {@link Mode#PAPER_UNIFORM_RATE} (for REFERENCE_HALF: RMFM, whose draw it replaces). */
    public MissingPattern pattern() {
        return pattern;
    }

    /** One incomplete view of {@code sample}, drawn from {@code rng}. */
    public MissingView apply(Sample sample, SplittableRandom rng) {
        Objects.requireNonNull(sample, "sample");
        Objects.requireNonNull(rng, "rng");
        if (mode == Mode.PAPER_UNIFORM_RATE) {
            double rate = rng.nextDouble();
            return pattern.apply(sample, rate, rng);
        }
        SampleLayout layout = SampleLayout.of(sample, pattern.alignment(), "training RMFM (REFERENCE_HALF)", false);
        for (Modality m : Modality.values()) {
            boolean[] d = layout.drops(m);
            for (int t = 0; t < d.length; t++) {
                double rPos = rng.nextDouble();
                double u = rng.nextDouble();
                d[t] = !(u > rPos);
            }
        }
        return layout.toView();
    }

    /** Views of a batch, drawn in order from {@code rng}. */
    public List<MissingView> applyAll(List<Sample> samples, SplittableRandom rng) {
        List<MissingView> out = new ArrayList<>(samples.size());
        for (Sample s : samples) {
            out.add(apply(s, rng));
        }
        return out;
    }

    @Override
    public String toString() {
        return "TrainingMissing{" + mode + (mode == Mode.PAPER_UNIFORM_RATE ? ", " + pattern.name() : "") + "}";
    }

    /** Builder: {@link #setMode} (default REFERENCE_HALF), {@link #optPattern}, {@link #optAlignment}. */
    public static final class Builder {
        private Mode mode = Mode.REFERENCE_HALF;
        private MissingPattern pattern;
        private Alignment alignment = Alignment.INFER;

        private Builder() {}

        /** Which generator: the reference's 50% drop or the paper's per-sample uniform rate. */
        public Builder setMode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Parses the mode by name ("REFERENCE_HALF", "reference-half", "PAPER_UNIFORM_RATE", "paper"). */
        public Builder setMode(String mode) {
            String n = mode.trim().toUpperCase(java.util.Locale.ROOT).replaceAll("[-\\s]+", "_");
            return setMode(switch (n) {
                case "REFERENCE_HALF", "REFERENCE", "HALF" -> Mode.REFERENCE_HALF;
                case "PAPER_UNIFORM_RATE", "PAPER", "UNIFORM" -> Mode.PAPER_UNIFORM_RATE;
                default -> throw new IllegalArgumentException("unknown training missing mode '" + mode
                        + "': expected REFERENCE_HALF or PAPER_UNIFORM_RATE");
            });
        }

        /** The pattern applied at the per-sample rate in PAPER_UNIFORM_RATE mode (default proposed RMFM). */
        public Builder optPattern(MissingPattern pattern) {
            this.pattern = Objects.requireNonNull(pattern, "pattern");
            return this;
        }

        /** Alignment used by the default pattern (default INFER). */
        public Builder optAlignment(Alignment alignment) {
            this.alignment = Objects.requireNonNull(alignment, "alignment");
            return this;
        }

        public TrainingMissing build() {
            return new TrainingMissing(this);
        }
    }
}
