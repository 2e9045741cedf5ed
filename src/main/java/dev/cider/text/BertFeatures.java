package dev.cider.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Frozen BERT last-hidden-state features of N token sequences, each T x H row-major in one float
 * array (T = padded length, H = hidden size), as computed by {@link BertFeatureCache}.
 *
 * @param seqLength T
 * @param hidden H
 * @param features one (T x H) array per sequence, in input order; not copied, treat as read-only
 * @param key the cache key (SHA-256 hex of weights identity, configuration, precision and ids)
 */
public record BertFeatures(int seqLength, int hidden, List<float[]> features, String key) {
    /** Validates sizes. */
    public BertFeatures {
        for (int i = 0; i < features.size(); i++) {
            if (features.get(i).length != seqLength * hidden) {
                throw new IllegalArgumentException("BertFeatures: sequence " + i + " has " + features.get(i).length
                        + " values, expected " + seqLength + " x " + hidden);
            }
        }
        features = List.copyOf(features);
    }

    /** Number of sequences. */
    public int size() {
        return features.size();
    }

    /** Features of sequence {@code i}: T x H row-major. */
    public float[] get(int i) {
        return features.get(i);
    }

    /**
     * A batch of features as one float32 array (B, T, H), for the model's text input.
     *
     * @param manager where the array is created
     * @param indices sequence indices, in batch order
     */
    public NDArray batch(NDManager manager, int[] indices) {
        int per = seqLength * hidden;
        float[] flat = new float[indices.length * per];
        for (int b = 0; b < indices.length; b++) {
            if (indices[b] < 0 || indices[b] >= features.size()) {
                throw new IndexOutOfBoundsException("BertFeatures: index " + indices[b] + " outside [0, " + features.size() + ")");
            }
            System.arraycopy(features.get(indices[b]), 0, flat, b * per, per);
        }
        return manager.create(flat, new Shape(indices.length, seqLength, hidden));
    }
}
