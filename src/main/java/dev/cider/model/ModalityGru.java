package dev.cider.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.recurrent.GRU;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * One of the three per-modality GRUs (paper III-B, spec section 4.1 step 4): {@code nn.GRU(D, D)},
 * one layer, unidirectional, initial state 0, all time steps kept, run over padding (no packing).
 *
 * <p>Wraps DJL's {@link GRU}, which on the PyTorch engine calls {@code torch::gru} with PyTorch's
 * own gate layout (rows r | z | n), so reference weights {@code weight_ih_l0, weight_hh_l0,
 * bias_ih_l0, bias_hh_l0} map one to one. Input and output are batch-first {@code (B, T, D)}.
 */
public final class ModalityGru extends CiderBlock {
    private final int dim;
    private final GRU gru;

    private ModalityGru(int dim) {
        this.dim = dim;
        gru = GRU.builder().setStateSize(dim).setNumLayers(1).optBatchFirst(true).optReturnState(false).build();
        // PyTorch RNN init: every weight and bias U(±1/sqrt(hidden))
        gru.setInitializer(new UniformInitializer((float) (1.0 / Math.sqrt(dim))), p -> true);
        child("gru", gru, new Shape(1, 1, dim));
    }

    /** A builder; {@code optEmbedDim} (input and hidden size) defaults to 32. */
    public static Builder builder() { return new Builder(); }

    /** Builder of {@link ModalityGru}. */
    public static final class Builder {
        private int dim = 32;

        public Builder optEmbedDim(int d) { dim = d; return this; }

        public ModalityGru build() {
            if (dim < 1) {
                throw new IllegalArgumentException("GRU size must be >= 1, got " + dim);
            }
            return new ModalityGru(dim);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        return new NDList(run(gru, ps, in.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {new Shape(in[0].get(0), in[0].get(1), dim)};
    }

    @Override
    public void torchParameters(String prefix, Map<String, Parameter> out) {
        var p = gru.getParameters();
        out.put(prefix + "weight_ih_l0", p.get("l_0_i2h_WEIGHT"));
        out.put(prefix + "weight_hh_l0", p.get("l_0_h2h_WEIGHT"));
        out.put(prefix + "bias_ih_l0", p.get("l_0_i2h_BIAS"));
        out.put(prefix + "bias_hh_l0", p.get("l_0_h2h_BIAS"));
    }
}
