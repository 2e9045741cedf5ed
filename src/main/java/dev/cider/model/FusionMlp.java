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
 * The fusion MLP with its residual (spec section 4.1 step 7): for h = [g_l; g_a; g_v],
 * z = proj2(dropout_out(ReLU(proj1(h)))) + h, both Linear(3D → 3D). z is the joint representation
 * used by the MCM head and by the joint-representation distillation loss.
 *
 * <p>Input {@code (B, 3D)}. Outputs: z {@code (B, 3D)} and proj1(h) before the ReLU.
 */
public final class FusionMlp extends CiderBlock {
    private final int width;
    private final float outDropout;
    private final Linear proj1;
    private final Linear proj2;

    /** A fusion MLP of width {@code width} (96 for D = 32) with output dropout {@code outDropout}. */
    private FusionMlp(int width, float outDropout) {
        this.width = width;
        this.outDropout = checkRate("out_dropout", outDropout);
        proj1 = linear("proj1", width, width, Init.TORCH_DEFAULT);
        proj2 = linear("proj2", width, width, Init.TORCH_DEFAULT);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        NDArray h = in.singletonOrThrow();
        NDArray p1 = run(proj1, ps, h, training);
        NDArray z = run(proj2, ps, dropout(Activation.relu(p1), outDropout, training), training).add(h);
        return new NDList(z, p1);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {new Shape(in[0].get(0), width), new Shape(in[0].get(0), width)};
    }

    @Override
    public void torchParameters(String prefix, Map<String, Parameter> out) {
        putLinear(prefix + "proj1", proj1, out);
        putLinear(prefix + "proj2", proj2, out);
    }

    /** A builder: width 3D (default 96), output dropout (default 0.3). */
    public static Builder builder() { return new Builder(); }

    /** Builder of {@link FusionMlp}. */
    public static final class Builder {
        private int width = 96;
        private float outDropout = 0.3f;

        public Builder optWidth(int v) { width = v; return this; }

        public Builder optOutDropout(float v) { outDropout = v; return this; }

        public FusionMlp build() {
            if (width < 1) {
                throw new IllegalArgumentException("FusionMlp: width invalid, got " + width);
            }
            return new FusionMlp(width, outDropout);
        }
    }
}
