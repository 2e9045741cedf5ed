package dev.cider.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * MCM, the multimodal causal module of MACI (paper III-D, eq. 12-13; spec section 4.6): a
 * backdoor-adjustment-style mixture over class prototypes c_i,
 * pred = log Σ_i P(i) · softmax(W_i [z; f_l(c_i,l); f_a(c_i,a); f_v(c_i,v)]), with shared prototype
 * encoders {@code cls_encoders_l/a/v} and class-specific {@code classifiers.i} (Linear(3D + 3D → C)).
 * No epsilon inside the log; the mixture is accumulated in class order in float32, as the reference.
 *
 * <p>Inputs: z {@code (B, 3D)}, prototypes {@code (C, d_l + d_a + d_v)} (row i = c_i; at
 * evaluation the reference passes the split's mean prototype for every i), priors {@code (C)}.
 * Outputs: pred {@code (B, C)}, encodings f_l, f_a, f_v {@code (C, D)}, logits {@code (C, B, C)}.
 */
public final class MultimodalCausalModule extends CiderBlock {
    private final int numClasses;
    private final int dl;
    private final int da;
    private final int dv;
    private final PrototypeEncoder encL;
    private final PrototypeEncoder encA;
    private final PrototypeEncoder encV;
    private final Linear[] classifiers;

    /** An MCM for C classes over a joint representation of width {@code 3·dim}. */
    private MultimodalCausalModule(int numClasses, int dim, int dl, int da, int dv) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("MCM needs at least 2 classes, got " + numClasses);
        }
        this.numClasses = numClasses;
        this.dl = dl;
        this.da = da;
        this.dv = dv;
        encL = child("cls_encoders_l", PrototypeEncoder.builder().setInputDim(dl).optEmbedDim(dim).build(), new Shape(1, dl));
        encA = child("cls_encoders_a", PrototypeEncoder.builder().setInputDim(da).optEmbedDim(dim).build(), new Shape(1, da));
        encV = child("cls_encoders_v", PrototypeEncoder.builder().setInputDim(dv).optEmbedDim(dim).build(), new Shape(1, dv));
        classifiers = new Linear[numClasses];
        for (int i = 0; i < numClasses; i++) {
            classifiers[i] = linear("classifiers_" + i, 6 * dim, numClasses, Init.TORCH_DEFAULT);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        NDArray z = in.get(0);
        NDArray protos = in.get(1);
        NDArray priors = in.get(2);
        long b = z.getShape().get(0);
        if (protos.getShape().dimension() != 2 || protos.getShape().get(0) != numClasses
                || protos.getShape().get(1) != dl + da + dv) {
            throw new IllegalArgumentException("MCM prototypes must be (C=" + numClasses + ", " + (dl + da + dv)
                    + "), got " + protos.getShape());
        }
        if (priors.getShape().size() != numClasses) {
            throw new IllegalArgumentException("MCM priors must have C=" + numClasses + " entries, got " + priors.getShape());
        }
        NDArray fl = run(encL, ps, protos.get(new NDIndex(":, 0:{}", dl)), training);
        NDArray fa = run(encA, ps, protos.get(new NDIndex(":, {}:{}", dl, dl + da)), training);
        NDArray fv = run(encV, ps, protos.get(new NDIndex(":, {}:", dl + da)), training);
        NDArray f = NDArrays.concat(new NDList(fl, fa, fv), 1);
        NDList logits = new NDList();
        NDArray mix = null;
        for (int i = 0; i < numClasses; i++) {
            NDArray fi = f.get(new NDIndex("{}:{}", i, i + 1)).broadcast(b, f.getShape().get(1));
            NDArray li = run(classifiers[i], ps, NDArrays.concat(new NDList(z, fi), 1), training);
            logits.add(li.expandDims(0));
            NDArray term = li.softmax(1).mul(priors.get(new NDIndex("{}:{}", i, i + 1)));
            mix = mix == null ? term : mix.add(term);
        }
        return new NDList(mix.log(), fl, fa, fv, NDArrays.concat(logits, 0));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {new Shape(in[0].get(0), numClasses)};
    }

    @Override
    public void torchParameters(String prefix, Map<String, Parameter> out) {
        encL.torchParameters(prefix + "cls_encoders_l.", out);
        encA.torchParameters(prefix + "cls_encoders_a.", out);
        encV.torchParameters(prefix + "cls_encoders_v.", out);
        for (int i = 0; i < numClasses; i++) {
            putLinear(prefix + "classifiers." + i, classifiers[i], out);
        }
    }

    /** A builder: {@code setNumClasses(C)}, {@code setAudioDim(d_a)}, {@code setVisionDim(d_v)}, {@code optTextDim(d_l)} (768), {@code optEmbedDim(D)} (32). */
    public static Builder builder() { return new Builder(); }

    /** Builder of {@link MultimodalCausalModule}. */
    public static final class Builder {
        private int numClasses = -1;
        private int dim = 32;
        private int dl = 768;
        private int da = -1;
        private int dv = -1;

        public Builder setNumClasses(int v) { numClasses = v; return this; }

        public Builder optEmbedDim(int v) { dim = v; return this; }

        public Builder optTextDim(int v) { dl = v; return this; }

        public Builder setAudioDim(int v) { da = v; return this; }

        public Builder setVisionDim(int v) { dv = v; return this; }

        public MultimodalCausalModule build() {
            if (dim < 1) {
                throw new IllegalArgumentException("MultimodalCausalModule: dim invalid, got " + dim);
            }
            if (dl < 1) {
                throw new IllegalArgumentException("MultimodalCausalModule: dl invalid, got " + dl);
            }
            if (da < 1) {
                throw new IllegalArgumentException("MultimodalCausalModule: da invalid, got " + da);
            }
            if (dv < 1) {
                throw new IllegalArgumentException("MultimodalCausalModule: dv invalid, got " + dv);
            }
            return new MultimodalCausalModule(numClasses, dim, dl, da, dv);
        }
    }
}
