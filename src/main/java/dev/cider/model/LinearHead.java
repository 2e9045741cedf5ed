package dev.cider.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * The Table V ablation head that replaces the MCM ({@code optUseMcm(false)}): Linear(3D → C) then
 * log-softmax, so the losses and evaluation see log-probabilities exactly as with the MCM.
 * PyTorch name {@code classifier}.
 */
public final class LinearHead extends CiderBlock {
    private final int numClasses;
    private final Linear classifier;

    /** A linear head from {@code width} features to {@code numClasses} log-probabilities. */
    private LinearHead(int width, int numClasses) {
        this.numClasses = numClasses;
        classifier = linear("classifier", width, numClasses, Init.TORCH_DEFAULT);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        return new NDList(run(classifier, ps, in.get(0), training).logSoftmax(1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {new Shape(in[0].get(0), numClasses)};
    }

    @Override
    public void torchParameters(String prefix, Map<String, Parameter> out) {
        putLinear(prefix + "classifier", classifier, out);
    }

    /** A builder: {@code setNumClasses(C)}, {@code optWidth(3D)} (96). */
    public static Builder builder() { return new Builder(); }

    /** Builder of {@link LinearHead}. */
    public static final class Builder {
        private int width = 96;
        private int numClasses = -1;

        public Builder optWidth(int v) { width = v; return this; }

        public Builder setNumClasses(int v) { numClasses = v; return this; }

        public LinearHead build() {
            if (width < 1) {
                throw new IllegalArgumentException("LinearHead: width invalid, got " + width);
            }
            if (numClasses < 2) {
                throw new IllegalArgumentException("LinearHead: numClasses invalid, got " + numClasses);
            }
            return new LinearHead(width, numClasses);
        }
    }
}
