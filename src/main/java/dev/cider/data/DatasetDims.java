package dev.cider.data;

/**
 * Sizes of one dataset setting (reference spec section 2.2): text length T_l and the raw audio and
 * vision lengths T_a, T_v; feature sizes d_l, d_a, d_v; whether the modalities are word-aligned.
 *
 * <p>The model always works at T_l for all three modalities (word-level alignment, paper III-B);
 * unaligned audio/vision are compressed to T_l by WSAM.
 */
public record DatasetDims(String name, int textLength, int audioLength, int visionLength,
                          int textDim, int audioDim, int visionDim, boolean aligned) {

    /** CMU-MOSI, unaligned (MMSA unaligned_50.pkl): 50/375/500, 768/5/20. */
    public static final DatasetDims MOSI_UNALIGNED = new DatasetDims("mosi", 50, 375, 500, 768, 5, 20, false);
    /** CMU-MOSI, aligned (MMSA aligned_50.pkl): 50/50/50. */
    public static final DatasetDims MOSI_ALIGNED = new DatasetDims("mosi", 50, 50, 50, 768, 5, 20, true);
    /** CMU-MOSEI, unaligned: 50/500/500, 768/74/35. */
    public static final DatasetDims MOSEI_UNALIGNED = new DatasetDims("mosei", 50, 500, 500, 768, 74, 35, false);
    /** CMU-MOSEI, aligned: 50/50/50. */
    public static final DatasetDims MOSEI_ALIGNED = new DatasetDims("mosei", 50, 50, 50, 768, 74, 35, true);

    public DatasetDims {
        if (textLength < 2 || audioLength < 1 || visionLength < 1 || audioDim < 1 || visionDim < 1 || textDim < 1) {
            throw new IllegalArgumentException("invalid dataset dims for " + name + ": T=" + textLength + "/"
                    + audioLength + "/" + visionLength + " d=" + textDim + "/" + audioDim + "/" + visionDim);
        }
        if (aligned && (audioLength != textLength || visionLength != textLength)) {
            throw new IllegalArgumentException("aligned " + name + " needs T_a = T_v = T_l = " + textLength);
        }
    }

    /** Length of a class prototype vector, d_l + d_a + d_v (793 for MOSI, 877 for MOSEI). */
    public int prototypeDim() {
        return textDim + audioDim + visionDim;
    }

    /** A copy with other raw audio/vision lengths (e.g. smaller synthetic variants). */
    public DatasetDims withLengths(int ta, int tv) {
        return new DatasetDims(name, textLength, ta, tv, textDim, audioDim, visionDim, aligned);
    }
}
