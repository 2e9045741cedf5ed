/**
 * The CIDer model (paper section III; reference spec sections 4-6, 10, 11) as DJL blocks, its
 * losses, the reference optimizer and the two-stage training update.
 *
 * <ul>
 *   <li>{@link dev.cider.model.CiderModel}: the whole model, built with a builder; blocks
 *       {@link dev.cider.model.ModalityProjection} (Conv1D k=1), {@link dev.cider.model.Wsam},
 *       {@link dev.cider.model.ModalityGru}, {@link dev.cider.model.MultimodalCompositeTransformer}
 *       with {@link dev.cider.model.CompositeTransformerLayer} and
 *       {@link dev.cider.model.MultimodalCompositeAttention} (or
 *       {@link dev.cider.model.PlainMultiheadAttention}), {@link dev.cider.model.NaiveAttention},
 *       {@link dev.cider.model.FusionMlp}, {@link dev.cider.model.MultimodalCausalModule} (or
 *       {@link dev.cider.model.LinearHead}) and the MSSD {@link dev.cider.model.SelfDistillationHeads}.</li>
 *   <li>{@link dev.cider.model.CiderLosses}: task NLL, joint-representation cosine, attention KL,
 *       masked SmoothL1 reconstruction, written by hand (DJL scalar-lifetime bug).</li>
 *   <li>{@link dev.cider.model.ReferenceAdam} and {@link dev.cider.model.TwoStageUpdate}: the
 *       reference's per-batch teacher step then student step.</li>
 *   <li>{@link dev.cider.model.VerifyOracle}: checks all of it against any oracle fixture.</li>
 * </ul>
 *
 * <p>Memory: a forward pass attaches its intermediates to the manager of its input arrays; run
 * passes on inputs in a per-batch sub-manager ({@link dev.cider.model.TwoStageUpdate} does this
 * itself).
 */
package dev.cider.model;
