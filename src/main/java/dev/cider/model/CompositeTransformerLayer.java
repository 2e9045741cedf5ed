package dev.cider.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * One pre-LN MCT layer (paper III-C; spec section 4.3):
 * x ← x + dropout_res(MCA(LN₀(x))); x ← x + dropout_res(fc2(dropout_relu(ReLU(fc1(LN₁(x)))))),
 * with fc1 D→4D and fc2 4D→D (xavier weights, zero bias).
 *
 * <p>Input {@code (B, N, D)}. Outputs: the layer output, the raw attention scores
 * {@code (B·H, N, N)}, the attention output before the residual, then (composite only) the seven
 * branch outputs.
 */
public final class CompositeTransformerLayer extends CiderBlock {
    private final float reluDropout;
    private final float resDropout;
    private final AbstractBlock attention;
    private final Linear fc1;
    private final Linear fc2;
    private final LayerNorm ln0;
    private final LayerNorm ln1;

    private CompositeTransformerLayer(int dim, int heads, MctVariant variant, float attnDropout, float reluDropout,
                              float resDropout) {
        this.reluDropout = checkRate("relu_dropout", reluDropout);
        this.resDropout = checkRate("res_dropout", resDropout);
        AbstractBlock att = variant == MctVariant.PLAIN
                ? PlainMultiheadAttention.builder().optEmbedDim(dim).setNumHeads(heads).optAttentionDropout(attnDropout).build()
                : MultimodalCompositeAttention.builder().optEmbedDim(dim).setNumHeads(heads)
                        .optAttentionDropout(attnDropout).build();
        attention = child("self_attn", att, new Shape(1, 3, dim));
        fc1 = linear("fc1", dim, 4 * dim, Init.XAVIER);
        fc2 = linear("fc2", 4 * dim, dim, Init.XAVIER);
        ln0 = layerNorm("layer_norms_0", dim);
        ln1 = layerNorm("layer_norms_1", dim);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        NDArray x = in.singletonOrThrow();
        NDList att = attention.forward(ps, new NDList(run(ln0, ps, x, training)), training);
        x = x.add(dropout(att.get(0), resDropout, training));
        NDArray h = ai.djl.nn.Activation.relu(run(fc1, ps, run(ln1, ps, x, training), training));
        h = run(fc2, ps, dropout(h, reluDropout, training), training);
        x = x.add(dropout(h, resDropout, training));
        NDList out = new NDList(x, att.get(1), att.get(0));
        for (int i = 2; i < att.size(); i++) {
            out.add(att.get(i));
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {in[0]};
    }

    @Override
    public void torchParameters(String prefix, Map<String, Parameter> out) {
        ((TorchNamed) attention).torchParameters(prefix + "self_attn.", out);
        putLinear(prefix + "fc1", fc1, out);
        putLinear(prefix + "fc2", fc2, out);
        putLayerNorm(prefix + "layer_norms.0", ln0, out);
        putLayerNorm(prefix + "layer_norms.1", ln1, out);
    }

    /** A builder: {@code setNumHeads(H)}; D 32, COMPOSITE, dropouts attn 0 / relu 0.1 / res 0.1 by default. */
    public static Builder builder() { return new Builder(); }

    /** Builder of {@link CompositeTransformerLayer}. */
    public static final class Builder {
        private int dim = 32;
        private int heads = -1;
        private MctVariant variant = MctVariant.COMPOSITE;
        private float attnDropout;
        private float reluDropout = 0.1f;
        private float resDropout = 0.1f;

        public Builder optEmbedDim(int d) { dim = d; return this; }

        public Builder setNumHeads(int h) { heads = h; return this; }

        public Builder optVariant(MctVariant v) { variant = java.util.Objects.requireNonNull(v, "variant"); return this; }

        public Builder optAttentionDropout(float p) { attnDropout = p; return this; }

        public Builder optReluDropout(float p) { reluDropout = p; return this; }

        public Builder optResDropout(float p) { resDropout = p; return this; }

        public CompositeTransformerLayer build() {
            MultimodalCompositeAttention.checkHeads(dim, heads);
            return new CompositeTransformerLayer(dim, heads, variant, attnDropout, reluDropout, resDropout);
        }
    }
}
