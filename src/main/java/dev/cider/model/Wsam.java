package dev.cider.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * WSAM, the word-level self-aligned module (paper III-B, eq. 1; spec section 4.2): one-head,
 * text-queried cross-attention that compresses unaligned audio or vision of length T to the text
 * length T_l.
 *
 * <p>Projections come from one fairseq-style {@code in_proj_weight (3D, D)} / {@code in_proj_bias}
 * (rows q | k | v), the query scaled by D^-1/2, and {@code out_proj} Linear(D, D). The reference's
 * mask MASK_v = (text mask with its [SEP] zeroed) ⊗ (audio/vision validity mask), with row 0
 * ([CLS]) zeroed ({@link #referenceMask}); −1e9 is added where it is 0, the softmax runs over keys,
 * and the weights are multiplied by the mask again, so [CLS], [SEP] and padding rows are all-zero and
 * their output equals the {@code out_proj} bias. No attention dropout (the reference wires none).
 *
 * <p>Inputs: query {@code (B, T_l, D)}, key/value {@code (B, T, D)}, mask {@code (B, T_l, T)} (0/1
 * float). Outputs: {@code (B, T_l, D)} and the final attention weights {@code (B, T_l, T)}.
 */
public final class Wsam extends CiderBlock {
    private final int dim;
    private final Parameter inProjWeight;
    private final Parameter inProjBias;
    private final Linear outProj;

    private Wsam(Builder b) {
        this.dim = b.dim;
        inProjWeight = param("in_proj_weight", new Shape(3L * dim, dim), Parameter.Type.WEIGHT,
                new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3f));
        inProjBias = param("in_proj_bias", new Shape(3L * dim), Parameter.Type.BIAS, new ConstantInitializer(0f));
        outProj = linear("out_proj", dim, dim, Init.XAVIER);
    }

    /** A builder; {@code optEmbedDim} defaults to 32. */
    public static Builder builder() { return new Builder(); }

    /**
     * The reference's WSAM mask (spec 4.2): {@code m_t[b, t]} with the [SEP] entry (index
     * {@code sum(m_t[b]) - 1}) and the [CLS] row (index 0) zeroed, outer product with {@code m_av}.
     *
     * @param textMask (B, T_l) text validity mask (0/1)
     * @param avMask (B, T) audio or vision validity mask (0/1, any numeric type)
     * @return (B, T_l, T) float32 0/1 mask, no gradient
     */
    public static NDArray referenceMask(NDArray textMask, NDArray avMask) {
        NDManager m = textMask.getManager();
        int b = Math.toIntExact(textMask.getShape().get(0));
        int tl = Math.toIntExact(textMask.getShape().get(1));
        if (avMask.getShape().dimension() != 2 || avMask.getShape().get(0) != b) {
            throw new IllegalArgumentException("WSAM mask: audio/vision mask must be (B=" + b + ", T), got " + avMask.getShape());
        }
        float[] mt = textMask.toType(DataType.FLOAT32, false).toFloatArray();
        for (int i = 0; i < b; i++) {
            double len = 0;
            for (int t = 0; t < tl; t++) {
                len += mt[i * tl + t];
            }
            int sep = (int) Math.round(len) - 1;
            if (sep >= 0) {
                mt[i * tl + sep] = 0f;
            }
            mt[i * tl] = 0f;
        }
        NDArray rows = m.create(mt, new Shape(b, tl, 1));
        NDArray cols = avMask.toType(DataType.FLOAT32, false).reshape(b, 1, -1);
        return rows.mul(cols);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        NDArray query = in.get(0);
        NDArray kv = in.get(1);
        NDArray mask = in.get(2);
        var dev = query.getDevice();
        NDArray w = ps.getValue(inProjWeight, dev, training);
        NDArray bias = ps.getValue(inProjBias, dev, training);
        NDArray q = Linear.linear(query, own(w.get(new NDIndex("0:{}", dim)), query), own(bias.get(new NDIndex("0:{}", dim)), query))
                .singletonOrThrow();
        q = q.mul(query.getManager().create((float) Math.pow(dim, -0.5)));
        NDArray kvw = Linear.linear(kv, own(w.get(new NDIndex("{}:", dim)), query), own(bias.get(new NDIndex("{}:", dim)), query))
                .singletonOrThrow();
        NDArray k = kvw.get(new NDIndex("..., 0:{}", dim));
        NDArray v = kvw.get(new NDIndex("..., {}:", dim));
        NDArray scores = q.batchMatMul(k.transpose(0, 2, 1));
        NDArray negBias = mask.sub(query.getManager().create(1f)).mul(query.getManager().create(1e9f));
        NDArray weights = scores.add(negBias).softmax(-1).mul(mask);
        NDArray out = run(outProj, ps, weights.batchMatMul(v), training);
        return new NDList(out, weights);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {new Shape(in[0].get(0), in[0].get(1), dim),
            new Shape(in[0].get(0), in[0].get(1), in[1].get(1))};
    }

    @Override
    public void torchParameters(String prefix, Map<String, Parameter> out) {
        out.put(prefix + "in_proj_weight", inProjWeight);
        out.put(prefix + "in_proj_bias", inProjBias);
        putLinear(prefix + "out_proj", outProj, out);
    }

    /** Builder of {@link Wsam}. */
    public static final class Builder {
        private int dim = 32;

        public Builder optEmbedDim(int d) { this.dim = d; return this; }

        public Wsam build() {
            if (dim < 1) {
                throw new IllegalArgumentException("WSAM embed dim must be >= 1, got " + dim);
            }
            return new Wsam(this);
        }
    }
}
