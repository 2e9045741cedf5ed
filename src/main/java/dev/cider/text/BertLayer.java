package dev.cider.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One post-LN BERT transformer layer (Devlin et al. 2019; Vaswani et al. 2017), as in Google's
 * checkpoint and HuggingFace {@code BertLayer}:
 * <pre>
 *   a = LayerNorm(x + Dropout(Dense_o(MultiHeadSelfAttention(x, bias))))
 *   y = LayerNorm(a + Dropout(Dense_2(GELU(Dense_1(a)))))
 * </pre>
 * with scores {@code Q K^T / sqrt(d_head) + bias}, GELU in its exact erf form and LayerNorm over
 * the last axis with epsilon {@link BertConfig#layerNormEps()}.
 *
 * <p>Inputs: hidden states (B, T, H) float32 and the additive attention bias (B, 1, 1, T).
 * Output: (B, T, H). Constants are created as arrays, never passed as Java numbers to mul/div
 * (platform notes: DJL gradient bug).
 */
public final class BertLayer extends AbstractBlock {
    private final BertConfig config;
    final Linear query;
    final Linear key;
    final Linear value;
    final Linear attentionOutput;
    final LayerNorm attentionLayerNorm;
    final Linear intermediate;
    final Linear output;
    final LayerNorm outputLayerNorm;
    private final Dropout attentionDropout;
    private final Dropout hiddenDropout;

    BertLayer(BertConfig config) {
        this.config = config;
        int h = config.hiddenSize();
        query = addChildBlock("query", Linear.builder().setUnits(h).build());
        key = addChildBlock("key", Linear.builder().setUnits(h).build());
        value = addChildBlock("value", Linear.builder().setUnits(h).build());
        attentionOutput = addChildBlock("attention_output", Linear.builder().setUnits(h).build());
        attentionLayerNorm = addChildBlock("attention_LayerNorm", layerNorm(config));
        intermediate = addChildBlock("intermediate", Linear.builder().setUnits(config.intermediateSize()).build());
        output = addChildBlock("output", Linear.builder().setUnits(h).build());
        outputLayerNorm = addChildBlock("output_LayerNorm", layerNorm(config));
        attentionDropout = addChildBlock("attention_dropout", Dropout.builder().optRate(config.attentionDropout()).build());
        hiddenDropout = addChildBlock("hidden_dropout", Dropout.builder().optRate(config.hiddenDropout()).build());
    }

    /** LayerNorm over axis 2 of (B, T, H) (DJL's default normalises all non-batch axes; axis(-1) throws). */
    static LayerNorm layerNorm(BertConfig config) {
        return LayerNorm.builder().axis(2).optEpsilon(config.layerNormEps()).build();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray bias = inputs.get(1);
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        int heads = config.numHeads();
        int dh = config.headSize();
        NDArray q = split(query.forward(ps, new NDList(x), training).singletonOrThrow(), b, t, heads, dh);
        NDArray k = split(key.forward(ps, new NDList(x), training).singletonOrThrow(), b, t, heads, dh);
        NDArray v = split(value.forward(ps, new NDList(x), training).singletonOrThrow(), b, t, heads, dh);
        NDArray scale = x.getManager().create((float) Math.sqrt(dh));
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div(scale).add(bias);
        NDArray probs = scores.softmax(-1);
        probs = attentionDropout.forward(ps, new NDList(probs), training).singletonOrThrow();
        NDArray context = probs.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, config.hiddenSize());
        NDArray attn = attentionOutput.forward(ps, new NDList(context), training).singletonOrThrow();
        attn = hiddenDropout.forward(ps, new NDList(attn), training).singletonOrThrow();
        NDArray a = attentionLayerNorm.forward(ps, new NDList(x.add(attn)), training).singletonOrThrow();
        NDArray f = Activation.gelu(intermediate.forward(ps, new NDList(a), training).singletonOrThrow());
        f = output.forward(ps, new NDList(f), training).singletonOrThrow();
        f = hiddenDropout.forward(ps, new NDList(f), training).singletonOrThrow();
        return new NDList(outputLayerNorm.forward(ps, new NDList(a.add(f)), training).singletonOrThrow());
    }

    /** (B, T, H) to (B, heads, T, d_head). */
    private static NDArray split(NDArray x, long b, long t, int heads, int dh) {
        return x.reshape(b, t, heads, dh).transpose(0, 2, 1, 3);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape hidden = inputShapes[0];
        Shape inter = new Shape(hidden.get(0), hidden.get(1), config.intermediateSize());
        query.initialize(manager, dataType, hidden);
        key.initialize(manager, dataType, hidden);
        value.initialize(manager, dataType, hidden);
        attentionOutput.initialize(manager, dataType, hidden);
        attentionLayerNorm.initialize(manager, dataType, hidden);
        intermediate.initialize(manager, dataType, hidden);
        output.initialize(manager, dataType, inter);
        outputLayerNorm.initialize(manager, dataType, hidden);
        attentionDropout.initialize(manager, dataType, new Shape(hidden.get(0), config.numHeads(), hidden.get(1), hidden.get(1)));
        hiddenDropout.initialize(manager, dataType, hidden);
    }
}
