package dev.cider.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.cider.data.Labels;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The reference evaluation ({@code src/eval_metrics.py}, reference spec sections 2.4 and 4.8): counterfactual
 * scores s(&tau;) = log p_factual &minus; &tau;&middot;log p_counterfactual (paper section III, MACI at test
 * time), classification metrics on their argmax, and the &tau; sweep.
 *
 * <p>Two protocols:
 * <ul>
 *   <li><b>paper (oracle) protocol</b> ({@link #sweep}): every metric is maximised separately over the
 *       31 values of {@link #tauGrid()} on the evaluated labels themselves; the first &tau; index
 *       reaching the maximum wins (Python {@code max} keeps the earliest);</li>
 *   <li><b>clean protocol</b> ({@link #chooseTau} on validation, then {@link #evaluateAt} on test):
 *       one &tau; for all metrics, chosen without looking at test labels.</li>
 * </ul>
 *
 * <p>Arithmetic matches the reference run with NumPy 1.x: the float32 log-probabilities are combined in
 * float32 with &tau; cast to float32; argmax ties go to the lowest column; accuracies and F1 are
 * computed in double as scikit-learn does. Inputs with NaN/infinite entries, ragged rows, labels out of
 * range or mismatched lengths are rejected with a message naming the argument.
 */
public final class Metrics {
    private Metrics() {}

    /** Number of &tau; values in the reference grid. */
    public static final int TAU_COUNT = 31;

    /**
     * The &tau; grid exactly as {@code np.arange(0, 3.1, 0.1)}: value i is {@code 0 + i * 0.1} in double,
     * so e.g. index 3 is 0.30000000000000004.
     */
    public static double[] tauGrid() {
        double[] g = new double[TAU_COUNT];
        double start = 0.0;
        double delta = (start + 0.1) - start;
        for (int i = 0; i < TAU_COUNT; i++) {
            g[i] = start + i * delta;
        }
        return g;
    }

    /** Result of a &tau; sweep for one metric (paper protocol). */
    public record Sweep(Metric metric, double best, int bestTauIndex, double bestTau, double[] curve) {
        /** The metric at every &tau; of {@link #tauGrid()} (a copy). */
        @Override
        public double[] curve() { return curve.clone(); }
    }

    // ---------------------------------------------------------------- predictions

    /**
     * Predicted class per sample: argmax over {@code columns} of pred &minus; &tau;&middot;cf_pred (float32),
     * ties to the first listed column; returns indices into {@code columns} order's column values.
     */
    static int[] argmax(float[][] pred, float[][] cf, double tau, int[] columns) {
        float t = (float) tau;
        int[] out = new int[pred.length];
        for (int n = 0; n < pred.length; n++) {
            float[] p = pred[n];
            float[] c = cf[n];
            int best = columns[0];
            float bestScore = p[best] - t * c[best];
            for (int k = 1; k < columns.length; k++) {
                int col = columns[k];
                float s = p[col] - t * c[col];
                if (s > bestScore) {
                    bestScore = s;
                    best = col;
                }
            }
            out[n] = best;
        }
        return out;
    }

    /**
     * The predicted class of each sample at a given &tau;: argmax over all C columns of the combined score.
     */
    public static int[] predict(float[][] pred, float[][] cfPred, double tau) {
        int c = checkInputs(pred, cfPred, null, -1);
        int[] all = new int[c];
        for (int i = 0; i < c; i++) {
            all[i] = i;
        }
        return argmax(pred, cfPred, checkTau(tau), all);
    }

    // ---------------------------------------------------------------- metric at one tau

    /** One metric at one &tau;. */
    public static double evaluate(Metric metric, float[][] pred, float[][] cfPred, int[] labels, double tau) {
        checkInputs(pred, cfPred, labels, metric.task().classes());
        return compute(metric, pred, cfPred, labels, checkTau(tau));
    }

    /**
     * Every metric of {@code task} at one fixed &tau; (clean protocol: &tau; from {@link #chooseTau}).
     * Returned in the reference's order.
     */
    public static Map<Metric, Double> evaluateAt(Labels.Task task, double tau, float[][] pred, float[][] cfPred,
                                                 int[] labels) {
        checkInputs(pred, cfPred, labels, task.classes());
        double t = checkTau(tau);
        Map<Metric, Double> out = new EnumMap<>(Metric.class);
        for (Metric m : Metric.forTask(task)) {
            out.put(m, compute(m, pred, cfPred, labels, t));
        }
        return Collections.unmodifiableMap(out);
    }

    // ---------------------------------------------------------------- sweeps

    /** Paper protocol for one metric: the curve over {@link #tauGrid()}, its maximum and the first best index. */
    public static Sweep sweep(Metric metric, float[][] pred, float[][] cfPred, int[] labels) {
        checkInputs(pred, cfPred, labels, metric.task().classes());
        double[] grid = tauGrid();
        double[] curve = new double[grid.length];
        int bestIdx = 0;
        for (int i = 0; i < grid.length; i++) {
            curve[i] = compute(metric, pred, cfPred, labels, grid[i]);
            if (curve[i] > curve[bestIdx]) {
                bestIdx = i;
            }
        }
        return new Sweep(metric, curve[bestIdx], bestIdx, grid[bestIdx], curve);
    }

    /** Paper protocol for every metric of a task (each maximised separately). */
    public static Map<Metric, Sweep> sweepAll(Labels.Task task, float[][] pred, float[][] cfPred, int[] labels) {
        Map<Metric, Sweep> out = new EnumMap<>(Metric.class);
        for (Metric m : Metric.forTask(task)) {
            out.put(m, sweep(m, pred, cfPred, labels));
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Clean protocol: the &tau; of {@link #tauGrid()} that maximises {@code metric} on the validation
     * predictions (first index on ties). Use it with {@link #evaluateAt} on the test split.
     */
    public static double chooseTau(Metric metric, float[][] validPred, float[][] validCfPred, int[] validLabels) {
        return sweep(metric, validPred, validCfPred, validLabels).bestTau();
    }

    /** {@link #chooseTau(Metric, float[][], float[][], int[])} with the metric given by its reference name. */
    public static double chooseTau(String metric, float[][] validPred, float[][] validCfPred, int[] validLabels) {
        return chooseTau(Metric.parse(metric), validPred, validCfPred, validLabels);
    }

    /** Result of the clean protocol: the &tau; chosen on validation and every test metric at that &tau;. */
    public record CleanResult(Metric tauMetric, double tau, int tauIndex, Map<Metric, Double> test) {}

    /**
     * Clean protocol in one call: &tau; maximising {@code tauMetric} on the validation split (first index on
     * ties), then every metric of the task on the test split at that single &tau;.
     */
    public static CleanResult cleanProtocol(Metric tauMetric, float[][] validPred, float[][] validCf, int[] validLabels,
                                            float[][] testPred, float[][] testCf, int[] testLabels) {
        Sweep s = sweep(tauMetric, validPred, validCf, validLabels);
        return new CleanResult(tauMetric, s.bestTau(), s.bestTauIndex(),
                evaluateAt(tauMetric.task(), s.bestTau(), testPred, testCf, testLabels));
    }

    // ---------------------------------------------------------------- sklearn-equivalent scores

    /** scikit-learn {@code accuracy_score}: correct / N in double. */
    public static double accuracy(int[] truth, int[] predicted) {
        checkSameLength(truth, predicted);
        long correct = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] == predicted[i]) {
                correct++;
            }
        }
        return (double) correct / truth.length;
    }

    /**
     * scikit-learn {@code f1_score(average="weighted")} (version 1.2): per-label F1 over the sorted union of
     * true and predicted labels (precision 0 for a never-predicted label), averaged with the true supports
     * as weights, in the same floating-point order.
     */
    public static double weightedF1(int[] truth, int[] predicted) {
        checkSameLength(truth, predicted);
        TreeSet<Integer> labels = new TreeSet<>();
        for (int i = 0; i < truth.length; i++) {
            labels.add(truth[i]);
            labels.add(predicted[i]);
        }
        int l = labels.size();
        double[] f = new double[l];
        long[] support = new long[l];
        int j = 0;
        for (int label : labels) {
            long tp = 0;
            long predSum = 0;
            long trueSum = 0;
            for (int i = 0; i < truth.length; i++) {
                boolean t = truth[i] == label;
                boolean p = predicted[i] == label;
                if (t) trueSum++;
                if (p) predSum++;
                if (t && p) tp++;
            }
            double precision = predSum == 0 ? 0.0 : (double) tp / (double) predSum;
            double recall = trueSum == 0 ? 0.0 : (double) tp / (double) trueSum;
            double denom = 1.0 * precision + recall;
            if (denom == 0.0) {
                denom = 1.0;
            }
            f[j] = 2.0 * precision * recall / denom;
            support[j] = trueSum;
            j++;
        }
        // np.average(f, weights=support): sum(f * w) / sum(w), the products summed in label order.
        double num = 0.0;
        long wsum = 0;
        for (int k = 0; k < l; k++) {
            num += f[k] * (double) support[k];
            wsum += support[k];
        }
        return num / (double) wsum;
    }

    // ---------------------------------------------------------------- NDArray adapters

    /** Copies a 2-D (N, C) NDArray of log-probabilities to float[N][C] (float32, as the model returns). */
    public static float[][] toMatrix(NDArray logProbs) {
        if (logProbs.getShape().dimension() != 2) {
            throw new IllegalArgumentException("expected a (N, C) log-probability array, got shape "
                    + logProbs.getShape());
        }
        int n = (int) logProbs.getShape().get(0);
        int c = (int) logProbs.getShape().get(1);
        float[] flat = logProbs.toType(DataType.FLOAT32, false).toFloatArray();
        float[][] out = new float[n][c];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * c, out[i], 0, c);
        }
        return out;
    }

    /** {@link #sweepAll(Labels.Task, float[][], float[][], int[])} on (N, C) NDArrays of log-probabilities. */
    public static Map<Metric, Sweep> sweepAll(Labels.Task task, NDArray pred, NDArray cfPred, int[] labels) {
        return sweepAll(task, toMatrix(pred), toMatrix(cfPred), labels);
    }

    /** {@link #evaluateAt(Labels.Task, double, float[][], float[][], int[])} on (N, C) NDArrays. */
    public static Map<Metric, Double> evaluateAt(Labels.Task task, double tau, NDArray pred, NDArray cfPred,
                                                 int[] labels) {
        return evaluateAt(task, tau, toMatrix(pred), toMatrix(cfPred), labels);
    }

    /** Concatenates per-batch (B, C) rows into one matrix, in order (for accumulating test outputs). */
    public static float[][] concat(List<float[][]> batches) {
        int n = batches.stream().mapToInt(b -> b.length).sum();
        float[][] out = new float[n][];
        int k = 0;
        for (float[][] b : batches) {
            for (float[] row : b) {
                out[k++] = row;
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- internals

    private static double compute(Metric metric, float[][] pred, float[][] cf, int[] labels, double tau) {
        int c = metric.task().classes();
        switch (metric.variant()) {
            case HAS0: {
                int[] cols = {0, 2};
                int[] p = argmax(pred, cf, tau, cols);
                int[] yp = new int[p.length];
                int[] yt = new int[p.length];
                for (int i = 0; i < p.length; i++) {
                    yp[i] = p[i] == 2 ? 1 : 0;
                    yt[i] = labels[i] >= 1 ? 1 : 0;
                }
                return metric.isF1() ? weightedF1(yt, yp) : accuracy(yt, yp);
            }
            case NON0: {
                int m = 0;
                for (int y : labels) {
                    if (y != 1) m++;
                }
                if (m == 0) {
                    throw new IllegalArgumentException(metric + ": no sample with a non-neutral label (all "
                            + labels.length + " labels are 1); the reference crashes here (IndexError)");
                }
                float[][] sp = new float[m][];
                float[][] sc = new float[m][];
                int[] yt = new int[m];
                int k = 0;
                for (int i = 0; i < labels.length; i++) {
                    if (labels[i] != 1) {
                        sp[k] = pred[i];
                        sc[k] = cf[i];
                        yt[k] = labels[i];
                        k++;
                    }
                }
                int[] yp = argmax(sp, sc, tau, new int[] {0, 1, 2});
                return metric.isF1() ? weightedF1(yt, yp) : accuracy(yt, yp);
            }
            default: {
                int[] cols = new int[c];
                for (int i = 0; i < c; i++) cols[i] = i;
                int[] yp = argmax(pred, cf, tau, cols);
                return metric.isF1() ? weightedF1(labels, yp) : accuracy(labels, yp);
            }
        }
    }

    private static double checkTau(double tau) {
        if (!Double.isFinite(tau)) {
            throw new IllegalArgumentException("tau is not finite: " + tau);
        }
        return tau;
    }

    private static void checkSameLength(int[] truth, int[] predicted) {
        if (truth == null || predicted == null) {
            throw new IllegalArgumentException("truth and predicted labels must not be null");
        }
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("truth has " + truth.length + " labels but predicted has "
                    + predicted.length);
        }
        if (truth.length == 0) {
            throw new IllegalArgumentException("no samples to score (empty label arrays)");
        }
    }

    /** Validates shapes/values; returns C. {@code classes} &lt; 0 means "any C"; labels may be null. */
    private static int checkInputs(float[][] pred, float[][] cf, int[] labels, int classes) {
        if (pred == null || cf == null) {
            throw new IllegalArgumentException("pred and cf_pred must not be null");
        }
        if (pred.length == 0) {
            throw new IllegalArgumentException("pred has no rows (N = 0)");
        }
        if (pred.length != cf.length) {
            throw new IllegalArgumentException("pred has " + pred.length + " rows but cf_pred has " + cf.length);
        }
        if (labels != null && labels.length != pred.length) {
            throw new IllegalArgumentException("pred has " + pred.length + " rows but labels has " + labels.length);
        }
        int c = pred[0] == null ? 0 : pred[0].length;
        if (classes >= 0 && c != classes) {
            throw new IllegalArgumentException("pred has " + c + " columns; this metric needs C = " + classes);
        }
        if (c == 0) {
            throw new IllegalArgumentException("pred has no columns (C = 0)");
        }
        for (int i = 0; i < pred.length; i++) {
            checkRow("pred", i, pred[i], c);
            checkRow("cf_pred", i, cf[i], c);
            if (labels != null && (labels[i] < 0 || labels[i] >= c)) {
                throw new IllegalArgumentException("labels[" + i + "] = " + labels[i] + " is outside 0.." + (c - 1));
            }
        }
        return c;
    }

    private static void checkRow(String name, int i, float[] row, int c) {
        if (row == null || row.length != c) {
            throw new IllegalArgumentException(name + " row " + i + " has " + (row == null ? "no" : row.length)
                    + " columns, expected " + c);
        }
        for (int k = 0; k < c; k++) {
            if (!Float.isFinite(row[k])) {
                throw new IllegalArgumentException(name + "[" + i + "][" + k + "] is not finite: " + row[k]);
            }
        }
    }
}
