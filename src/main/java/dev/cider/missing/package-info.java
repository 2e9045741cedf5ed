/**
 * Modality missing (paper III-A, Eq. (1), and the appendix "Definition of Various Modality Missing
 * Scenarios"; reference spec section 3).
 *
 * <ul>
 *   <li>{@link dev.cider.missing.MissingPattern}: {@code MissingView view = pattern.apply(sample, rate, seed)}
 *       (or with a {@link java.util.SplittableRandom}); {@code applyAll(samples, rate, splitSeed)} for a split,
 *       sample i seeded by {@link dev.cider.missing.MissingSeeds#sampleSeed}(splitSeed, i).</li>
 *   <li>Patterns: {@link dev.cider.missing.ProposedRmfm} ("RMFM"), {@link dev.cider.missing.TraditionalRmfm}
 *       ("RMFM_same"), {@link dev.cider.missing.RandomModalityMissing} ("RMM"),
 *       {@link dev.cider.missing.TemporalModalityFeatureMissing} ("TMFM", aligned only),
 *       {@link dev.cider.missing.StructuralTemporalModalityFeatureMissing} ("STMFM", aligned only),
 *       {@link dev.cider.missing.SpecificModalityMissing} (the seven {@link dev.cider.missing.SmmCombination}s);
 *       {@link dev.cider.missing.MissingPatterns#parse} builds them from names.</li>
 *   <li>{@link dev.cider.missing.MissingView}: the modified sample, validity masks and missing masks
 *       (1 present, 0 dropped or padding) for the reconstruction loss.</li>
 *   <li>{@link dev.cider.missing.TrainingMissing}: the student's training-time generator, REFERENCE_HALF (the code:
 *       every token/frame dropped with probability 1/2) or PAPER_UNIFORM_RATE (the paper: r ~ U[0,1) per sample).</li>
 *   <li>{@link dev.cider.missing.MissingStats}: drop fractions and nesting checks.</li>
 * </ul>
 *
 * All randomness comes from the seed or RNG passed in; for one seed the masks are nested across rates.
 */
package dev.cider.missing;
