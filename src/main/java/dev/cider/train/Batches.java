package dev.cider.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.cider.data.BiasWords;
import dev.cider.data.DatasetDims;
import dev.cider.data.Labels;
import dev.cider.data.Sample;
import dev.cider.missing.MissingView;
import dev.cider.model.CiderInput;
import dev.cider.model.DistillationBatch;
import java.util.List;

/**
 * Turns samples and their missing views into the model's batch tensors (spec 4.1, 5.1): text
 * features (or token ids when BERT is in the graph), validity masks, audio, vision, labels, the
 * reconstruction targets and the dropped-position masks (input mask − missing mask, spec 3.1).
 *
 * <p>{@link #input}, {@link #ids} and {@link #counterfactualIds} are public for forward passes
 * outside training and evaluation (the qualitative study's); the rest serves the trainer.
 */
public final class Batches {
    private Batches() {}

    /**
     * The model input of one batch of views (spec 4.1): text features of {@code ids} (or the ids
     * themselves), the views' validity masks, audio and vision, with the MCM's prototypes and priors.
     *
     * @param m where the batch's arrays live
     * @param dims the model's dimensions; every sample must have exactly these shapes
     * @param text the text source, or null when the model has its own text encoder (token ids are passed)
     * @param views the missing views (their samples are what the model sees; their validity masks are used)
     * @param ids the token ids to encode, one row per view (the view's own {@link #ids}, or
     *     {@link #counterfactualIds})
     * @param prototypes the MCM's class prototypes (C, P)
     * @param priors the MCM's class priors (C)
     * @throws IllegalArgumentException if a sample does not have the shapes of {@code dims}, naming it
     */
    public static CiderInput input(NDManager m, DatasetDims dims, TextFeatures text, List<MissingView> views, int[][] ids,
                            NDArray prototypes, NDArray priors) {
        int b = views.size();
        int tl = dims.textLength();
        int[][] segs = new int[b][];
        float[] textMask = new float[b * tl];
        float[] audio = new float[b * dims.audioLength() * dims.audioDim()];
        float[] vision = new float[b * dims.visionLength() * dims.visionDim()];
        float[] audioMask = new float[b * dims.audioLength()];
        float[] visionMask = new float[b * dims.visionLength()];
        for (int i = 0; i < b; i++) {
            MissingView v = views.get(i);
            Sample s = v.sample();
            check(s, dims);
            segs[i] = s.segmentIds();
            System.arraycopy(v.textMask(), 0, textMask, i * tl, tl);
            System.arraycopy(s.audio(), 0, audio, i * s.audio().length, s.audio().length);
            System.arraycopy(s.vision(), 0, vision, i * s.vision().length, s.vision().length);
            System.arraycopy(v.audioMask(), 0, audioMask, i * dims.audioLength(), dims.audioLength());
            System.arraycopy(v.visionMask(), 0, visionMask, i * dims.visionLength(), dims.visionLength());
        }
        NDArray tm = m.create(textMask, new Shape(b, tl));
        NDArray a = m.create(audio, new Shape(b, dims.audioLength(), dims.audioDim()));
        NDArray am = m.create(audioMask, new Shape(b, dims.audioLength()));
        NDArray vv = m.create(vision, new Shape(b, dims.visionLength(), dims.visionDim()));
        NDArray vm = m.create(visionMask, new Shape(b, dims.visionLength()));
        if (text == null) {
            return CiderInput.ofTokens(m.create(flat(ids), new Shape(b, tl)), m.create(flat(segs), new Shape(b, tl)), tm,
                    a, am, vv, vm, prototypes, priors);
        }
        NDArray tf = m.create(text.encode(ids, segs), new Shape(b, tl, text.dim()));
        return CiderInput.ofFeatures(tf, tm, a, am, vv, vm, prototypes, priors);
    }

    /** Token ids of the views' samples, one row per view. */
    public static int[][] ids(List<MissingView> views) {
        int[][] out = new int[views.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = views.get(i).sample().inputIds();
        }
        return out;
    }

    /**
     * The fine-grained counterfactual text of the views (spec 3.4): each sample's ids with only the
     * training split's bias words kept ({@link BiasWords#counterfactual}), one row per view.
     */
    public static int[][] counterfactualIds(List<MissingView> views, BiasWords biasWords) {
        int[][] out = ids(views);
        for (int i = 0; i < out.length; i++) {
            out[i] = biasWords.counterfactual(out[i]);
        }
        return out;
    }

    /** Class labels of a batch. */
    static int[] labels(List<Sample> samples, Labels.Task task) {
        int[] y = new int[samples.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = Labels.label(task, samples.get(i));
        }
        return y;
    }

    /**
     * The two-stage update's batch: teacher = complete samples ({@code complete}), student = their
     * training-time missing views, with train prototypes and priors for both (spec 4.6).
     */
    static DistillationBatch distillation(NDManager m, DatasetDims dims, TextFeatures text, List<Sample> complete,
                                          List<MissingView> views, Labels.Task task, NDArray prototypes,
                                          NDArray priors) {
        int b = complete.size();
        int[][] ids = new int[b][];
        for (int i = 0; i < b; i++) {
            ids[i] = complete.get(i).inputIds();
        }
        List<MissingView> teacherViews = new java.util.ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            MissingView v = views.get(i);
            teacherViews.add(new MissingView(complete.get(i), v.textMask(), v.audioMask(), v.visionMask(), v.textMask(),
                    v.audioMask(), v.visionMask()));
        }
        CiderInput teacher = input(m, dims, text, teacherViews, ids, prototypes, priors);
        CiderInput student = input(m, dims, text, views, ids(views), prototypes, priors);
        float[][] dropped = new float[3][];
        int[] lens = {dims.textLength(), dims.audioLength(), dims.visionLength()};
        for (int k = 0; k < 3; k++) {
            dropped[k] = new float[b * lens[k]];
        }
        for (int i = 0; i < b; i++) {
            MissingView v = views.get(i);
            int k = 0;
            for (dev.cider.missing.Modality mod : dev.cider.missing.Modality.values()) {
                float[] d = v.dropped(mod);
                System.arraycopy(d, 0, dropped[k], i * lens[k], lens[k]);
                k++;
            }
        }
        int[] y = labels(complete, task);
        long[] yl = new long[b];
        for (int i = 0; i < b; i++) {
            yl[i] = y[i];
        }
        return new DistillationBatch(teacher, student, m.create(yl), teacher.audio(), teacher.vision(),
                m.create(dropped[0], new Shape(b, lens[0])), m.create(dropped[1], new Shape(b, lens[1])),
                m.create(dropped[2], new Shape(b, lens[2])));
    }

    private static void check(Sample s, DatasetDims dims) {
        if (s.textFrames() != dims.textLength() || s.audioFrames() != dims.audioLength()
                || s.visionFrames() != dims.visionLength() || s.audioDim() != dims.audioDim()
                || s.visionDim() != dims.visionDim()) {
            throw new IllegalArgumentException("sample " + s.id() + " has shape T=" + s.textFrames() + "/" + s.audioFrames()
                    + "/" + s.visionFrames() + " d_a/d_v=" + s.audioDim() + "/" + s.visionDim() + ", the model expects "
                    + dims);
        }
    }

    private static long[] flat(int[][] rows) {
        int t = rows[0].length;
        long[] out = new long[rows.length * t];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < t; j++) {
                out[i * t + j] = rows[i][j];
            }
        }
        return out;
    }
}
