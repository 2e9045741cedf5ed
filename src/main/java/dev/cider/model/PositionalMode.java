package dev.cider.model;

/**
 * What the MCT adds as its "positional embedding" (spec section 4.5, oracle README "Positional
 * term"). The sinusoid table is pe[p, 2i] = sin(p·w_i), pe[p, 2i+1] = cos(p·w_i),
 * w_i = exp(2i·(−ln 10000 / D)), max length 1024.
 */
public enum PositionalMode {
    /**
     * The reference's behaviour: the table expects batch-first input but receives sequence-first,
     * so row b is added to all 3·T_l tokens of sample b (b = index in the mini-batch). No token
     * position information; outputs depend on where a sample sits in its batch. The oracle uses this.
     */
    REFERENCE_BATCH_INDEX,
    /**
     * Corrected: token t of each modality block gets pe[t] (t = 0..T_l−1 within the L, A and V
     * blocks alike), so word-aligned tokens of the three modalities share a position, and the
     * batch composition no longer matters.
     */
    SEQUENCE_POSITION,
    /** No positional term at all. */
    NONE
}
