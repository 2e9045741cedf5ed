package dev.cider.model;

/** Which self-attention the MCT layers use (study Table V ablation). */
public enum MctVariant {
    /** MCA: the full branch plus six masked branches (paper III-C), the reference model. */
    COMPOSITE,
    /** A plain pre-LN multi-head attention over all tokens ({@link PlainMultiheadAttention}). */
    PLAIN
}
