package dev.cider.text;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Test helper: a tiny BERT with seeded random weights written as a TensorFlow bundle (TF names and
 * [in, out] kernels, as Google's checkpoint), and a plain-Java double-precision forward pass of the
 * same weights, written from the BERT paper's definitions, to check the DJL block against.
 */
final class TinyBert {
    final BertConfig config;
    final Map<String, float[]> w = new LinkedHashMap<>();
    final Map<String, long[]> shapes = new LinkedHashMap<>();

    TinyBert(BertConfig config, long seed) {
        this.config = config;
        Random rnd = new Random(seed);
        BertEncoder probe = BertEncoder.builder().setConfig(config).build();
        int h = config.hiddenSize();
        int in = config.intermediateSize();
        for (String name : BertWeights.variableNames("", probe, BertMaskedLmHead.of(config))) {
            long[] shape = shapeOf(name, h, in);
            int n = 1;
            for (long d : shape) {
                n *= (int) d;
            }
            float[] v = new float[n];
            boolean gamma = name.endsWith("gamma");
            for (int i = 0; i < n; i++) {
                v[i] = (float) ((gamma ? 1.0 : 0.0) + (name.endsWith("kernel") ? 0.15 : 0.3) * rnd.nextGaussian());
            }
            w.put(name, v);
            shapes.put(name, shape);
        }
    }

    private long[] shapeOf(String name, int h, int in) {
        if (name.endsWith("word_embeddings")) {
            return new long[] {config.vocabSize(), h};
        }
        if (name.endsWith("position_embeddings")) {
            return new long[] {config.maxPositions(), h};
        }
        if (name.endsWith("token_type_embeddings")) {
            return new long[] {config.typeVocabSize(), h};
        }
        if (name.endsWith("output_bias")) {
            return new long[] {config.vocabSize()};
        }
        if (name.contains("intermediate/dense/")) {
            return name.endsWith("kernel") ? new long[] {h, in} : new long[] {in};
        }
        if (name.contains("/output/dense/") && !name.contains("attention")) {
            return name.endsWith("kernel") ? new long[] {in, h} : new long[] {h};
        }
        return name.endsWith("kernel") ? new long[] {h, h} : new long[] {h};
    }

    /** Writes the weights as a SavedModel-layout bundle under {@code dir}, with an optional name prefix. */
    void write(Path dir, String prefix) throws IOException {
        TfBundleWriter bw = new TfBundleWriter();
        for (String n : w.keySet()) {
            bw.add(prefix + n, shapes.get(n), w.get(n));
        }
        bw.writeSavedModel(dir);
    }

    /** A loaded encoder (and head) from a bundle written to {@code dir}. */
    BertWeights.Loaded load(Path dir, NDManager manager, boolean frozen) throws IOException {
        write(dir, "module/");
        BertCheckpoint ckpt = BertCheckpoint.ofDirectory(dir);
        BertEncoder enc = BertEncoder.builder().setConfig(config).optFrozen(frozen).build();
        Shape s = new Shape(1, 4);
        enc.initialize(manager, DataType.FLOAT32, s, s, s);
        BertMaskedLmHead head = BertMaskedLmHead.of(config);
        head.initialize(manager, DataType.FLOAT32, new Shape(1, 4, config.hiddenSize()), new Shape(config.vocabSize(), config.hiddenSize()));
        BertWeights.load(ckpt, enc, head);
        return new BertWeights.Loaded(enc, head, ckpt.weightsId());
    }

    // ---- plain-Java reference ---------------------------------------------------------------

    /** Last hidden state (T x H) of one sequence. */
    double[][] forward(int[] ids, int[] mask, int[] seg) {
        int t = ids.length;
        int h = config.hiddenSize();
        double[][] x = new double[t][h];
        float[] word = w.get("bert/embeddings/word_embeddings");
        float[] pos = w.get("bert/embeddings/position_embeddings");
        float[] typ = w.get("bert/embeddings/token_type_embeddings");
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < h; j++) {
                x[i][j] = word[ids[i] * h + j] + pos[i * h + j] + typ[seg[i] * h + j];
            }
        }
        x = layerNorm(x, "bert/embeddings/LayerNorm/");
        for (int l = 0; l < config.numLayers(); l++) {
            String p = "bert/encoder/layer_" + l + "/";
            double[][] q = dense(x, p + "attention/self/query/");
            double[][] k = dense(x, p + "attention/self/key/");
            double[][] v = dense(x, p + "attention/self/value/");
            int heads = config.numHeads();
            int dh = config.headSize();
            double[][] ctx = new double[t][h];
            for (int hd = 0; hd < heads; hd++) {
                for (int i = 0; i < t; i++) {
                    double[] s = new double[t];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < t; j++) {
                        double dot = 0;
                        for (int d = 0; d < dh; d++) {
                            dot += q[i][hd * dh + d] * k[j][hd * dh + d];
                        }
                        s[j] = dot / Math.sqrt(dh) + (1 - mask[j]) * (double) config.maskBias();
                        max = Math.max(max, s[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < t; j++) {
                        s[j] = Math.exp(s[j] - max);
                        sum += s[j];
                    }
                    for (int j = 0; j < t; j++) {
                        for (int d = 0; d < dh; d++) {
                            ctx[i][hd * dh + d] += s[j] / sum * v[j][hd * dh + d];
                        }
                    }
                }
            }
            double[][] a = add(x, dense(ctx, p + "attention/output/dense/"));
            a = layerNorm(a, p + "attention/output/LayerNorm/");
            double[][] f = dense(a, p + "intermediate/dense/");
            for (double[] row : f) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = gelu(row[j]);
                }
            }
            x = layerNorm(add(a, dense(f, p + "output/dense/")), p + "output/LayerNorm/");
        }
        return x;
    }

    /** Masked-LM logits (T x V) from hidden states, with the output weights tied to the word embeddings. */
    double[][] mlmLogits(double[][] hidden) {
        double[][] x = dense(hidden, "cls/predictions/transform/dense/");
        for (double[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] = gelu(row[j]);
            }
        }
        x = layerNorm(x, "cls/predictions/transform/LayerNorm/");
        float[] word = w.get("bert/embeddings/word_embeddings");
        float[] bias = w.get("cls/predictions/output_bias");
        int h = config.hiddenSize();
        double[][] out = new double[x.length][config.vocabSize()];
        for (int i = 0; i < x.length; i++) {
            for (int v = 0; v < config.vocabSize(); v++) {
                double s = bias[v];
                for (int j = 0; j < h; j++) {
                    s += x[i][j] * word[v * h + j];
                }
                out[i][v] = s;
            }
        }
        return out;
    }

    private double[][] dense(double[][] x, String p) {
        float[] k = w.get(p + "kernel");
        float[] b = w.get(p + "bias");
        int out = b.length;
        int in = x[0].length;
        double[][] y = new double[x.length][out];
        for (int i = 0; i < x.length; i++) {
            for (int o = 0; o < out; o++) {
                double s = b[o];
                for (int j = 0; j < in; j++) {
                    s += x[i][j] * k[j * out + o];
                }
                y[i][o] = s;
            }
        }
        return y;
    }

    private double[][] layerNorm(double[][] x, String p) {
        float[] g = w.get(p + "gamma");
        float[] b = w.get(p + "beta");
        double[][] y = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            double mean = 0;
            for (double v : x[i]) {
                mean += v;
            }
            mean /= x[i].length;
            double var = 0;
            for (double v : x[i]) {
                var += (v - mean) * (v - mean);
            }
            var /= x[i].length;
            y[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                y[i][j] = (x[i][j] - mean) / Math.sqrt(var + config.layerNormEps()) * g[j] + b[j];
            }
        }
        return y;
    }

    private static double[][] add(double[][] a, double[][] b) {
        double[][] y = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                y[i][j] = a[i][j] + b[i][j];
            }
        }
        return y;
    }

    /** Exact GELU: x * Phi(x) = x/2 (1 + erf(x / sqrt 2)). */
    static double gelu(double x) {
        return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
    }

    /** erf by its Maclaurin series for |x| <= 4 (error about 1e-10), and +-1 beyond (erfc(4) = 1.5e-8). */
    static double erf(double x) {
        if (Math.abs(x) > 4) {
            return Math.signum(x);
        }
        double sum = 0;
        double term = x; // (-1)^n x^(2n+1) / n!
        for (int n = 0; n < 200; n++) {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

}
