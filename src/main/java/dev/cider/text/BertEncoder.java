package dev.cider.text;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The text encoder of CIDer: BERT-base-uncased, L = BERT(S) of paper Eq. (2) (section III-B1; reference spec 4.1 step 1),
 * returning the last hidden state.
 *
 * <p>Inputs (NDList): token ids (B, T), attention mask (B, T) with 1 at real tokens and 0 at
 * padding, and optionally segment (token type) ids (B, T), all int64 (int32 and float masks are
 * accepted and converted). Without segment ids, all are 0. Output: the last hidden state (B, T, H)
 * float32. T must not exceed {@link BertConfig#maxPositions()}.
 *
 * <p>Architecture (Google BERT / HuggingFace {@code BertModel} without the pooler): embeddings =
 * LayerNorm(word + position + token type) then dropout, then {@link BertConfig#numLayers()} post-LN
 * {@link BertLayer}s. The attention mask becomes an additive bias {@code (1 - mask) * maskBias}
 * (-10000 by default, HuggingFace's classic value) broadcast over heads and queries; padded queries
 * are computed as usual (their states are returned, as in the reference).
 *
 * <p>Modes: <b>fine-tuning</b> (the reference: all BERT layers are trained with lr 5e-5 and weight
 * decay 0.001 on non-bias, non-LayerNorm weights, reference spec 5.2, see {@link #parameterGroups()})
 * and <b>frozen</b> ({@link Builder#optFrozen}; the CPU default of this study): parameters get no
 * gradient and dropout is off even in training, so the block is a fixed feature extractor whose
 * outputs can be cached ({@link BertFeatureCache}).
 *
 * <p>Weights: random (truncated normal, sigma 0.02, as BERT) after {@code initialize}; load
 * Google's checkpoint with {@link BertWeights}.
 */
public final class BertEncoder extends AbstractBlock {
    private static final byte VERSION = 1;

    private final BertConfig config;
    private final boolean frozen;
    final Parameter wordEmbeddings;
    final Parameter positionEmbeddings;
    final Parameter tokenTypeEmbeddings;
    final LayerNorm embeddingLayerNorm;
    private final Dropout embeddingDropout;
    final List<BertLayer> layers;

    private BertEncoder(Builder builder) {
        super(VERSION);
        this.config = builder.config;
        this.frozen = builder.frozen;
        int h = config.hiddenSize();
        wordEmbeddings = addParameter(Parameter.builder().setName("word_embeddings").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(config.vocabSize(), h)).build());
        positionEmbeddings = addParameter(Parameter.builder().setName("position_embeddings").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(config.maxPositions(), h)).build());
        tokenTypeEmbeddings = addParameter(Parameter.builder().setName("token_type_embeddings").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(config.typeVocabSize(), h)).build());
        embeddingLayerNorm = addChildBlock("embeddings_LayerNorm", BertLayer.layerNorm(config));
        embeddingDropout = addChildBlock("embeddings_dropout", Dropout.builder().optRate(config.hiddenDropout()).build());
        List<BertLayer> list = new ArrayList<>();
        for (int i = 0; i < config.numLayers(); i++) {
            list.add(addChildBlock("layer_" + i, new BertLayer(config)));
        }
        layers = Collections.unmodifiableList(list);
        setInitializer(new TruncatedNormalInitializer(0.02f), Parameter.Type.WEIGHT);
        if (frozen) {
            freezeParameters(true);
        }
    }

    /** A builder; {@link Builder#setConfig} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The configuration. */
    public BertConfig getConfig() {
        return config;
    }

    /** Whether this encoder is a frozen feature extractor (no gradients, no dropout). */
    public boolean isFrozen() {
        return frozen;
    }

    /** The word-embedding matrix (V, H); the masked-LM head's output weights are tied to it. */
    public Parameter getWordEmbeddings() {
        return wordEmbeddings;
    }

    /**
     * The optimizer's parameter groups of the reference (spec 5.2): weights (dense kernels and
     * embedding tables) decay, biases and LayerNorm gamma/beta do not.
     */
    public BertParameterGroups parameterGroups() {
        return BertParameterGroups.of(this);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        if (inputs.size() < 2 || inputs.size() > 3) {
            throw new IllegalArgumentException("BertEncoder expects (ids, attention mask[, segment ids]), got " + inputs.size() + " arrays");
        }
        boolean train = training && !frozen;
        NDArray ids = inputs.get(0);
        Shape shape = ids.getShape();
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException("BertEncoder: ids must be (B, T), got " + shape);
        }
        long t = shape.get(1);
        if (t > config.maxPositions()) {
            throw new IllegalArgumentException("BertEncoder: sequence length " + t + " exceeds maxPositions " + config.maxPositions());
        }
        NDArray mask = inputs.get(1);
        if (!mask.getShape().equals(shape)) {
            throw new IllegalArgumentException("BertEncoder: attention mask shape " + mask.getShape() + " differs from ids " + shape);
        }
        NDManager m = ids.getManager();
        NDArray segments = inputs.size() == 3 ? inputs.get(2) : m.zeros(shape, DataType.INT64);
        if (!segments.getShape().equals(shape)) {
            throw new IllegalArgumentException("BertEncoder: segment ids shape " + segments.getShape() + " differs from ids " + shape);
        }
        Device device = ids.getDevice();
        NDArray word = ps.getValue(wordEmbeddings, device, train);
        NDArray pos = ps.getValue(positionEmbeddings, device, train);
        NDArray type = ps.getValue(tokenTypeEmbeddings, device, train);
        NDArray x = Embedding.embedding(ids.toType(DataType.INT64, false), word, SparseFormat.DENSE).singletonOrThrow()
                .add(Embedding.embedding(segments.toType(DataType.INT64, false), type, SparseFormat.DENSE).singletonOrThrow())
                .add(pos.get(new NDIndex("0:{}", t)));
        x = embeddingLayerNorm.forward(ps, new NDList(x), train).singletonOrThrow();
        x = embeddingDropout.forward(ps, new NDList(x), train).singletonOrThrow();
        NDArray bias = attentionBias(mask);
        for (BertLayer layer : layers) {
            x = layer.forward(ps, new NDList(x, bias), train).singletonOrThrow();
        }
        return new NDList(x);
    }

    /** (B, T) mask of 1/0 to the additive bias (B, 1, 1, T): 0 where attended, maskBias where padded. */
    NDArray attentionBias(NDArray mask) {
        NDManager m = mask.getManager();
        NDArray one = m.create(1f);
        NDArray big = m.create(config.maskBias());
        Shape s = mask.getShape();
        return one.sub(mask.toType(DataType.FLOAT32, false)).mul(big).reshape(s.get(0), 1, 1, s.get(1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), s.get(1), config.hiddenSize())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        Shape hidden = new Shape(s.get(0), s.get(1), config.hiddenSize());
        embeddingLayerNorm.initialize(manager, dataType, hidden);
        embeddingDropout.initialize(manager, dataType, hidden);
        Shape bias = new Shape(s.get(0), 1, 1, s.get(1));
        for (BertLayer layer : layers) {
            layer.initialize(manager, dataType, hidden, bias);
        }
    }

    @Override
    public String toString() {
        return "BertEncoder(" + config + (frozen ? ", frozen" : ", fine-tuning") + ")";
    }

    /** Builder of {@link BertEncoder}. */
    public static final class Builder {
        private BertConfig config;
        private boolean frozen;

        private Builder() {}

        /** The sizes (required): {@link BertConfig#base()} for bert-base-uncased, {@link BertConfig#tiny()} for tests. */
        public Builder setConfig(BertConfig config) {
            this.config = config;
            return this;
        }

        /** Frozen feature extractor (true) or fine-tuned with the model (false, the reference; default). */
        public Builder optFrozen(boolean frozen) {
            this.frozen = frozen;
            return this;
        }

        /** Builds the (uninitialised) block. */
        public BertEncoder build() {
            if (config == null) {
                throw new IllegalArgumentException("BertEncoder.Builder: setConfig(...) is required");
            }
            return new BertEncoder(this);
        }
    }
}
