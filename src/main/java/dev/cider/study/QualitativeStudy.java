package dev.cider.study;

import dev.cider.ProjectPaths;
import dev.cider.Scale;
import dev.cider.data.Labels;
import dev.cider.data.MultimodalData;
import dev.cider.data.Sample;
import dev.cider.data.SyntheticCider;
import dev.cider.eval.DataKind;
import dev.cider.eval.Manifest;
import dev.cider.eval.Metric;
import dev.cider.eval.ResultsWriter;
import dev.cider.missing.MissingPattern;
import dev.cider.missing.MissingPatterns;
import dev.cider.missing.MissingView;
import dev.cider.plot.Charts;
import dev.cider.text.BertTokenizer;
import dev.cider.train.ClassPrototypes;
import dev.cider.train.Evaluator;
import dev.cider.train.TextFeatures;
import dev.cider.train.TrainConfig;
import dev.cider.train.Trainer;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import smile.manifold.TSNE;
import smile.math.MathEx;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The library side of notebook 10, the paper's qualitative analysis (section V-F), on the SYNTHETIC
 * default data (MOSI-shaped, unaligned).
 *
 * <ul>
 *   <li><b>Fig. 8</b>: the joint representations z (3D = 96-d, the fusion output) of the test samples
 *       under Proposed RMFM at rates 0.1 / 0.3 / 0.5, for a model trained <em>with</em> self-distillation
 *       (MSSD) and one trained <em>without</em> it (the three MSSD loss weights set to 0, the reference's
 *       own way to switch it off, spec 7), embedded in 2-D by Smile's t-SNE and coloured by class. The
 *       separation is also measured: leave-one-out k-NN accuracy of negative vs positive in the 96-d z.</li>
 *   <li><b>Fig. 9</b>: one OOD test sample's class probabilities at three stages of MACI:
 *       <em>factual</em> (the MCM with the training priors P(i) and per-class training prototypes c_i,
 *       the training-time form that carries the label prior: the model "relying on the statistics of the
 *       dataset"), <em>MCM-adjusted</em> (the backdoor adjustment as evaluated: uniform priors and the mean
 *       prototype, spec 4.6) and <em>counterfactual-corrected</em> (softmax(pred - tau * cf_pred) with the
 *       fine-grained counterfactual text, spec 4.8; tau chosen on validation, clean protocol).</li>
 * </ul>
 */
public final class QualitativeStudy {
    private QualitativeStudy() {}

    /** The experiment's name and results folder. */
    public static final String EXPERIMENT = "10-qualitative";

    /** Class names of the 3-class ("binary") task, in label order. */
    public static final List<String> CLASS_NAMES = List.of("negative", "neutral", "positive");

    /** The paper's colours of Fig. 8: red negative, blue neutral, green positive. */
    static final Color[] CLASS_COLORS = {new Color(0xD62728), new Color(0x1F77B4), new Color(0x2CA02C)};

    /** Fig. 8's missing rates. */
    public static final double[] FIG8_RATES = {0.1, 0.3, 0.5};

    /**
     * Sizes of the study at one scale.
     *
     * @param test test (and OOD test) samples, the points of each t-SNE map
     * @param perplexity t-SNE perplexity (capped at (n - 1) / 3)
     * @param tsneIterations t-SNE gradient steps
     * @param neighbours k of the k-NN separation measure
     */
    public record Settings(Scale scale, int train, int valid, int test, int epochs, int batchSize, double[] rates,
                           long seed, double perplexity, int tsneIterations, int neighbours) {}

    /**
     * smoke: tiny, 1 epoch, short t-SNE (well under a minute); quick: the study's recipe ({@link StudyRuns#recipe}:
     * 256 training samples, 8 epochs, batch 16) and its 96 test points per map; the two models are the shared
     * runs of notebook 06 (full model, w/o all of MSSD); full: MOSI-sized with the paper's training settings
     * (200 epochs, patience 10, batch 128), all 686 test samples per map.
     */
    public static Settings settings(Scale scale) {
        StudyRuns.Recipe r = StudyRuns.recipe(scale);
        return switch (scale) {
            case SMOKE -> new Settings(scale, r.train(), r.valid(), 16, r.epochs(), r.batchSize(), FIG8_RATES, r.dataSeed(),
                    5, 100, 3);
            case QUICK -> new Settings(scale, r.train(), r.valid(), r.test(), r.epochs(), r.batchSize(), FIG8_RATES,
                    r.dataSeed(), 20, 1000, 5);
            case FULL -> new Settings(scale, 1284, 229, 686, 200, 128, FIG8_RATES, 1111, 30, 1000, 10);
        };
    }

    /** The SYNTHETIC MOSI-shaped data (unaligned 50/375/500): train, valid, test (IID) and test_ood. */
    public static MultimodalData data(Settings s) {
        return SyntheticCider.builder().setSeed(s.seed()).optDims(dev.cider.data.DatasetDims.MOSI_UNALIGNED)
                .optSizes(s.train(), s.valid(), s.test()).build().iidAndOod();
    }

    /**
     * The configuration of one of the two runs: the reference's, at this scale; without self-distillation
     * the joint-representation, attention and reconstruction weights are 0 (teacher and student then only
     * share the task loss).
     */
    public static TrainConfig config(Settings s, TextFeatures text, boolean selfDistillation) {
        TrainConfig c = StudyRuns.config(text.kind().configName(), "binary", s.epochs(), s.batchSize(), s.seed());
        if (!selfDistillation) {
            c.jointRepWeight = 0;
            c.attnWeight = 0;
            c.reconWeight = 0;
        }
        return c.validate();
    }

    /**
     * A trainer whose checkpoints go to the study's shared run folder ({@link StudyRuns#dir}; the two runs are
     * notebook 06's full model and its "w/o all of MSSD" row), resumable; {@code name} labels the output.
     */
    public static Trainer trainer(MultimodalData data, TextFeatures text, TrainConfig config, Settings s, String name) {
        Path dir = StudyRuns.dir(s.scale(), config, "", data);
        System.out.println(name + ": shared run " + dir.getFileName());
        return Trainer.builder().setConfig(config).setData(data).optTextFeatures(text).optCheckpointDir(dir)
                .optProgress(System.out).build();
    }

    // ----------------------------------------------------------------------------------------- Fig. 8

    /**
     * The joint representations z (N, 3D) of {@code samples} under {@code pattern} at {@code rate} (views
     * seeded by {@code seed}, nested across rates), in eval mode, with the training prototypes' mean and
     * uniform priors (z does not depend on them: they enter only the MCM head).
     */
    public static float[][] jointRepresentations(Trainer t, List<Sample> samples, MissingPattern pattern, double rate,
                                                 long seed) {
        List<MissingView> views = pattern.applyAll(samples, rate, seed);
        ClassPrototypes protos = t.trainPrototypes();
        int c = protos.classes();
        return StudyForward.run(t.model(), t.textFeatures(), t.biasWords(), views, t.config().batchSize, false,
                (m, b) -> new ai.djl.ndarray.NDArray[] {protos.meanMatrix(m), ClassPrototypes.uniformPriors(m, c)})
                .jointRep();
    }

    /**
     * Smile's t-SNE of the rows of {@code z} into 2-D. Smile draws its initial layout from its own
     * generator ({@code MathEx}); it is seeded here with {@code seed} right before, so the same inputs and
     * seed give the same map.
     *
     * @throws IllegalArgumentException for fewer than 4 points or a non-finite value
     */
    public static double[][] tsne(float[][] z, double perplexity, int iterations, long seed) {
        if (z.length < 4) {
            throw new IllegalArgumentException("t-SNE needs at least 4 points, got " + z.length);
        }
        double[][] x = new double[z.length][];
        for (int i = 0; i < z.length; i++) {
            x[i] = new double[z[i].length];
            for (int k = 0; k < z[i].length; k++) {
                if (!Float.isFinite(z[i][k])) {
                    throw new IllegalArgumentException("t-SNE input row " + i + " has a non-finite value " + z[i][k]);
                }
                x[i][k] = z[i][k];
            }
        }
        double p = Math.min(perplexity, (z.length - 1) / 3.0);
        // Smile logs its progress at INFO; keep notebook output to the results (only if not configured).
        if (System.getProperty("org.slf4j.simpleLogger.log.smile") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.smile", "warn");
        }
        MathEx.setSeed(seed);
        return new TSNE(x, 2, p, 200, iterations).coordinates;
    }

    /**
     * Separation of negative and positive samples in z: leave-one-out k-NN accuracy (Euclidean, majority
     * of the k nearest other non-neutral samples, ties to the nearest), neutral samples ignored; NaN when
     * fewer than k + 1 non-neutral samples.
     */
    public static double knnSeparation(float[][] z, int[] labels, int k) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 1) {
                idx.add(i);
            }
        }
        if (idx.size() < k + 1) {
            return Double.NaN;
        }
        int correct = 0;
        for (int i : idx) {
            double[] d = new double[idx.size()];
            Integer[] order = new Integer[idx.size()];
            for (int j = 0; j < idx.size(); j++) {
                order[j] = j;
                int o = idx.get(j);
                double s = 0;
                for (int q = 0; q < z[i].length; q++) {
                    double e = z[i][q] - z[o][q];
                    s += e * e;
                }
                d[j] = o == i ? Double.POSITIVE_INFINITY : s;
            }
            java.util.Arrays.sort(order, (a, b) -> Double.compare(d[a], d[b]));
            int pos = 0;
            for (int j = 0; j < k; j++) {
                pos += labels[idx.get(order[j])] == 2 ? 1 : 0;
            }
            int vote = 2 * pos == k ? labels[idx.get(order[0])] : (2 * pos > k ? 2 : 0);
            correct += vote == labels[i] ? 1 : 0;
        }
        return (double) correct / idx.size();
    }

    /** One map of Fig. 8: which model, the rate, z, labels, the 2-D layout and the k-NN separation. */
    public record Embedding(String variant, double rate, float[][] z, int[] labels, double[][] layout, double separation) {}

    /** Fig. 8 for one trained model: z at each rate of the settings, its t-SNE layout and separation. */
    public static List<Embedding> embeddings(Settings s, Trainer t, MultimodalData data, String split, String variant) {
        List<Sample> samples = data.split(split);
        int[] labels = samples.stream().mapToInt(x -> Labels.label(Labels.Task.BINARY, x)).toArray();
        MissingPattern rmfm = MissingPatterns.parse("RMFM", data.dims());
        List<Embedding> out = new ArrayList<>();
        for (double r : s.rates()) {
            float[][] z = jointRepresentations(t, samples, rmfm, r, s.seed());
            out.add(new Embedding(variant, r, z, labels, tsne(z, s.perplexity(), s.tsneIterations(), s.seed()),
                    knnSeparation(z, labels, s.neighbours())));
        }
        return out;
    }

    /** A t-SNE scatter, one series per class in the paper's colours. */
    public static XYChart scatter(String title, Embedding e) {
        XYChart chart = new XYChartBuilder().width(Charts.WIDTH / 2 + 60).height(Charts.HEIGHT - 40).title(title)
                .xAxisTitle("t-SNE 1").yAxisTitle("t-SNE 2").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setAxisTicksVisible(false);
        for (int c = 0; c < CLASS_NAMES.size(); c++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < e.labels().length; i++) {
                if (e.labels()[i] == c) {
                    xs.add(e.layout()[i][0]);
                    ys.add(e.layout()[i][1]);
                }
            }
            if (!xs.isEmpty()) {
                XYSeries series = chart.addSeries(CLASS_NAMES.get(c), xs, ys);
                series.setMarker(SeriesMarkers.CIRCLE);
                series.setMarkerColor(CLASS_COLORS[c]);
            }
        }
        return chart;
    }

    /**
     * Fig. 8 beside the paper: per rate, the paper's observation (with MSSD negatives and positives stay
     * apart, without it they overlap) and our k-NN separation with and without self-distillation.
     */
    public static Table separationTable(List<Embedding> with, List<Embedding> without, String dataLabel) {
        if (with.size() != without.size()) {
            throw new IllegalArgumentException(with.size() + " maps with self-distillation, " + without.size() + " without");
        }
        DoubleColumn rate = DoubleColumn.create("rate");
        StringColumn paper = StringColumn.create("paper (Fig. 8, MOSI/MOSEI)");
        DoubleColumn w = DoubleColumn.create("ours with MSSD: k-NN separation (" + dataLabel + ")");
        DoubleColumn wo = DoubleColumn.create("ours w/o MSSD: k-NN separation (" + dataLabel + ")");
        DoubleColumn diff = DoubleColumn.create("with minus without");
        for (int i = 0; i < with.size(); i++) {
            rate.append(with.get(i).rate());
            paper.append("with MSSD separated; without: more overlap");
            w.append(with.get(i).separation());
            wo.append(without.get(i).separation());
            diff.append(with.get(i).separation() - without.get(i).separation());
        }
        return Table.create("Fig. 8: negative vs positive separation of z, paper vs ours", rate, paper, w, wo, diff);
    }

    // ----------------------------------------------------------------------------------------- Fig. 9

    /**
     * One sample's MACI correction (Fig. 9): probabilities over the classes at each stage.
     *
     * @param factual MCM with the training priors and per-class training prototypes
     * @param mcmAdjusted MCM with uniform priors and the mean training prototype (evaluation form)
     * @param corrected softmax(log mcmAdjusted - tau * log cf), the counterfactual-corrected prediction
     * @param counterfactual the prediction on the counterfactual text alone
     * @param biasWords the sample's tokens that are in the training bias-word dictionary
     */
    public record Correction(Sample sample, int label, double tau, double[] factual, double[] mcmAdjusted,
                             double[] counterfactual, double[] corrected, List<String> biasWords) {

        /** The index of the largest value. */
        static int argmax(double[] p) {
            int best = 0;
            for (int i = 1; i < p.length; i++) {
                if (p[i] > p[best]) {
                    best = i;
                }
            }
            return best;
        }

        /** Whether the final prediction is right and the factual one was wrong. */
        public boolean corrects() {
            return argmax(factual) != label && argmax(corrected) == label;
        }
    }

    /** Fig. 9's stages for every sample of a split (complete data), with the given tau. */
    public static List<Correction> corrections(Trainer t, MultimodalData data, String split, double tau,
                                               BertTokenizer tokens) {
        if (!(tau >= 0) || Double.isInfinite(tau)) {
            throw new IllegalArgumentException("tau must be finite and >= 0, got " + tau);
        }
        List<Sample> samples = data.split(split);
        List<MissingView> views = MissingPatterns.parse("RMFM", data.dims()).applyAll(samples, 0.0, 0);
        ClassPrototypes protos = t.trainPrototypes();
        int c = protos.classes();
        int b = t.config().batchSize;
        TextFeatures text = t.textFeatures();
        float[][] factual = StudyForward.run(t.model(), text, t.biasWords(), views, b, false,
                (m, n) -> new ai.djl.ndarray.NDArray[] {protos.classMatrix(m), protos.priors(m)}).logProbs();
        float[][] adjusted = StudyForward.run(t.model(), text, t.biasWords(), views, b, false,
                (m, n) -> new ai.djl.ndarray.NDArray[] {protos.meanMatrix(m), ClassPrototypes.uniformPriors(m, c)}).logProbs();
        float[][] cf = StudyForward.run(t.model(), text, t.biasWords(), views, b, true,
                (m, n) -> new ai.djl.ndarray.NDArray[] {protos.meanMatrix(m), ClassPrototypes.uniformPriors(m, c)}).logProbs();
        List<Correction> out = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            double[] corrected = new double[c];
            for (int k = 0; k < c; k++) {
                corrected[k] = adjusted[i][k] - tau * cf[i][k];
            }
            List<String> bias = new ArrayList<>();
            for (int id : samples.get(i).inputIds()) {
                if (t.biasWords().contains(id)) {
                    bias.add(tokens.token(id));
                }
            }
            out.add(new Correction(samples.get(i), Labels.label(Labels.Task.BINARY, samples.get(i)), tau, exp(factual[i]),
                    exp(adjusted[i]), exp(cf[i]), softmax(corrected), List.copyOf(bias)));
        }
        return out;
    }

    static double[] exp(float[] logp) {
        double[] p = new double[logp.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logp[i]);
        }
        return p;
    }

    static double[] softmax(double[] s) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : s) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            p[i] = Math.exp(s[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < s.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /**
     * The sample to show: among non-neutral samples, the first one MACI corrects (factual wrong, final
     * right) with the largest gain of the true class; else the one with the largest gain of the true
     * class from factual to corrected.
     */
    public static Correction pickExample(List<Correction> all) {
        Correction best = null;
        double bestGain = Double.NEGATIVE_INFINITY;
        boolean bestCorrects = false;
        for (Correction c : all) {
            if (c.label() == 1) {
                continue;
            }
            double gain = c.corrected()[c.label()] - c.factual()[c.label()];
            boolean corrects = c.corrects();
            if (best == null || (corrects && !bestCorrects) || (corrects == bestCorrects && gain > bestGain)) {
                best = c;
                bestGain = gain;
                bestCorrects = corrects;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no negative or positive sample to show among " + all.size());
        }
        return best;
    }

    /** Fig. 9 as grouped bars: classes on the x axis, one bar per MACI stage. */
    public static CategoryChart correctionChart(Correction c, String dataLabel) {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("factual (train priors)", c.factual());
        series.put("MCM-adjusted", c.mcmAdjusted());
        series.put(String.format(Locale.ROOT, "counterfactual-corrected (tau %.1f)", c.tau()), c.corrected());
        List<String> cats = new ArrayList<>();
        for (int i = 0; i < CLASS_NAMES.size(); i++) {
            cats.add(CLASS_NAMES.get(i) + (i == c.label() ? " (truth)" : ""));
        }
        return Charts.groupedBars("Fig. 9: MACI on one OOD test sample (" + dataLabel + ")", "probability", cats, series);
    }

    /** Fig. 9 as a table: one row per class, the probability at each stage. */
    public static Table correctionTable(Correction c) {
        StringColumn cls = StringColumn.create("class");
        DoubleColumn f = DoubleColumn.create("factual");
        DoubleColumn a = DoubleColumn.create("MCM-adjusted");
        DoubleColumn q = DoubleColumn.create("counterfactual text alone");
        DoubleColumn r = DoubleColumn.create("counterfactual-corrected");
        for (int i = 0; i < CLASS_NAMES.size(); i++) {
            cls.append(CLASS_NAMES.get(i) + (i == c.label() ? " (truth)" : ""));
            f.append(c.factual()[i]);
            a.append(c.mcmAdjusted()[i]);
            q.append(c.counterfactual()[i]);
            r.append(c.corrected()[i]);
        }
        return Table.create("Fig. 9: sample " + c.sample().id(), cls, f, a, q, r);
    }

    /** How often each stage is right over a whole split (complements the single example). */
    public static Table correctionSummary(List<Correction> all) {
        int n = 0;
        int[] right = new int[3];
        int corrected = 0;
        int broken = 0;
        for (Correction c : all) {
            if (c.label() == 1) {
                continue;
            }
            n++;
            right[0] += Correction.argmax(c.factual()) == c.label() ? 1 : 0;
            right[1] += Correction.argmax(c.mcmAdjusted()) == c.label() ? 1 : 0;
            right[2] += Correction.argmax(c.corrected()) == c.label() ? 1 : 0;
            corrected += c.corrects() ? 1 : 0;
            broken += Correction.argmax(c.factual()) == c.label() && Correction.argmax(c.corrected()) != c.label() ? 1 : 0;
        }
        StringColumn stage = StringColumn.create("stage", List.of("factual", "MCM-adjusted", "counterfactual-corrected",
                "wrong -> right (factual to corrected)", "right -> wrong (factual to corrected)"));
        IntColumn count = IntColumn.create("samples", new int[] {right[0], right[1], right[2], corrected, broken});
        DoubleColumn share = DoubleColumn.create("share of non-neutral samples");
        for (int v : count.asIntArray()) {
            share.append(n == 0 ? Double.NaN : (double) v / n);
        }
        return Table.create("MACI stages over the split (3-class argmax, neutral truths excluded)", stage, count, share);
    }

    // ----------------------------------------------------------------------------------------- results

    /**
     * Writes the tidy CSV (k-NN separation per rate and model; Fig. 9's probabilities per stage and
     * class; the clean-protocol grids of both models, keyed by model, e.g. "with MSSD"), the manifest and the PNGs to
     * {@code results/10-qualitative/}; returns the folder.
     */
    public static Path write(Settings s, MultimodalData data, TrainConfig withConfig, TextFeatures text,
                             List<Embedding> with, List<Embedding> without, Correction example,
                             Map<String, Evaluator.Grid> grids, Map<String, Chart<?, ?>> charts, Manifest manifest) {
        Path dir = ProjectPaths.results().resolve(EXPERIMENT);
        DataKind kind = DataKind.of(data);
        ResultsWriter w = ResultsWriter.create(EXPERIMENT);
        for (List<Embedding> list : List.of(with, without)) {
            for (Embedding e : list) {
                w.add(new ResultsWriter.Context(data.name(), "binary", "test", "knn-separation-" + e.variant(), "RMFM",
                        e.rate(), s.seed(), kind), "knn" + s.neighbours() + "_neg_vs_pos", e.separation(), Double.NaN);
            }
        }
        ResultsWriter.Context fig9 = new ResultsWriter.Context(data.name(), "binary", "test_ood", "clean", "none",
                0.0, s.seed(), kind);
        for (int i = 0; i < CLASS_NAMES.size(); i++) {
            String cls = CLASS_NAMES.get(i);
            w.add(fig9, "fig9_" + example.sample().id() + "_p_" + cls + "_factual", example.factual()[i], Double.NaN);
            w.add(fig9, "fig9_" + example.sample().id() + "_p_" + cls + "_mcm_adjusted", example.mcmAdjusted()[i], Double.NaN);
            w.add(fig9, "fig9_" + example.sample().id() + "_p_" + cls + "_corrected", example.corrected()[i], example.tau());
        }
        for (var g : grids.entrySet()) {
            g.getValue().writeTo(w, data.name() + " (" + g.getKey() + ")", "binary", s.seed(), kind);
        }
        Path csv = w.write(dir.resolve("results.csv"));
        for (var e : charts.entrySet()) {
            Charts.savePng(e.getValue(), dir.resolve(e.getKey() + ".png"));
        }
        manifest.config(withConfig).scale(s.scale()).data(data).addResultsFile(csv).seeds(s.seed())
                .note("text_features", text.describe())
                .note("without_self_distillation", "same config with jointRepWeight = attnWeight = reconWeight = 0")
                .note("tsne", String.format(Locale.ROOT, "Smile %s t-SNE, perplexity %.1f (capped at (n-1)/3), %d iterations, "
                        + "seed %d", "3.1.1", s.perplexity(), s.tsneIterations(), s.seed()))
                .note("fig9", "factual = MCM with training priors and per-class training prototypes; MCM-adjusted = uniform"
                        + " priors and the mean training prototype; corrected = softmax(log p_adj - tau log p_cf), tau chosen"
                        + " on validation (clean protocol); sample " + example.sample().id())
                .finish().write(dir.resolve("manifest.json"));
        return dir;
    }

    /** The headline metric used in the grids of this notebook. */
    public static Metric metric() {
        return Metric.NON0_ACC_2;
    }
}
