package dev.cider.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * The MSSD reconstruction heads (paper III-C, eq. 10; spec section 4.7), used in the student pass
 * only: {@code recon_text} Linear(D → d_l) per MCT text token; audio/vision: the MCT rows (B, T_l, D)
 * as (B, D, T_l) through {@code recon_audio.0} Linear(T_l → T_a) <b>over the time axis</b>, ReLU,
 * transpose, {@code recon_audio.1} Linear(D → d_a), giving (B, T_a, d_a) (vision likewise).
 *
 * <p>Input: the MCT output {@code (B, 3·T_l, D)}. Outputs: text {@code (B, T_l, d_l)}, audio
 * {@code (B, T_a, d_a)}, vision {@code (B, T_v, d_v)}.
 */
public final class SelfDistillationHeads extends CiderBlock {
    private final int textLength;
    private final Linear text;
    private final Linear audioTime;
    private final Linear audioFeat;
    private final Linear visionTime;
    private final Linear visionFeat;

    /** Heads for T_l text tokens of width {@code dim}, rebuilding the raw lengths and feature sizes. */
    private SelfDistillationHeads(int dim, int tl, int ta, int tv, int dl, int da, int dv) {
        textLength = tl;
        text = linear("recon_text", dim, dl, Init.TORCH_DEFAULT);
        audioTime = linear("recon_audio_0", tl, ta, Init.TORCH_DEFAULT);
        audioFeat = linear("recon_audio_1", dim, da, Init.TORCH_DEFAULT);
        visionTime = linear("recon_vision_0", tl, tv, Init.TORCH_DEFAULT);
        visionFeat = linear("recon_vision_1", dim, dv, Init.TORCH_DEFAULT);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        NDArray h = in.singletonOrThrow();
        int t = textLength;
        NDArray rt = run(text, ps, h.get(new NDIndex(":, 0:{}", t)), training);
        NDArray ra = rebuild(ps, h.get(new NDIndex(":, {}:{}", t, 2 * t)), audioTime, audioFeat, training);
        NDArray rv = rebuild(ps, h.get(new NDIndex(":, {}:{}", 2 * t, 3 * t)), visionTime, visionFeat, training);
        return new NDList(rt, ra, rv);
    }

    private static NDArray rebuild(ParameterStore ps, NDArray rows, Linear time, Linear feat, boolean training) {
        NDArray x = Activation.relu(run(time, ps, rows.transpose(0, 2, 1), training));
        return run(feat, ps, x.transpose(0, 2, 1), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {in[0]};
    }

    @Override
    public void torchParameters(String prefix, Map<String, Parameter> out) {
        putLinear(prefix + "recon_text", text, out);
        putLinear(prefix + "recon_audio.0", audioTime, out);
        putLinear(prefix + "recon_audio.1", audioFeat, out);
        putLinear(prefix + "recon_vision.0", visionTime, out);
        putLinear(prefix + "recon_vision.1", visionFeat, out);
    }

    /** A builder: lengths T_l, T_a, T_v and feature sizes (d_l default 768), {@code optEmbedDim(D)} (32). */
    public static Builder builder() { return new Builder(); }

    /** Builder of {@link SelfDistillationHeads}. */
    public static final class Builder {
        private int dim = 32;
        private int tl = -1;
        private int ta = -1;
        private int tv = -1;
        private int dl = 768;
        private int da = -1;
        private int dv = -1;

        public Builder optEmbedDim(int v) { dim = v; return this; }

        public Builder setTextLength(int v) { tl = v; return this; }

        public Builder setAudioLength(int v) { ta = v; return this; }

        public Builder setVisionLength(int v) { tv = v; return this; }

        public Builder optTextDim(int v) { dl = v; return this; }

        public Builder setAudioDim(int v) { da = v; return this; }

        public Builder setVisionDim(int v) { dv = v; return this; }

        public SelfDistillationHeads build() {
            if (dim < 1) {
                throw new IllegalArgumentException("SelfDistillationHeads: dim invalid, got " + dim);
            }
            if (tl < 1) {
                throw new IllegalArgumentException("SelfDistillationHeads: tl invalid, got " + tl);
            }
            if (ta < 1) {
                throw new IllegalArgumentException("SelfDistillationHeads: ta invalid, got " + ta);
            }
            if (tv < 1) {
                throw new IllegalArgumentException("SelfDistillationHeads: tv invalid, got " + tv);
            }
            if (dl < 1) {
                throw new IllegalArgumentException("SelfDistillationHeads: dl invalid, got " + dl);
            }
            if (da < 1) {
                throw new IllegalArgumentException("SelfDistillationHeads: da invalid, got " + da);
            }
            if (dv < 1) {
                throw new IllegalArgumentException("SelfDistillationHeads: dv invalid, got " + dv);
            }
            return new SelfDistillationHeads(dim, tl, ta, tv, dl, da, dv);
        }
    }
}
