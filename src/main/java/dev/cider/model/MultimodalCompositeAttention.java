package dev.cider.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * MCA, multimodal composite attention (paper III-C, eq. 4-6; spec section 4.4): one shared score
 * matrix S = (q·(D/H)^-1/2) kᵀ over the 3·T_l tokens [L; A; V], read by seven branches — the full
 * SA[L,A,V] (the only one with attention dropout) and six masked ones SA[L,A], SA[L,V], SA[A,V],
 * SA[L], SA[A], SA[V] — each with its own {@code out_proj.k} (Linear D→D). In a masked branch keys of
 * modalities outside the branch get −1e9 before the softmax and query rows outside it are zeroed
 * (the reference also zeroes those value rows, which changes nothing since their weights are
 * exactly 0). The masked branches are computed block-wise ({@link #maskedBranch}), which gives the
 * same numbers without materialising six masked (B·H, N, N) copies. The summarisation network concatenates, per modality, its four branches (text
 * k = 0,1,2,4; audio 0,1,3,5; vision 0,2,3,6) through {@code s_l/s_a/s_v} (Linear 4D→D), then
 * {@code final_out_proj} (Linear D→D).
 *
 * <p>Input {@code (B, 3·T_l, D)} batch-first. Outputs: the attention output {@code (B, 3·T_l, D)},
 * the raw pre-mask, pre-softmax scores {@code (B·H, 3·T_l, 3·T_l)} with row index b·H + h (used by
 * the attention distillation loss), then the seven branch outputs {@code (B, 3·T_l, D)} in order k.
 */
public final class MultimodalCompositeAttention extends CiderBlock {
    /** Modalities of each branch k as bit sets (L = 1, A = 2, V = 4), in the reference's order. */
    static final int[] BRANCH_MODALITIES = {7, 3, 5, 6, 1, 2, 4};
    /** Branch names in order k. */
    public static final String[] BRANCH_NAMES = {"LAV", "LA", "LV", "AV", "L", "A", "V"};
    private static final int[][] SUMMARY_BRANCHES = {{0, 1, 2, 4}, {0, 1, 3, 5}, {0, 2, 3, 6}};

    private final int dim;
    private final int heads;
    private final float attnDropout;
    private final Parameter inProjWeight;
    private final Parameter inProjBias;
    private final Linear finalOutProj;
    private final Linear[] outProj = new Linear[7];
    private final Linear[] summary = new Linear[3];

    private MultimodalCompositeAttention(Builder b) {
        dim = b.dim;
        heads = b.heads;
        attnDropout = b.attnDropout;
        inProjWeight = param("in_proj_weight", new Shape(3L * dim, dim), Parameter.Type.WEIGHT,
                new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3f));
        inProjBias = param("in_proj_bias", new Shape(3L * dim), Parameter.Type.BIAS, new ConstantInitializer(0f));
        finalOutProj = linear("final_out_proj", dim, dim, Init.TORCH_DEFAULT);
        for (int k = 0; k < 7; k++) {
            outProj[k] = linear("out_proj_" + k, dim, dim, Init.XAVIER);
        }
        String[] names = {"s_l", "s_a", "s_v"};
        for (int i = 0; i < 3; i++) {
            summary[i] = linear(names[i], 4 * dim, dim, Init.TORCH_DEFAULT);
        }
    }

    /** Builder: {@code setNumHeads(H)}, {@code optEmbedDim(D)} (32), {@code optAttentionDropout(p)} (0). */
    public static Builder builder() { return new Builder(); }

    /** Splits q/k/v projections of {@code x} into heads: (B·H, N, D/H), row index b·H + h. */
    static NDArray[] projectHeads(NDArray x, NDArray w, NDArray bias, int dim, int heads) {
        long b = x.getShape().get(0);
        long n = x.getShape().get(1);
        int hd = dim / heads;
        NDArray qkv = Linear.linear(x, w, bias).singletonOrThrow();
        NDArray[] out = new NDArray[3];
        for (int i = 0; i < 3; i++) {
            NDArray part = qkv.get(new NDIndex("..., {}:{}", i * dim, (i + 1) * dim));
            if (i == 0) {
                part = part.mul(x.getManager().create((float) Math.pow(hd, -0.5)));
            }
            out[i] = part.reshape(b, n, heads, hd).transpose(0, 2, 1, 3).reshape(b * heads, n, hd);
        }
        return out;
    }

    /** Merges heads back: (B·H, N, hd) → (B, N, D). */
    static NDArray mergeHeads(NDArray o, long b, int heads, int dim) {
        long n = o.getShape().get(1);
        return o.reshape(b, heads, n, dim / heads).transpose(0, 2, 1, 3).reshape(b, n, dim);
    }

    /**
     * Key bias (1, 1, N) with −1e9 on keys outside branch k and the query-row mask (1, N, 1),
     * for a token sequence of three modality blocks of {@code t} tokens each.
     */
    static NDArray[] branchMasks(NDManager m, int k, int t) {
        int set = BRANCH_MODALITIES[k];
        int n = 3 * t;
        float[] keyBias = new float[n];
        float[] rows = new float[n];
        for (int i = 0; i < n; i++) {
            boolean in = (set & (1 << (i / t))) != 0;
            keyBias[i] = in ? 0f : -1e9f;
            rows[i] = in ? 1f : 0f;
        }
        return new NDArray[] {m.create(keyBias, new Shape(1, 1, n)), m.create(rows, new Shape(1, n, 1))};
    }

    /**
     * Masked branch k computed on the blocks it allows: the scores of the branch's query and key
     * modalities are formed from the matching q/k rows (the same entries as in S), the softmax runs
     * over the branch's keys only (what adding −1e9 elsewhere gives, since exp(−1e9) is exactly 0 in
     * float32) and rows of modalities outside the branch are zero. Same numbers as the reference's
     * masked form, without slicing (and, in backward, re-materialising) the (B·H, N, N) matrix.
     *
     * @param q (B·H, 3t, hd) scaled queries
     * @param key (B·H, 3t, hd) keys
     * @param v (B·H, 3t, hd) values
     * @return (B·H, 3t, hd) per-head branch output before {@code out_proj.k}
     */
    static NDArray maskedBranch(NDArray q, NDArray key, NDArray v, int k, int t) {
        int set = BRANCH_MODALITIES[k];
        NDList qs = new NDList();
        NDList ks = new NDList();
        NDList vs = new NDList();
        for (int c = 0; c < 3; c++) {
            if ((set & (1 << c)) != 0) {
                NDIndex rows = new NDIndex(":, {}:{}", c * t, (c + 1) * t);
                qs.add(q.get(rows));
                ks.add(key.get(rows));
                vs.add(v.get(rows));
            }
        }
        NDArray qm = qs.size() == 1 ? qs.get(0) : NDArrays.concat(qs, 1);
        NDArray km = ks.size() == 1 ? ks.get(0) : NDArrays.concat(ks, 1);
        NDArray vm = vs.size() == 1 ? vs.get(0) : NDArrays.concat(vs, 1);
        NDArray o = qm.batchMatMul(km.transpose(0, 2, 1)).softmax(-1).batchMatMul(vm);
        NDList rows = new NDList();
        int j = 0;
        for (int r = 0; r < 3; r++) {
            if ((set & (1 << r)) != 0) {
                rows.add(qs.size() == 1 ? o : o.get(new NDIndex(":, {}:{}", j * t, (j + 1) * t)));
                j++;
            } else {
                rows.add(v.getManager().zeros(new Shape(v.getShape().get(0), t, v.getShape().get(2)), v.getDataType()));
            }
        }
        return NDArrays.concat(rows, 1);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        NDArray x = in.singletonOrThrow();
        long b = x.getShape().get(0);
        long n = x.getShape().get(1);
        if (n % 3 != 0 || x.getShape().get(2) != dim) {
            throw new IllegalArgumentException("MCA expects (B, 3*T_l, " + dim + "), got " + x.getShape());
        }
        int t = Math.toIntExact(n / 3);
        var dev = x.getDevice();
        NDArray[] qkv = projectHeads(x, ps.getValue(inProjWeight, dev, training),
                ps.getValue(inProjBias, dev, training), dim, heads);
        NDArray scores = qkv[0].batchMatMul(qkv[1].transpose(0, 2, 1));
        NDArray v = qkv[2];
        NDArray[] branch = new NDArray[7];
        NDArray p0 = dropout(scores.softmax(-1), attnDropout, training);
        branch[0] = run(outProj[0], ps, mergeHeads(p0.batchMatMul(v), b, heads, dim), training);
        for (int k = 1; k < 7; k++) {
            branch[k] = run(outProj[k], ps, mergeHeads(maskedBranch(qkv[0], qkv[1], v, k, t), b, heads, dim), training);
        }
        NDArray[] parts = new NDArray[3];
        for (int mod = 0; mod < 3; mod++) {
            NDIndex rows = new NDIndex(":, {}:{}", mod * t, (mod + 1) * t);
            NDList cat = new NDList();
            for (int k : SUMMARY_BRANCHES[mod]) {
                cat.add(branch[k].get(rows));
            }
            parts[mod] = run(summary[mod], ps, NDArrays.concat(cat, 2), training);
        }
        NDArray out = run(finalOutProj, ps, NDArrays.concat(new NDList(parts), 1), training);
        NDList result = new NDList(out, scores);
        for (NDArray br : branch) {
            result.add(br);
        }
        return result;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        long b = in[0].get(0);
        long n = in[0].get(1);
        Shape[] s = new Shape[9];
        s[0] = in[0];
        s[1] = new Shape(b * heads, n, n);
        for (int k = 0; k < 7; k++) {
            s[2 + k] = in[0];
        }
        return s;
    }

    @Override
    public void torchParameters(String prefix, Map<String, Parameter> out) {
        out.put(prefix + "in_proj_weight", inProjWeight);
        out.put(prefix + "in_proj_bias", inProjBias);
        putLinear(prefix + "final_out_proj", finalOutProj, out);
        for (int k = 0; k < 7; k++) {
            putLinear(prefix + "out_proj." + k, outProj[k], out);
        }
        putLinear(prefix + "s_l", summary[0], out);
        putLinear(prefix + "s_a", summary[1], out);
        putLinear(prefix + "s_v", summary[2], out);
    }

    /** Builder of {@link MultimodalCompositeAttention}. */
    public static final class Builder {
        private int dim = 32;
        private int heads = -1;
        private float attnDropout;

        public Builder optEmbedDim(int d) { this.dim = d; return this; }

        public Builder setNumHeads(int h) { this.heads = h; return this; }

        public Builder optAttentionDropout(float p) { this.attnDropout = checkRate("attn_dropout", p); return this; }

        public MultimodalCompositeAttention build() {
            checkHeads(dim, heads);
            return new MultimodalCompositeAttention(this);
        }
    }

    static void checkHeads(int dim, int heads) {
        if (heads < 1 || dim < 1 || dim % heads != 0) {
            throw new IllegalArgumentException("num_heads must divide embed_dim: " + heads + " heads, dim " + dim);
        }
    }
}
