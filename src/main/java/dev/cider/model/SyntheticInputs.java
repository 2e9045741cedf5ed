package dev.cider.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.cider.data.DatasetDims;
import java.util.Random;

/**
 * A <b>synthetic</b> CIDer batch (Gaussian features, varying valid lengths, made-up prototypes and
 * priors) for shape walks and benchmarks when no real or oracle batch is at hand. Drawn from an
 * explicit {@link Random} seeded by the caller; never real data.
 */
public final class SyntheticInputs {
    private SyntheticInputs() {}

    /**
     * A synthetic complete view of {@code b} samples: sample i keeps T − (i mod 3) text tokens (at
     * least 2), T_a − (i mod 4) audio and T_v − (i mod 5) vision frames; padding is zero.
     */
    public static CiderInput view(NDManager m, DatasetDims d, int b, int numClasses, long seed) {
        if (b < 1 || numClasses < 2) {
            throw new IllegalArgumentException("synthetic batch needs B >= 1 and C >= 2, got " + b + ", " + numClasses);
        }
        Random r = new Random(seed);
        int tl = d.textLength();
        int ta = d.audioLength();
        int tv = d.visionLength();
        float[] tm = new float[b * tl];
        float[] am = new float[b * ta];
        float[] vm = new float[b * tv];
        float[] text = new float[b * tl * d.textDim()];
        float[] audio = new float[b * ta * d.audioDim()];
        float[] vision = new float[b * tv * d.visionDim()];
        for (int i = 0; i < b; i++) {
            int lt = Math.max(2, tl - i % 3);
            int la = Math.max(1, ta - i % 4);
            int lv = Math.max(1, tv - i % 5);
            fill(tm, i * tl, lt, 1f);
            fill(am, i * ta, la, 1f);
            fill(vm, i * tv, lv, 1f);
            gauss(r, text, i * tl * d.textDim(), tl * d.textDim());
            gauss(r, audio, i * ta * d.audioDim(), la * d.audioDim());
            gauss(r, vision, i * tv * d.visionDim(), lv * d.visionDim());
        }
        float[] protos = new float[numClasses * d.prototypeDim()];
        gauss(r, protos, 0, protos.length);
        float[] priors = new float[numClasses];
        fill(priors, 0, numClasses, 1f / numClasses);
        return CiderInput.ofFeatures(m.create(text, new Shape(b, tl, d.textDim())), m.create(tm, new Shape(b, tl)),
                m.create(audio, new Shape(b, ta, d.audioDim())), m.create(am, new Shape(b, ta)),
                m.create(vision, new Shape(b, tv, d.visionDim())), m.create(vm, new Shape(b, tv)),
                m.create(protos, new Shape(numClasses, d.prototypeDim())), m.create(priors));
    }

    /**
     * A synthetic two-view training batch: the student view drops every other valid position
     * (audio/vision frames zeroed; text features of dropped tokens replaced by other Gaussian
     * vectors), labels are i mod C.
     */
    public static DistillationBatch batch(NDManager m, DatasetDims d, int b, int numClasses, long seed) {
        CiderInput t = view(m, d, b, numClasses, seed);
        Random r = new Random(seed + 1);
        float[] tmask = t.textMask().toFloatArray();
        float[] amask = t.audioMask().toFloatArray();
        float[] vmask = t.visionMask().toFloatArray();
        float[] td = dropEveryOther(tmask, d.textLength(), true);
        float[] ad = dropEveryOther(amask, d.audioLength(), false);
        float[] vd = dropEveryOther(vmask, d.visionLength(), false);
        float[] text = t.textFeatures().toFloatArray();
        for (int i = 0; i < td.length; i++) {
            if (td[i] == 1f) {
                gauss(r, text, i * d.textDim(), d.textDim());
            }
        }
        NDArray textD = m.create(td, new Shape(b, d.textLength()));
        NDArray audioD = m.create(ad, new Shape(b, d.audioLength()));
        NDArray visionD = m.create(vd, new Shape(b, d.visionLength()));
        NDArray one = m.create(1f);
        CiderInput s = new CiderInput(m.create(text, t.textFeatures().getShape()), null, null, t.textMask(),
                t.audio().mul(one.sub(audioD).expandDims(2)), t.audioMask(),
                t.vision().mul(one.sub(visionD).expandDims(2)), t.visionMask(), t.prototypes(), t.priors());
        long[] labels = new long[b];
        for (int i = 0; i < b; i++) {
            labels[i] = i % numClasses;
        }
        return new DistillationBatch(t, s, m.create(labels), t.audio(), t.vision(), textD, audioD, visionD);
    }

    private static float[] dropEveryOther(float[] mask, int len, boolean keepEnds) {
        float[] out = new float[mask.length];
        for (int i = 0; i < mask.length; i += len) {
            int valid = 0;
            while (valid < len && mask[i + valid] == 1f) {
                valid++;
            }
            for (int t = 0; t < valid; t++) {
                boolean protectedPos = keepEnds && (t == 0 || t == valid - 1);
                out[i + t] = !protectedPos && t % 2 == 1 ? 1f : 0f;
            }
        }
        return out;
    }

    private static void fill(float[] a, int from, int n, float v) {
        java.util.Arrays.fill(a, from, from + n, v);
    }

    private static void gauss(Random r, float[] a, int from, int n) {
        for (int i = from; i < from + n; i++) {
            a[i] = (float) r.nextGaussian();
        }
    }
}
