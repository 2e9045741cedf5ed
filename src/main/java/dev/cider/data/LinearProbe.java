package dev.cider.data;

import dev.cider.text.BertVocab;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A plain-Java diagnostic: a logistic-regression classifier of the sign of the score (negative vs
 * positive; neutral samples are left out, like the paper's Non0 Acc2, spec 2.4) on simple features of
 * a {@link Sample}. It is not part of CIDer; it shows what a dataset lets a simple model learn, e.g.
 * that the synthetic data's bias words mislead a text-only model on the OOD test ({@link SyntheticCider}).
 *
 * <p>Features: {@link Features#TEXT} = presence of each non-special token id seen in training (bag of
 * words); the cue features are the per-dimension means of the valid audio and vision frames,
 * standardised with the training mean and std. Training is full-batch gradient descent from zero
 * weights (deterministic; no random numbers), 400 epochs, step 0.5, L2 1e-3.
 */
public final class LinearProbe {
    private LinearProbe() {}

    /** Which features the probe sees. */
    public enum Features {
        /** Bag of words only. */
        TEXT,
        /** Mean audio and vision frames only. */
        AUDIO_VISION,
        /** Bag of words plus mean audio and vision frames. */
        TEXT_AUDIO_VISION
    }

    /** Non0 accuracy on {@code test} of a probe trained on {@code train} (both without their neutral samples). */
    public static double accuracy(List<Sample> train, List<Sample> test, Features features) {
        Map<Integer, Integer> vocab = new HashMap<>();
        if (features != Features.AUDIO_VISION) {
            for (Sample s : train) {
                for (int id : s.inputIds()) {
                    if (!BertVocab.isSpecial(id)) {
                        vocab.putIfAbsent(id, vocab.size());
                    }
                }
            }
        }
        boolean cues = features != Features.TEXT;
        int dCue = cues ? train.get(0).audioDim() + train.get(0).visionDim() : 0;
        int dim = vocab.size() + dCue + 1; // + bias
        double[][] xTrain = matrix(train, vocab, dCue, dim);
        double[][] xTest = matrix(test, vocab, dCue, dim);
        if (cues) {
            int off = vocab.size();
            for (int k = off; k < off + dCue; k++) {
                double m = 0;
                double v = 0;
                for (double[] r : xTrain) {
                    m += r[k];
                }
                m /= xTrain.length;
                for (double[] r : xTrain) {
                    v += (r[k] - m) * (r[k] - m);
                }
                double sd = Math.sqrt(v / xTrain.length) + 1e-8;
                for (double[] r : xTrain) {
                    r[k] = (r[k] - m) / sd;
                }
                for (double[] r : xTest) {
                    r[k] = (r[k] - m) / sd;
                }
            }
        }
        int[] yTrain = targets(train);
        double[] w = new double[dim];
        double[] g = new double[dim];
        int n = 0;
        for (int y : yTrain) {
            n += y >= 0 ? 1 : 0;
        }
        if (n == 0) {
            throw new IllegalArgumentException("linear probe: the training split has no negative or positive sample");
        }
        for (int epoch = 0; epoch < 400; epoch++) {
            java.util.Arrays.fill(g, 0);
            for (int i = 0; i < xTrain.length; i++) {
                if (yTrain[i] < 0) {
                    continue;
                }
                double p = sigmoid(dot(w, xTrain[i]));
                double err = p - yTrain[i];
                double[] r = xTrain[i];
                for (int k = 0; k < dim; k++) {
                    if (r[k] != 0) {
                        g[k] += err * r[k];
                    }
                }
            }
            for (int k = 0; k < dim; k++) {
                w[k] -= 0.5 * (g[k] / n + 1e-3 * w[k]);
            }
        }
        int[] yTest = targets(test);
        int correct = 0;
        int total = 0;
        for (int i = 0; i < xTest.length; i++) {
            if (yTest[i] < 0) {
                continue;
            }
            total++;
            int pred = dot(w, xTest[i]) > 0 ? 1 : 0;
            correct += pred == yTest[i] ? 1 : 0;
        }
        if (total == 0) {
            throw new IllegalArgumentException("linear probe: the test split has no negative or positive sample");
        }
        return correct / (double) total;
    }

    private static int[] targets(List<Sample> samples) {
        int[] y = new int[samples.size()];
        for (int i = 0; i < y.length; i++) {
            int c = samples.get(i).label3();
            y[i] = c == 1 ? -1 : (c == 2 ? 1 : 0);
        }
        return y;
    }

    private static double[][] matrix(List<Sample> samples, Map<Integer, Integer> vocab, int dCue, int dim) {
        double[][] x = new double[samples.size()][dim];
        for (int i = 0; i < x.length; i++) {
            Sample s = samples.get(i);
            double[] r = x[i];
            for (int id : s.inputIds()) {
                Integer k = vocab.get(id);
                if (k != null) {
                    r[k] = 1;
                }
            }
            if (dCue > 0) {
                int off = vocab.size();
                meanFrames(s.audio(), s.audioDim(), s.audioLength(), r, off);
                meanFrames(s.vision(), s.visionDim(), s.visionLength(), r, off + s.audioDim());
            }
            r[dim - 1] = 1;
        }
        return x;
    }

    private static void meanFrames(float[] a, int d, int len, double[] out, int off) {
        if (len == 0) {
            return;
        }
        for (int t = 0; t < len; t++) {
            for (int k = 0; k < d; k++) {
                out[off + k] += a[t * d + k];
            }
        }
        for (int k = 0; k < d; k++) {
            out[off + k] /= len;
        }
    }

    private static double dot(double[] w, double[] x) {
        double s = 0;
        for (int k = 0; k < w.length; k++) {
            s += w[k] * x[k];
        }
        return s;
    }

    private static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }
}
