package dev.cider.train;

import dev.cider.util.NoGrad;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.cider.data.BiasWords;
import dev.cider.data.DatasetDims;
import dev.cider.data.Labels;
import dev.cider.data.MultimodalData;
import dev.cider.data.Sample;
import dev.cider.eval.Auilc;
import dev.cider.eval.DataKind;
import dev.cider.eval.Metric;
import dev.cider.eval.Metrics;
import dev.cider.eval.ResultsWriter;
import dev.cider.missing.MissingPattern;
import dev.cider.missing.MissingPatterns;
import dev.cider.missing.MissingRates;
import dev.cider.missing.MissingView;
import dev.cider.missing.SpecificModalityMissing;
import dev.cider.model.CiderInput;
import dev.cider.model.CiderModel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Evaluates a trained CIDer model under missing modalities with the counterfactual flow (spec 4.8)
 * and the two protocols of the study (issue 6), over a missing-rate grid or the seven SMM cases.
 *
 * <ul>
 *   <li>{@link Protocol#PAPER}, as the reference does it (spec 2.4, 4.6, 10): the MCM sees uniform
 *       priors and, in every row, the mean of the <em>evaluated split's</em> class prototypes; τ is
 *       swept over 0..3 (step 0.1) and the best value is taken per metric and per rate on the
 *       evaluated split's own labels.</li>
 *   <li>{@link Protocol#CLEAN}: uniform priors and the mean of the <em>training</em> split's class
 *       prototypes; one τ for all metrics and rates, chosen on the validation split
 *       ({@link #chooseTau}). The corrected positional term and validation-chosen checkpoint come
 *       from the training run ({@link TrainConfig#positional}, {@link Trainer}).</li>
 * </ul>
 *
 * Every missing view is drawn with {@link MissingPattern#applyAll} from one split seed, so the
 * views are nested across rates (spec 3.3). Batches are taken in split order with the training
 * batch size (the reference's batch-index positional term depends on it).
 */
public final class Evaluator {

    /** How the MCM prototypes and τ are chosen at evaluation. */
    public enum Protocol {
        /** Reference: evaluated split's prototypes, per-metric oracle τ on the evaluated labels. */
        PAPER,
        /** Training prototypes, one τ chosen on validation. */
        CLEAN;

        /** Lower-case name used in result tables. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Factual and counterfactual log-probabilities (N, C) and labels (N). */
    public record Predictions(float[][] pred, float[][] cfPred, int[] labels) {}

    /** One grid point: the pattern's name, its rate (NaN for SMM) and each metric with its τ. */
    public record Point(String pattern, double rate, Map<Metric, Double> values, Map<Metric, Double> taus) {}

    /**
     * A whole grid.
     *
     * @param auilc AUILC per metric over the rates (empty for SMM or a single rate)
     */
    public record Grid(String split, Protocol protocol, String pattern, List<Point> points, Map<Metric, Double> auilc) {

        /** Values of one metric along the grid. */
        public double[] series(Metric m) {
            return points.stream().mapToDouble(p -> p.values().get(m)).toArray();
        }

        /** Rates along the grid. */
        public double[] rates() {
            return points.stream().mapToDouble(Point::rate).toArray();
        }

        /**
         * Adds the grid to a results writer: one row per point and metric, and one row per AUILC
         * (metric {@code AUILC(<metric>)}, rate NaN, τ NaN).
         */
        public ResultsWriter writeTo(ResultsWriter w, String dataset, String task, long seed, DataKind kind) {
            for (Point p : points) {
                ResultsWriter.Context ctx = new ResultsWriter.Context(dataset, task, split, protocol.label(), p.pattern(),
                        p.rate(), seed, kind);
                for (var e : p.values().entrySet()) {
                    w.add(ctx, e.getKey().referenceName(), e.getValue(), p.taus().get(e.getKey()));
                }
            }
            ResultsWriter.Context ctx = new ResultsWriter.Context(dataset, task, split, protocol.label(), pattern,
                    Double.NaN, seed, kind);
            for (var e : auilc.entrySet()) {
                w.add(ctx, "AUILC(" + e.getKey().referenceName() + ")", e.getValue(), Double.NaN);
            }
            return w;
        }
    }

    private final CiderModel model;
    private final TextFeatures text;
    private final BiasWords biasWords;
    private final Labels.Task task;
    private final ClassPrototypes train;
    private final int batchSize;
    private final boolean tokenInput;
    private final java.io.PrintStream progress;
    private final Map<List<Sample>, ClassPrototypes> splitPrototypes = new IdentityHashMap<>();

    private Evaluator(Builder b) {
        model = b.model;
        text = b.text;
        biasWords = b.biasWords;
        task = b.task;
        train = b.train;
        batchSize = b.batchSize;
        tokenInput = b.tokenInput;
        progress = b.progress;
    }

    /** A builder: {@code setModel}, {@code setBiasWords}, {@code setTask}, {@code setTrainPrototypes}; text features. */
    public static Builder builder() {
        return new Builder();
    }

    public Labels.Task task() {
        return task;
    }

    /** The metric the clean protocol chooses τ (and the trainer the checkpoint) with: Non0_acc_2 or Acc_7. */
    public Metric selectionMetric() {
        return Metric.headline(task).get(0);
    }

    private ClassPrototypes prototypesOf(List<Sample> split) {
        if (text == null) {
            throw new IllegalStateException("the paper protocol needs text features to compute the evaluated split's "
                    + "prototypes; give the evaluator optTextFeatures");
        }
        return splitPrototypes.computeIfAbsent(split, s -> ClassPrototypes.of("evaluated", s, task, model.dims(), text));
    }

    /**
     * Predictions on {@code samples} under {@code pattern} at {@code rate} (views seeded by {@code seed},
     * nested across rates), with the prototypes of {@code protocol}.
     */
    public Predictions predict(List<Sample> samples, MissingPattern pattern, double rate, long seed, Protocol protocol) {
        MissingRates.check(pattern.name() + " rate", rate);
        List<MissingView> views = pattern.applyAll(samples, rate, seed);
        ClassPrototypes protos = protocol == Protocol.PAPER ? prototypesOf(samples) : train;
        return predict(views, protos.mean());
    }

    /** Predictions on given views with every MCM row set to {@code prototype} and uniform priors. */
    public Predictions predict(List<MissingView> views, float[] prototype) {
        if (views.isEmpty()) {
            throw new IllegalArgumentException("nothing to evaluate: no samples");
        }
        DatasetDims dims = model.dims();
        int n = views.size();
        int c = task.classes();
        float[][] pred = new float[n][];
        float[][] cf = new float[n][];
        int[] labels = new int[n];
        try (NoGrad ignored = NoGrad.enter(); NDManager m = NDManager.newBaseManager()) {
            NDArray protos = ClassPrototypes.repeatedRows(m, prototype, c);
            NDArray priors = ClassPrototypes.uniformPriors(m, c);
            ParameterStore ps = new ParameterStore(m, false);
            for (int start = 0; start < n; start += batchSize) {
                int end = Math.min(n, start + batchSize);
                List<MissingView> chunk = views.subList(start, end);
                try (NDManager bm = m.newSubManager()) {
                    TextFeatures input = tokenInput ? null : text;
                    CiderInput in = Batches.input(bm, dims, input, chunk, Batches.ids(chunk), protos, priors);
                    CiderInput cfIn = Batches.input(bm, dims, input, chunk, Batches.counterfactualIds(chunk, biasWords),
                            protos, priors);
                    float[][] p = Metrics.toMatrix(model.forward(ps, in, false, false, null).pred());
                    float[][] q = Metrics.toMatrix(model.forward(ps, cfIn, false, false, null).pred());
                    for (int i = start; i < end; i++) {
                        pred[i] = p[i - start];
                        cf[i] = q[i - start];
                        labels[i] = Labels.label(task, chunk.get(i - start).sample());
                    }
                }
            }
        }
        return new Predictions(pred, cf, labels);
    }

    /**
     * The clean protocol's τ: the value of the τ grid that maximises {@link #selectionMetric()} on
     * the complete validation split (training prototypes, uniform priors; first on ties).
     */
    public double chooseTau(List<Sample> valid, long seed) {
        Predictions p = predict(valid, MissingPatterns.parse("RMFM", model.dims()), 0.0, seed, Protocol.CLEAN);
        return Metrics.chooseTau(selectionMetric(), p.pred(), p.cfPred(), p.labels());
    }

    /** Metric values of predictions under a protocol: per-metric best τ (paper) or the given τ (clean). */
    public Point score(String pattern, double rate, Predictions p, Protocol protocol, double tau) {
        Map<Metric, Double> values = new EnumMap<>(Metric.class);
        Map<Metric, Double> taus = new EnumMap<>(Metric.class);
        if (protocol == Protocol.PAPER) {
            for (var e : Metrics.sweepAll(task, p.pred(), p.cfPred(), p.labels()).entrySet()) {
                values.put(e.getKey(), e.getValue().best());
                taus.put(e.getKey(), e.getValue().bestTau());
            }
        } else {
            if (!(tau >= 0) || Double.isInfinite(tau)) {
                throw new IllegalArgumentException("the clean protocol needs a finite tau >= 0 chosen on validation, got " + tau);
            }
            for (var e : Metrics.evaluateAt(task, tau, p.pred(), p.cfPred(), p.labels()).entrySet()) {
                values.put(e.getKey(), e.getValue());
                taus.put(e.getKey(), tau);
            }
        }
        return new Point(pattern, rate, values, taus);
    }

    /**
     * Evaluates one pattern over a rate grid on a split of {@code data} (issue 6 item 4), with AUILC
     * over the rates (spec 2.5) when there are at least two.
     *
     * @param tau the clean protocol's τ (ignored by the paper protocol; pass NaN there)
     * @throws IllegalArgumentException for a rate outside [0, 1] or an unknown split
     */
    public Grid grid(MultimodalData data, String split, MissingPattern pattern, double[] rates, long seed,
                     Protocol protocol, double tau) {
        Objects.requireNonNull(pattern, "pattern");
        if (rates.length == 0) {
            throw new IllegalArgumentException("empty rate grid");
        }
        for (double r : rates) {
            MissingRates.check(pattern.name() + " rate", r);
        }
        List<Sample> samples = data.split(split);
        List<Point> points = new ArrayList<>();
        List<Map<Metric, Double>> perRate = new ArrayList<>();
        ProgressBar bar = progress == null ? null
                : new ProgressBar("eval " + split + " " + pattern.name() + " " + protocol.label(), rates.length, progress, 5);
        for (double r : rates) {
            Point p = score(pattern.name(), r, predict(samples, pattern, r, seed, protocol), protocol, tau);
            points.add(p);
            perRate.add(p.values());
            if (bar != null) {
                bar.update(points.size(), String.format(Locale.ROOT, "rate %.2f %s %.4f", r, selectionMetric(),
                        p.values().get(selectionMetric())));
            }
        }
        Map<Metric, Double> auilc = rates.length >= 2 ? Auilc.perMetric(rates, perRate) : Map.of();
        return new Grid(split, protocol, pattern.name(), points, auilc);
    }

    /** {@link #grid} with the pattern given by name ({@link MissingPatterns#parse}); unknown names are errors. */
    public Grid grid(MultimodalData data, String split, String pattern, double[] rates, long seed, Protocol protocol,
                     double tau) {
        return grid(data, split, MissingPatterns.parse(pattern, model.dims()), rates, seed, protocol, tau);
    }

    /** The seven SMM cases (paper Table IX; spec 3.2), each at rate 1; no AUILC. */
    public Grid smm(MultimodalData data, String split, long seed, Protocol protocol, double tau) {
        List<Sample> samples = data.split(split);
        List<Point> points = new ArrayList<>();
        for (SpecificModalityMissing p : MissingPatterns.smmPatterns()) {
            points.add(score(p.name(), 1.0, predict(samples, p, 1.0, seed, protocol), protocol, tau));
        }
        return new Grid(split, protocol, "SMM", points, Map.of());
    }

    /** Builder of {@link Evaluator}. */
    public static final class Builder {
        private CiderModel model;
        private TextFeatures text;
        private BiasWords biasWords;
        private Labels.Task task;
        private ClassPrototypes train;
        private int batchSize = 128;
        private boolean tokenInput;
        private java.io.PrintStream progress;

        public Builder setModel(CiderModel m) {
            model = Objects.requireNonNull(m, "model");
            return this;
        }

        /**
         * The text source: the model's input features, and the text part of the evaluated split's
         * prototypes (paper protocol). Required unless the model takes token ids and only the clean
         * protocol is used.
         */
        public Builder optTextFeatures(TextFeatures t) {
            text = t;
            return this;
        }

        /** The model has its own text encoder (BERT fine-tuning): pass token ids, not features. */
        public Builder optTokenInput(boolean tokens) {
            tokenInput = tokens;
            return this;
        }

        /** Progress lines for grids (one per rate, at most five); null for silence. */
        public Builder optProgress(java.io.PrintStream out) {
            progress = out;
            return this;
        }

        /** The training split's bias-word dictionary (spec 3.5): counterfactual text keeps only these words. */
        public Builder setBiasWords(BiasWords b) {
            biasWords = Objects.requireNonNull(b, "bias words");
            return this;
        }

        public Builder setTask(Labels.Task t) {
            task = Objects.requireNonNull(t, "task");
            return this;
        }

        /** Training-split class prototypes (the clean protocol's MCM input). */
        public Builder setTrainPrototypes(ClassPrototypes p) {
            train = Objects.requireNonNull(p, "train prototypes");
            return this;
        }

        /** Evaluation batch size (default 128, the reference's). */
        public Builder optBatchSize(int b) {
            if (b <= 0) {
                throw new IllegalArgumentException("batch size must be > 0, got " + b);
            }
            batchSize = b;
            return this;
        }

        public Evaluator build() {
            if (model == null || biasWords == null || task == null || train == null) {
                throw new IllegalArgumentException("Evaluator needs setModel, setBiasWords, setTask and setTrainPrototypes");
            }
            if (text == null && !tokenInput) {
                throw new IllegalArgumentException("Evaluator needs optTextFeatures (or optTokenInput for a model with its own "
                        + "text encoder)");
            }
            if (task.classes() != model.numClasses()) {
                throw new IllegalArgumentException("task " + task + " has " + task.classes() + " classes but the model has "
                        + model.numClasses());
            }
            return new Evaluator(this);
        }
    }
}
