package dev.cider.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MCT, the multimodal composite transformer (paper III-C; spec sections 4.3-4.5): the
 * "positional" term ({@link PositionalMode}), embedding dropout, L pre-LN
 * {@link CompositeTransformerLayer}s and a final LayerNorm.
 *
 * <p>Input: the concatenated GRU outputs {@code (B, 3·T_l, D)} batch-first. Outputs: the MCT output
 * {@code (B, 3·T_l, D)}, the last layer's raw scores {@code (B·H, 3·T_l, 3·T_l)}, the positional rows
 * added (the reference mode: {@code (B, D)}; otherwise the full added tensor), then for every layer i
 * its output and its pre-residual attention output, then the last layer's branch outputs (composite).
 */
public final class MultimodalCompositeTransformer extends CiderBlock {
    /** Length of the sinusoid table, as the reference's {@code PositionalEmbedding}. */
    public static final int MAX_POSITIONS = 1024;

    private final int dim;
    private final PositionalMode positionalMode;
    private final float embedDropout;
    private final List<CompositeTransformerLayer> layers = new ArrayList<>();
    private final LayerNorm finalNorm;

    private MultimodalCompositeTransformer(Builder b) {
        dim = b.dim;
        positionalMode = b.positionalMode;
        embedDropout = checkRate("embed_dropout", b.embedDropout);
        for (int i = 0; i < b.layers; i++) {
            layers.add(child("layers_" + i, CompositeTransformerLayer.builder().optEmbedDim(dim).setNumHeads(b.heads)
                    .optVariant(b.variant).optAttentionDropout(b.attnDropout).optReluDropout(b.reluDropout)
                    .optResDropout(b.resDropout).build(), new Shape(1, 3, dim)));
        }
        finalNorm = layerNorm("layer_norm", dim);
    }

    /** A builder; see {@link Builder}. */
    public static Builder builder() { return new Builder(); }

    /**
     * The reference's sinusoid table rows [0, rows) as float32, computed as the reference does:
     * w_i = exp(2i·(−ln 10000/D)) in float32, pe[p, 2i] = sin(p·w_i), pe[p, 2i+1] = cos(p·w_i).
     */
    public static float[] sinusoidTable(int rows, int dim) {
        if (rows > MAX_POSITIONS) {
            throw new IllegalArgumentException("positional table holds " + MAX_POSITIONS + " rows; asked for "
                    + rows + " (batch size or sequence length too large)");
        }
        float[] pe = new float[rows * dim];
        float c = (float) (-Math.log(10000.0) / dim);
        for (int i = 0; 2 * i < dim; i++) {
            float w = (float) Math.exp((float) (2 * i) * c);
            for (int p = 0; p < rows; p++) {
                float a = (float) p * w;
                pe[p * dim + 2 * i] = (float) Math.sin(a);
                if (2 * i + 1 < dim) {
                    pe[p * dim + 2 * i + 1] = (float) Math.cos(a);
                }
            }
        }
        return pe;
    }

    /** The positional term to add to a {@code (B, N, D)} input, broadcastable, per {@link PositionalMode}. */
    NDArray positionalTerm(NDManager m, long batch, long n) {
        switch (positionalMode) {
            case REFERENCE_BATCH_INDEX:
                return m.create(sinusoidTable(Math.toIntExact(batch), dim), new Shape(batch, 1, dim));
            case SEQUENCE_POSITION: {
                int t = Math.toIntExact(n / 3);
                float[] table = sinusoidTable(t, dim);
                float[] full = new float[Math.toIntExact(n) * dim];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(table, (i % t) * dim, full, i * dim, dim);
                }
                return m.create(full, new Shape(1, n, dim));
            }
            default:
                return null;
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        NDArray x = in.singletonOrThrow();
        long b = x.getShape().get(0);
        long n = x.getShape().get(1);
        NDArray pos = positionalTerm(x.getManager(), b, n);
        if (pos != null) {
            x = x.add(pos);
        } else {
            pos = x.getManager().zeros(new Shape(b, 1, dim));
        }
        x = dropout(x, embedDropout, training);
        NDList perLayer = new NDList();
        NDArray lastScores = null;
        NDList lastBranches = new NDList();
        for (CompositeTransformerLayer layer : layers) {
            NDList o = layer.forward(ps, new NDList(x), training);
            x = o.get(0);
            lastScores = o.get(1);
            perLayer.add(o.get(0));
            perLayer.add(o.get(2));
            lastBranches = new NDList(o.subNDList(3));
        }
        NDArray out = run(finalNorm, ps, x, training);
        NDList result = new NDList(out, lastScores,
                positionalMode == PositionalMode.REFERENCE_BATCH_INDEX ? pos.reshape(b, dim) : pos);
        result.addAll(perLayer);
        result.addAll(lastBranches);
        return result;
    }

    /** Number of layers L. */
    public int numLayers() { return layers.size(); }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {in[0]};
    }

    @Override
    public void torchParameters(String prefix, Map<String, Parameter> out) {
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).torchParameters(prefix + "layers." + i + ".", out);
        }
        putLayerNorm(prefix + "layer_norm", finalNorm, out);
    }

    /** Builder of {@link MultimodalCompositeTransformer}. */
    public static final class Builder {
        private int dim = 32;
        private int heads = 8;
        private int layers = 3;
        private MctVariant variant = MctVariant.COMPOSITE;
        private PositionalMode positionalMode = PositionalMode.REFERENCE_BATCH_INDEX;
        private float attnDropout;
        private float reluDropout = 0.1f;
        private float resDropout = 0.1f;
        private float embedDropout;

        public Builder optEmbedDim(int d) { dim = d; return this; }

        public Builder setNumHeads(int h) { heads = h; return this; }

        public Builder setNumLayers(int l) { layers = l; return this; }

        public Builder optVariant(MctVariant v) { variant = java.util.Objects.requireNonNull(v, "variant"); return this; }

        public Builder optPositionalMode(PositionalMode p) { positionalMode = java.util.Objects.requireNonNull(p, "positional mode"); return this; }

        public Builder optAttentionDropout(float p) { attnDropout = p; return this; }

        public Builder optReluDropout(float p) { reluDropout = p; return this; }

        public Builder optResDropout(float p) { resDropout = p; return this; }

        public Builder optEmbedDropout(float p) { embedDropout = p; return this; }

        public MultimodalCompositeTransformer build() {
            if (layers < 1) {
                throw new IllegalArgumentException("MCT needs at least one layer, got " + layers);
            }
            MultimodalCompositeAttention.checkHeads(dim, heads);
            return new MultimodalCompositeTransformer(this);
        }
    }
}
