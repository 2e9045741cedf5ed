package dev.cider.model;

import ai.djl.ndarray.NDArray;

/**
 * One view of a mini-batch as the CIDer model reads it (spec section 4.1), batch-first.
 *
 * @param textFeatures (B, T_l, d_l) text encoder output (BERT last hidden state); may be null when
 *     {@code textIds} is given and the model has a {@link CiderModel.Builder#optTextEncoder text encoder}
 * @param textIds (B, T_l) int64 token ids, or null (only read by a text encoder)
 * @param segmentIds (B, T_l) int64 token-type ids, or null
 * @param textMask (B, T_l) text validity (attention) mask, 0/1
 * @param audio (B, T_a, d_a) audio features
 * @param audioMask (B, T_a) audio validity mask, 0/1 (any numeric type)
 * @param vision (B, T_v, d_v) vision features
 * @param visionMask (B, T_v) vision validity mask, 0/1
 * @param prototypes (C, d_l + d_a + d_v) class prototypes c_i for the MCM (row i = class i; at
 *     evaluation every row is the split's mean prototype)
 * @param priors (C) class priors P(i) (train frequencies, or uniform at evaluation)
 */
public record CiderInput(NDArray textFeatures, NDArray textIds, NDArray segmentIds, NDArray textMask,
                         NDArray audio, NDArray audioMask, NDArray vision, NDArray visionMask,
                         NDArray prototypes, NDArray priors) {

    /** A view whose text is already encoded (the oracle fixtures' form: BERT output as input). */
    public static CiderInput ofFeatures(NDArray textFeatures, NDArray textMask, NDArray audio, NDArray audioMask,
                                        NDArray vision, NDArray visionMask, NDArray prototypes, NDArray priors) {
        return new CiderInput(textFeatures, null, null, textMask, audio, audioMask, vision, visionMask,
                prototypes, priors);
    }

    /** A view given as token ids, for a model with a text encoder in front (fine-tuning mode). */
    public static CiderInput ofTokens(NDArray textIds, NDArray segmentIds, NDArray textMask, NDArray audio,
                                      NDArray audioMask, NDArray vision, NDArray visionMask, NDArray prototypes,
                                      NDArray priors) {
        return new CiderInput(null, textIds, segmentIds, textMask, audio, audioMask, vision, visionMask,
                prototypes, priors);
    }

    /**
     * The reference's evaluation prototypes (spec 4.6): every c_i replaced by the unweighted mean of
     * the split's C class prototypes, as a (C, P) array.
     *
     * @param perClass (C, P) the split's class prototypes
     */
    public static NDArray meanPrototypes(NDArray perClass) {
        if (perClass.getShape().dimension() != 2) {
            throw new IllegalArgumentException("class prototypes must be (C, P), got " + perClass.getShape());
        }
        long c = perClass.getShape().get(0);
        return perClass.mean(new int[] {0}, true).repeat(0, c);
    }

    /** Uniform evaluation priors 1/C (float32), as the reference passes at valid/test time. */
    public static NDArray uniformPriors(ai.djl.ndarray.NDManager manager, int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
        }
        float[] p = new float[numClasses];
        java.util.Arrays.fill(p, 1f / numClasses);
        return manager.create(p);
    }

    /** The same view with other MCM prototypes and priors (e.g. evaluation's mean prototype, uniform priors). */
    public CiderInput withPrototypes(NDArray newPrototypes, NDArray newPriors) {
        return new CiderInput(textFeatures, textIds, segmentIds, textMask, audio, audioMask, vision, visionMask,
                newPrototypes, newPriors);
    }

    /** The same view with other text features (e.g. the counterfactual text's encoder output). */
    public CiderInput withTextFeatures(NDArray features) {
        return new CiderInput(features, textIds, segmentIds, textMask, audio, audioMask, vision, visionMask,
                prototypes, priors);
    }

    /** Every non-null array of this view. */
    public java.util.List<NDArray> arrays() {
        java.util.List<NDArray> out = new java.util.ArrayList<>();
        for (NDArray a : new NDArray[] {textFeatures, textIds, segmentIds, textMask, audio, audioMask, vision,
            visionMask, prototypes, priors}) {
            if (a != null && out.stream().noneMatch(x -> x == a)) {
                out.add(a);
            }
        }
        return out;
    }

    /** A copy of this view whose arrays live in {@code manager} (so a pass's intermediates do too). */
    public CiderInput copyTo(ai.djl.ndarray.NDManager manager) {
        return new CiderInput(copy(textFeatures, manager), copy(textIds, manager), copy(segmentIds, manager),
                copy(textMask, manager), copy(audio, manager), copy(audioMask, manager), copy(vision, manager),
                copy(visionMask, manager), copy(prototypes, manager), copy(priors, manager));
    }

    static NDArray copy(NDArray a, ai.djl.ndarray.NDManager manager) {
        if (a == null) {
            return null;
        }
        NDArray c = a.duplicate();
        c.attach(manager);
        return c;
    }
}
