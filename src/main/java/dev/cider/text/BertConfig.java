package dev.cider.text;

/**
 * Sizes and constants of a BERT encoder (Devlin et al. 2019; the paper's text encoder, Eq. (2) in section III-B1
 * and reference spec 4.1: bert-base-uncased, 12 layers, hidden 768).
 *
 * <p>{@link #base()} is bert-base-uncased exactly as in Google's checkpoint; {@link #tiny()} is a
 * small configuration for unit tests with random weights. Build others with {@link #builder()}.
 *
 * @param hiddenSize width H of every token state
 * @param numLayers number of transformer layers
 * @param numHeads attention heads per layer (H must be divisible by it)
 * @param intermediateSize width of the feed-forward layer
 * @param vocabSize WordPiece vocabulary size
 * @param maxPositions number of learned position embeddings (longest sequence)
 * @param typeVocabSize number of segment (token type) ids
 * @param hiddenDropout dropout on embeddings and on every sub-layer output (training only)
 * @param attentionDropout dropout on attention probabilities (training only)
 * @param layerNormEps LayerNorm epsilon (1e-12 in BERT)
 * @param maskBias additive score bias at padded key positions; -10000 as in Google's BERT and
 *     HuggingFace transformers before 4.21 (newer versions use the float minimum; after the softmax
 *     both give exactly 0 in float32 unless a row is fully masked)
 */
public record BertConfig(int hiddenSize, int numLayers, int numHeads, int intermediateSize, int vocabSize,
                         int maxPositions, int typeVocabSize, float hiddenDropout, float attentionDropout,
                         float layerNormEps, float maskBias) {

    /** Validates every field. */
    public BertConfig {
        positive("hiddenSize", hiddenSize);
        positive("numLayers", numLayers);
        positive("numHeads", numHeads);
        positive("intermediateSize", intermediateSize);
        positive("vocabSize", vocabSize);
        positive("maxPositions", maxPositions);
        positive("typeVocabSize", typeVocabSize);
        if (hiddenSize % numHeads != 0) {
            throw new IllegalArgumentException("BertConfig: hiddenSize " + hiddenSize + " is not divisible by numHeads " + numHeads);
        }
        rate("hiddenDropout", hiddenDropout);
        rate("attentionDropout", attentionDropout);
        if (!(layerNormEps > 0) || Float.isInfinite(layerNormEps)) {
            throw new IllegalArgumentException("BertConfig: layerNormEps must be a positive finite number, got " + layerNormEps);
        }
        if (!(maskBias < 0) || Float.isInfinite(maskBias)) {
            throw new IllegalArgumentException("BertConfig: maskBias must be a negative finite number, got " + maskBias);
        }
    }

    /** bert-base-uncased: 12 layers, hidden 768, 12 heads, intermediate 3072, vocab 30522, 512 positions. */
    public static BertConfig base() {
        return builder().build();
    }

    /** A tiny configuration for tests: 2 layers, hidden 32, 4 heads, intermediate 64, vocab 200, 64 positions. */
    public static BertConfig tiny() {
        return builder().setHiddenSize(32).setNumLayers(2).setNumHeads(4).setIntermediateSize(64)
                .setVocabSize(200).setMaxPositions(64).build();
    }

    /** Size of one attention head. */
    public int headSize() {
        return hiddenSize / numHeads;
    }

    /** A builder starting from {@link #base()}'s values. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.hiddenSize = hiddenSize;
        b.numLayers = numLayers;
        b.numHeads = numHeads;
        b.intermediateSize = intermediateSize;
        b.vocabSize = vocabSize;
        b.maxPositions = maxPositions;
        b.typeVocabSize = typeVocabSize;
        b.hiddenDropout = hiddenDropout;
        b.attentionDropout = attentionDropout;
        b.layerNormEps = layerNormEps;
        b.maskBias = maskBias;
        return b;
    }

    private static void positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException("BertConfig: " + name + " must be positive, got " + v);
        }
    }

    private static void rate(String name, float v) {
        if (!(v >= 0f && v <= 1f)) {
            throw new IllegalArgumentException("BertConfig: " + name + " must be in [0, 1], got " + v);
        }
    }

    /** Builder of {@link BertConfig}; defaults are bert-base-uncased. */
    public static final class Builder {
        private int hiddenSize = 768;
        private int numLayers = 12;
        private int numHeads = 12;
        private int intermediateSize = 3072;
        private int vocabSize = 30522;
        private int maxPositions = 512;
        private int typeVocabSize = 2;
        private float hiddenDropout = 0.1f;
        private float attentionDropout = 0.1f;
        private float layerNormEps = 1e-12f;
        private float maskBias = -10000f;

        private Builder() {}

        public Builder setHiddenSize(int v) { hiddenSize = v; return this; }
        public Builder setNumLayers(int v) { numLayers = v; return this; }
        public Builder setNumHeads(int v) { numHeads = v; return this; }
        public Builder setIntermediateSize(int v) { intermediateSize = v; return this; }
        public Builder setVocabSize(int v) { vocabSize = v; return this; }
        public Builder setMaxPositions(int v) { maxPositions = v; return this; }
        public Builder optTypeVocabSize(int v) { typeVocabSize = v; return this; }
        public Builder optHiddenDropout(float v) { hiddenDropout = v; return this; }
        public Builder optAttentionDropout(float v) { attentionDropout = v; return this; }
        public Builder optLayerNormEps(float v) { layerNormEps = v; return this; }
        public Builder optMaskBias(float v) { maskBias = v; return this; }

        /** Builds and validates. */
        public BertConfig build() {
            return new BertConfig(hiddenSize, numLayers, numHeads, intermediateSize, vocabSize, maxPositions,
                    typeVocabSize, hiddenDropout, attentionDropout, layerNormEps, maskBias);
        }
    }
}
