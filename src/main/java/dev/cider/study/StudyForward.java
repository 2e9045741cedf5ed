package dev.cider.study;

import dev.cider.util.NoGrad;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.cider.data.BiasWords;
import dev.cider.data.DatasetDims;
import dev.cider.missing.MissingView;
import dev.cider.model.CiderInput;
import dev.cider.model.CiderModel;
import dev.cider.model.CiderOutput;
import dev.cider.train.Batches;
import dev.cider.train.TextFeatures;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Evaluation-mode forward passes for the qualitative notebooks (paper V-F): the joint representation
 * z of each view (Fig. 8) and the class probabilities under chosen MCM prototypes/priors (Fig. 9).
 *
 * <p>Batches are formed in the given order with the run's batch size, as {@code Evaluator} does,
 * because the reference's batch-index positional term (spec 4.5) makes a sample's output depend on
 * its index inside the batch.
 */
final class StudyForward {
    private StudyForward() {}

    /** What one pass gives per sample: log-probabilities (N, C) and joint representations z (N, 3D). */
    record Outputs(float[][] logProbs, float[][] jointRep) {}

    /**
     * Runs the model (eval mode, no dropout, no reconstruction) on the views.
     *
     * @param counterfactual replace each view's text by its fine-grained counterfactual (spec 3.4)
     * @param heads (manager, batch size) to the MCM's prototypes (C, P) and priors (C)
     */
    static Outputs run(CiderModel model, TextFeatures text, BiasWords biasWords, List<MissingView> views,
                       int batchSize, boolean counterfactual, BiFunction<NDManager, Integer, NDArray[]> heads) {
        if (views.isEmpty()) {
            throw new IllegalArgumentException("nothing to run: no samples");
        }
        int n = views.size();
        float[][] pred = new float[n][];
        float[][] z = new float[n][];
        try (NoGrad ignored = NoGrad.enter(); NDManager m = NDManager.newBaseManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            for (int start = 0; start < n; start += batchSize) {
                int end = Math.min(n, start + batchSize);
                try (NDManager bm = m.newSubManager()) {
                    List<MissingView> chunk = views.subList(start, end);
                    NDArray[] ph = heads.apply(bm, end - start);
                    CiderOutput out = model.forward(ps, input(bm, model.dims(), text, chunk, counterfactual ? biasWords : null,
                            ph[0], ph[1]), false, false, null);
                    float[][] p = rows(out.pred());
                    float[][] j = rows(out.jointRep());
                    System.arraycopy(p, 0, pred, start, p.length);
                    System.arraycopy(j, 0, z, start, j.length);
                }
            }
        }
        return new Outputs(pred, z);
    }

    private static float[][] rows(NDArray a) {
        int r = Math.toIntExact(a.getShape().get(0));
        int c = Math.toIntExact(a.getShape().get(1));
        float[] flat = a.toFloatArray();
        float[][] out = new float[r][c];
        for (int i = 0; i < r; i++) {
            System.arraycopy(flat, i * c, out[i], 0, c);
        }
        return out;
    }

    /**
     * The model input of a batch of views (spec 4.1): {@link Batches#input} with the views' own ids,
     * or their fine-grained counterfactual ids ({@link Batches#counterfactualIds}) when {@code cf} is given.
     */
    static CiderInput input(NDManager m, DatasetDims dims, TextFeatures text, List<MissingView> views, BiasWords cf,
                            NDArray prototypes, NDArray priors) {
        int[][] ids = cf == null ? Batches.ids(views) : Batches.counterfactualIds(views, cf);
        return Batches.input(m, dims, text, views, ids, prototypes, priors);
    }
}
