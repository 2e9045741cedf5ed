package dev.cider.missing;

/**
 * Whether a sample's audio and vision are word-aligned with its text (reference spec 3.1).
 *
 * <p>Aligned data (MMSA {@code aligned_50.pkl}) has T_a = T_v = T_l, and the reference takes the
 * audio/vision validity from the <em>text</em> length ([CLS] and [SEP] included). Unaligned data
 * uses each modality's own length. TMFM and STMFM need aligned data.
 */
public enum Alignment {
    /** Aligned iff the sample has T_a = T_v = T_l (true for MMSA aligned data, false for unaligned MOSI/MOSEI). */
    INFER,
    /** Word-aligned: audio/vision validity = text length; TMFM/STMFM allowed. */
    ALIGNED,
    /** Unaligned: audio/vision validity = their own lengths; TMFM/STMFM rejected. */
    UNALIGNED;

    /** ALIGNED or UNALIGNED as a dataset setting says ({@link dev.cider.data.DatasetDims#aligned()}). */
    public static Alignment of(dev.cider.data.DatasetDims dims) {
        return dims.aligned() ? ALIGNED : UNALIGNED;
    }
}
