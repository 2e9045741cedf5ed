package dev.cider.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * Plain multi-head self-attention over all 3·T_l tokens, the Table V ablation that replaces MCA
 * ({@link MctVariant#PLAIN}): the same fairseq-style {@code in_proj}, scaling and score layout as
 * {@link MultimodalCompositeAttention}, one softmax with attention dropout, one {@code out_proj}.
 *
 * <p>Outputs: attention output {@code (B, N, D)} and the raw scores {@code (B·H, N, N)}.
 */
public final class PlainMultiheadAttention extends CiderBlock {
    private final int dim;
    private final int heads;
    private final float attnDropout;
    private final Parameter inProjWeight;
    private final Parameter inProjBias;
    private final Linear outProj;

    /** A plain attention with {@code heads} heads over {@code dim} features. */
    private PlainMultiheadAttention(int dim, int heads, float attnDropout) {
        MultimodalCompositeAttention.checkHeads(dim, heads);
        this.dim = dim;
        this.heads = heads;
        this.attnDropout = checkRate("attn_dropout", attnDropout);
        inProjWeight = param("in_proj_weight", new Shape(3L * dim, dim), Parameter.Type.WEIGHT,
                new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3f));
        inProjBias = param("in_proj_bias", new Shape(3L * dim), Parameter.Type.BIAS, new ConstantInitializer(0f));
        outProj = linear("out_proj", dim, dim, Init.XAVIER);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        NDArray x = in.singletonOrThrow();
        var dev = x.getDevice();
        NDArray[] qkv = MultimodalCompositeAttention.projectHeads(x, ps.getValue(inProjWeight, dev, training),
                ps.getValue(inProjBias, dev, training), dim, heads);
        NDArray scores = qkv[0].batchMatMul(qkv[1].transpose(0, 2, 1));
        NDArray p = dropout(scores.softmax(-1), attnDropout, training);
        NDArray out = run(outProj, ps,
                MultimodalCompositeAttention.mergeHeads(p.batchMatMul(qkv[2]), x.getShape().get(0), heads, dim), training);
        return new NDList(out, scores);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        long n = in[0].get(1);
        return new Shape[] {in[0], new Shape(in[0].get(0) * heads, n, n)};
    }

    @Override
    public void torchParameters(String prefix, Map<String, Parameter> out) {
        out.put(prefix + "in_proj_weight", inProjWeight);
        out.put(prefix + "in_proj_bias", inProjBias);
        putLinear(prefix + "out_proj", outProj, out);
    }

    /** A builder: {@code setNumHeads(H)}, {@code optEmbedDim(D)} (32), {@code optAttentionDropout(p)} (0). */
    public static Builder builder() { return new Builder(); }

    /** Builder of {@link PlainMultiheadAttention}. */
    public static final class Builder {
        private int dim = 32;
        private int heads = -1;
        private float attnDropout = 0f;

        public Builder optEmbedDim(int v) { dim = v; return this; }

        public Builder setNumHeads(int v) { heads = v; return this; }

        public Builder optAttentionDropout(float v) { attnDropout = v; return this; }

        public PlainMultiheadAttention build() {
            return new PlainMultiheadAttention(dim, heads, attnDropout);
        }
    }
}
