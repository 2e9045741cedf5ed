package dev.cider.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * Naive attention (NA) pooling per modality (paper III-C, eq. 7; spec section 4.1 step 6):
 * score = {@code attention.2}(tanh({@code attention.0}(h_t))), softmax over all T_l positions
 * (padding included, as the reference), weighted sum.
 *
 * <p>Input {@code (B, T, D)}. Outputs: pooled {@code (B, D)}, weights {@code (B, T)}, scores {@code (B, T)}.
 */
public final class NaiveAttention extends CiderBlock {
    private final int dim;
    private final Linear hidden;
    private final Linear score;

    /** NA over {@code dim}-dimensional tokens (PyTorch-default Linear init). */
    private NaiveAttention(int dim) {
        this.dim = dim;
        hidden = linear("attention_0", dim, dim, Init.TORCH_DEFAULT);
        score = linear("attention_2", dim, 1, Init.TORCH_DEFAULT);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        NDArray h = in.singletonOrThrow();
        NDArray s = run(score, ps, run(hidden, ps, h, training).tanh(), training).squeeze(2);
        NDArray w = s.softmax(1);
        NDArray pooled = w.expandDims(1).batchMatMul(h).squeeze(1);
        return new NDList(pooled, w, s);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {new Shape(in[0].get(0), dim), new Shape(in[0].get(0), in[0].get(1)),
            new Shape(in[0].get(0), in[0].get(1))};
    }

    @Override
    public void torchParameters(String prefix, Map<String, Parameter> out) {
        putLinear(prefix + "attention.0", hidden, out);
        putLinear(prefix + "attention.2", score, out);
    }

    /** A builder; {@code optEmbedDim} defaults to 32. */
    public static Builder builder() { return new Builder(); }

    /** Builder of {@link NaiveAttention}. */
    public static final class Builder {
        private int dim = 32;

        public Builder optEmbedDim(int v) { dim = v; return this; }

        public NaiveAttention build() {
            if (dim < 1) {
                throw new IllegalArgumentException("NaiveAttention: dim invalid, got " + dim);
            }
            return new NaiveAttention(dim);
        }
    }
}
