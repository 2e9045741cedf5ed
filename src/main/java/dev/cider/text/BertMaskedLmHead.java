package dev.cider.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * BERT's masked-language-model head ({@code cls/predictions} in Google's checkpoint; HuggingFace
 * {@code BertLMPredictionHead}): {@code logits = LayerNorm(GELU(Dense(h))) E^T + b}, with the
 * output weights E tied to the encoder's word embeddings. CIDer itself does not use it; it is here
 * to check that loaded weights are right (a masked word is predicted sensibly).
 *
 * <p>Inputs: hidden states (B, T, H) and the word-embedding matrix E (V, H) (pass
 * {@code encoder.getWordEmbeddings().getArray()}). Output: logits (B, T, V).
 */
public final class BertMaskedLmHead extends AbstractBlock {
    private final BertConfig config;
    final Linear transform;
    final LayerNorm layerNorm;
    final Parameter outputBias;

    private BertMaskedLmHead(BertConfig config) {
        this.config = config;
        transform = addChildBlock("transform", Linear.builder().setUnits(config.hiddenSize()).build());
        layerNorm = addChildBlock("transform_LayerNorm", BertLayer.layerNorm(config));
        outputBias = addParameter(Parameter.builder().setName("output_bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(config.vocabSize())).build());
    }

    /** A head for the given sizes. */
    public static BertMaskedLmHead of(BertConfig config) {
        return new BertMaskedLmHead(config);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = inputs.get(0);
        NDArray embeddings = inputs.get(1);
        NDArray x = Activation.gelu(transform.forward(ps, new NDList(h), training).singletonOrThrow());
        x = layerNorm.forward(ps, new NDList(x), training).singletonOrThrow();
        NDArray bias = ps.getValue(outputBias, h.getDevice(), training);
        return new NDList(x.matMul(embeddings.transpose()).add(bias));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), s.get(1), config.vocabSize())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        transform.initialize(manager, dataType, inputShapes[0]);
        layerNorm.initialize(manager, dataType, inputShapes[0]);
    }
}
