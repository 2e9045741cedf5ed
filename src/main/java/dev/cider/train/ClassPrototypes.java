package dev.cider.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.cider.data.DatasetDims;
import dev.cider.data.Labels;
import dev.cider.data.Sample;
import java.util.Arrays;
import java.util.List;

/**
 * The MCM's class prototypes c_i and class priors P(i) of one split (paper III-E, Eq. (12)-(13);
 * spec 4.6 and 9.1), computed from the data instead of read from the reference's shipped files.
 *
 * <p>Pooling (spec 9.1 says the reference's script is not shipped; its files fit this): for each
 * sample the vector [text | audio | vision] of length d_l + d_a + d_v is
 * <ul>
 *   <li>text: the mean of the text features (see {@link TextFeatures}) over the valid tokens
 *       (attention mask 1, [CLS] and [SEP] included);</li>
 *   <li>audio, vision: the time average over all T_a (T_v) frames of the zero-padded sequence
 *       (so shorter sequences give smaller vectors, as the shipped unaligned files show).</li>
 * </ul>
 * c_i is the mean of these vectors over the split's samples of class i; a class with no sample in
 * the split gets the mean over all samples (documented fallback; the counts say when it happened).
 * The priors are the class frequencies of the split (the reference uses the training split's).
 *
 * @param split the split's name
 * @param perClass C rows of length d_l + d_a + d_v
 * @param counts samples per class
 */
public record ClassPrototypes(String split, float[][] perClass, int[] counts) {

    /** Computes the prototypes of {@code samples} for {@code task} with the given text features. */
    public static ClassPrototypes of(String split, List<Sample> samples, Labels.Task task, DatasetDims dims,
                                     TextFeatures text) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("split '" + split + "' is empty: no class prototypes");
        }
        if (text.dim() != dims.textDim()) {
            throw new IllegalArgumentException("text features have width " + text.dim() + " but the dataset dims say d_l = "
                    + dims.textDim());
        }
        int c = task.classes();
        int dl = dims.textDim();
        int da = dims.audioDim();
        int dv = dims.visionDim();
        int p = dl + da + dv;
        double[][] sum = new double[c][p];
        double[] all = new double[p];
        int[] counts = new int[c];
        for (Sample s : samples) {
            double[] v = new double[p];
            float[] tf = text.encode(s.inputIds(), s.segmentIds());
            int[] mask = s.attentionMask();
            int valid = 0;
            for (int t = 0; t < mask.length; t++) {
                if (mask[t] != 0) {
                    valid++;
                    for (int k = 0; k < dl; k++) {
                        v[k] += tf[t * dl + k];
                    }
                }
            }
            for (int k = 0; k < dl; k++) {
                v[k] /= Math.max(1, valid);
            }
            timeMean(s.audio(), s.audioFrames(), da, v, dl);
            timeMean(s.vision(), s.visionFrames(), dv, v, dl + da);
            int y = Labels.label(task, s);
            counts[y]++;
            for (int k = 0; k < p; k++) {
                sum[y][k] += v[k];
                all[k] += v[k];
            }
        }
        float[][] out = new float[c][p];
        for (int i = 0; i < c; i++) {
            for (int k = 0; k < p; k++) {
                out[i][k] = (float) (counts[i] > 0 ? sum[i][k] / counts[i] : all[k] / samples.size());
            }
        }
        return new ClassPrototypes(split, out, counts);
    }

    private static void timeMean(float[] x, int frames, int d, double[] v, int offset) {
        for (int t = 0; t < frames; t++) {
            for (int k = 0; k < d; k++) {
                v[offset + k] += x[t * d + k];
            }
        }
        for (int k = 0; k < d; k++) {
            v[offset + k] /= frames;
        }
    }

    /** Number of classes C. */
    public int classes() {
        return perClass.length;
    }

    /** The class frequencies of the split (the training priors P(i) when this is the training split). */
    public float[] frequencies() {
        int n = Arrays.stream(counts).sum();
        float[] f = new float[counts.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) counts[i] / n;
        }
        return f;
    }

    /** The unweighted mean of the C class prototypes (what the reference puts in every row at test time). */
    public float[] mean() {
        float[] m = new float[perClass[0].length];
        for (int k = 0; k < m.length; k++) {
            double s = 0;
            for (float[] row : perClass) {
                s += row[k];
            }
            m[k] = (float) (s / perClass.length);
        }
        return m;
    }

    /** (C, P) with row i = c_i (training form). */
    public NDArray classMatrix(NDManager manager) {
        int p = perClass[0].length;
        float[] flat = new float[perClass.length * p];
        for (int i = 0; i < perClass.length; i++) {
            System.arraycopy(perClass[i], 0, flat, i * p, p);
        }
        return manager.create(flat, new Shape(perClass.length, p));
    }

    /** (C, P) with every row the class mean (evaluation form, spec 4.6). */
    public NDArray meanMatrix(NDManager manager) {
        return repeatedRows(manager, mean(), perClass.length);
    }

    /**
     * (C, P) with every row {@code prototype}: the MCM input that puts one prototype (e.g. a split's
     * {@link #mean()}) in every class row (evaluation form, spec 4.6).
     */
    public static NDArray repeatedRows(NDManager manager, float[] prototype, int classes) {
        float[] flat = new float[classes * prototype.length];
        for (int i = 0; i < classes; i++) {
            System.arraycopy(prototype, 0, flat, i * prototype.length, prototype.length);
        }
        return manager.create(flat, new Shape(classes, prototype.length));
    }

    /** Training priors as a (C) array. */
    public NDArray priors(NDManager manager) {
        return manager.create(frequencies());
    }

    /** Uniform priors 1/C (evaluation, spec 4.6). */
    public static NDArray uniformPriors(NDManager manager, int classes) {
        float[] u = new float[classes];
        Arrays.fill(u, 1f / classes);
        return manager.create(u);
    }
}
