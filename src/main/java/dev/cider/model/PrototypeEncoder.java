package dev.cider.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * A shared class-prototype encoder f_m of the MCM (paper III-D; spec section 4.6):
 * Linear(d_m → D)–ReLU–Linear(D → D)–ReLU–Linear(D → D), PyTorch names {@code .0, .2, .4}.
 * (The cross-dataset variant's non-affine LayerNorms are not implemented.)
 */
public final class PrototypeEncoder extends CiderBlock {
    private final int dim;
    private final Linear l0;
    private final Linear l2;
    private final Linear l4;

    /** An encoder from {@code inDim} features to {@code dim}. */
    private PrototypeEncoder(int inDim, int dim) {
        this.dim = dim;
        l0 = linear("l0", inDim, dim, Init.TORCH_DEFAULT);
        l2 = linear("l2", dim, dim, Init.TORCH_DEFAULT);
        l4 = linear("l4", dim, dim, Init.TORCH_DEFAULT);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        NDArray x = in.singletonOrThrow();
        x = Activation.relu(run(l0, ps, x, training));
        x = Activation.relu(run(l2, ps, x, training));
        return new NDList(run(l4, ps, x, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {new Shape(in[0].get(0), dim)};
    }

    @Override
    public void torchParameters(String prefix, Map<String, Parameter> out) {
        putLinear(prefix + "0", l0, out);
        putLinear(prefix + "2", l2, out);
        putLinear(prefix + "4", l4, out);
    }

    /** A builder: {@code setInputDim(d_m)}, {@code optEmbedDim(D)} (32). */
    public static Builder builder() { return new Builder(); }

    /** Builder of {@link PrototypeEncoder}. */
    public static final class Builder {
        private int inDim = -1;
        private int dim = 32;

        public Builder setInputDim(int v) { inDim = v; return this; }

        public Builder optEmbedDim(int v) { dim = v; return this; }

        public PrototypeEncoder build() {
            if (inDim < 1) {
                throw new IllegalArgumentException("PrototypeEncoder: inDim invalid, got " + inDim);
            }
            if (dim < 1) {
                throw new IllegalArgumentException("PrototypeEncoder: dim invalid, got " + dim);
            }
            return new PrototypeEncoder(inDim, dim);
        }
    }
}
