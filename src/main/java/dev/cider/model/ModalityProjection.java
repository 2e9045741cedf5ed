package dev.cider.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * The per-modality temporal Conv1D projection (paper III-B, spec section 4.1 step 2):
 * {@code Conv1d(d, D, kernel_size=1, bias=False)}, no activation. A kernel of size 1 is a
 * per-time-step matrix product, so it is computed as {@code x W^T} on batch-first input.
 *
 * <p>Input {@code (B, T, d)}, output {@code (B, T, D)}. The weight keeps PyTorch's Conv1d shape
 * {@code (D, d, 1)} so reference state dicts load unchanged.
 */
public final class ModalityProjection extends CiderBlock {
    private final int inDim;
    private final int outDim;
    private final Parameter weight;

    private ModalityProjection(Builder b) {
        this.inDim = b.inDim;
        this.outDim = b.outDim;
        // PyTorch Conv1d default init: kaiming_uniform(a=sqrt 5) = U(±1/sqrt(fan_in)), fan_in = d * 1
        this.weight = param("weight", new Shape(outDim, inDim, 1), Parameter.Type.WEIGHT,
                new UniformInitializer((float) (1.0 / Math.sqrt(inDim))));
    }

    /** A builder: {@code setInputDim(d)}, {@code optOutputDim(D)} (default 32). */
    public static Builder builder() { return new Builder(); }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        var x = inputs.singletonOrThrow();
        if (x.getShape().dimension() != 3 || x.getShape().get(2) != inDim) {
            throw new IllegalArgumentException("ModalityProjection expects (B, T, " + inDim + "), got " + x.getShape());
        }
        var w = own(ps.getValue(weight, x.getDevice(), training).reshape(outDim, inDim), x);
        return Linear.linear(x, w);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {new Shape(in[0].get(0), in[0].get(1), outDim)};
    }

    @Override
    public void torchParameters(String prefix, Map<String, Parameter> out) {
        out.put(prefix + "weight", weight);
    }

    /** Builder of {@link ModalityProjection}. */
    public static final class Builder {
        private int inDim = -1;
        private int outDim = 32;

        public Builder setInputDim(int d) { this.inDim = d; return this; }

        public Builder optOutputDim(int d) { this.outDim = d; return this; }

        public ModalityProjection build() {
            if (inDim < 1 || outDim < 1) {
                throw new IllegalArgumentException("ModalityProjection needs input dim >= 1 and output dim >= 1, got "
                        + inDim + " -> " + outDim);
            }
            return new ModalityProjection(this);
        }
    }
}
