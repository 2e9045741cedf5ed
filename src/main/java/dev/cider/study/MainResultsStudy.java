package dev.cider.study;

import dev.cider.ProjectPaths;
import dev.cider.Scale;
import dev.cider.data.DatasetDims;
import dev.cider.data.Labels;
import dev.cider.data.MultimodalData;
import dev.cider.data.SyntheticCider;
import dev.cider.eval.Auilc;
import dev.cider.eval.DataKind;
import dev.cider.eval.Manifest;
import dev.cider.eval.Metric;
import dev.cider.eval.Metrics;
import dev.cider.eval.PaperNumbers;
import dev.cider.eval.Provenance;
import dev.cider.eval.ResultsWriter;
import dev.cider.missing.MissingPattern;
import dev.cider.missing.MissingPatterns;
import dev.cider.plot.Charts;
import dev.cider.train.Evaluator;
import dev.cider.train.TextFeatures;
import dev.cider.train.TrainConfig;
import dev.cider.train.Trainer;
import dev.cider.util.AtomicFiles;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The library side of notebook 05 (main results): the paper's Table IV (RMFM / OOD / RMFM+OOD, paper
 * section IV-D) and the complete-data Tables X (unaligned) and XI (aligned), reproduced on the
 * SYNTHETIC default data at MOSI size and (reduced) MOSEI size, beside the paper's CIDer row.
 *
 * <p>Every run trains CIDer with the reference configuration ({@link TrainConfig#defaults()}, batch-index
 * positional term) for one task (binary for Acc2/F1, seven for Acc7), then evaluates Proposed RMFM over
 * the rate grid on the IID test split and the OOD test split, storing the predictions with the
 * evaluated split's prototypes and with the training prototypes. From the same predictions come the
 * <b>paper protocol</b> (evaluated split's prototypes, per-metric oracle τ on the evaluated labels,
 * spec 2.4/4.6/10) and the <b>clean protocol</b> (training prototypes, one τ chosen on validation).
 * Notebook 11 ({@link ProtocolStudy}) decomposes the difference on the same runs (same checkpoints).
 *
 * <p>Nothing here is MOSI or MOSEI: the data are {@link SyntheticCider} sets shaped like them; every
 * table header, chart title and CSV row says so ({@code data_kind=synthetic}).
 */
public final class MainResultsStudy {
    private MainResultsStudy() {}

    /** The experiment's name and results folder. */
    public static final String EXPERIMENT = "05-main-results";

    /** The reference's positional term (paper protocol runs). */
    public static final String REFERENCE_POSITIONAL = "reference-batch-index";
    /** The corrected positional term (clean protocol runs of notebook 11). */
    public static final String CORRECTED_POSITIONAL = "sequence-position";

    /** The paper settings reproduced: which paper dataset and alignment a synthetic set stands in for. */
    public enum Setting {
        /** Unaligned MOSI-shaped (Table IV, Table X). */
        MOSI_UA("MOSI", "UA", DatasetDims.MOSI_UNALIGNED),
        /** Unaligned MOSEI-shaped (Table IV, Table X), at a reduced size. */
        MOSEI_UA("MOSEI", "UA", DatasetDims.MOSEI_UNALIGNED),
        /** Aligned MOSI-shaped (Table XI). */
        MOSI_A("MOSI", "A", DatasetDims.MOSI_ALIGNED);

        private final String paperDataset;
        private final String alignment;
        private final DatasetDims dims;

        Setting(String paperDataset, String alignment, DatasetDims dims) {
            this.paperDataset = paperDataset;
            this.alignment = alignment;
            this.dims = dims;
        }

        /** "MOSI" or "MOSEI": the paper's dataset this synthetic set is shaped like. */
        public String paperDataset() {
            return paperDataset;
        }

        /** "UA" or "A", as the paper's tables spell it. */
        public String alignment() {
            return alignment;
        }

        public DatasetDims dims() {
            return dims;
        }

        /** A file-name key, e.g. {@code mosi-ua}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The header of the paper's column, e.g. {@code paper (MOSI)}. */
        public String paperLabel() {
            return "paper (" + paperDataset + (alignment.equals("A") ? ", aligned" : "") + ")";
        }

        /** What our numbers are, e.g. {@code synthetic MOSI-sized}; never just "MOSI". */
        public String oursLabel() {
            return "synthetic " + paperDataset + "-sized" + (alignment.equals("A") ? ", aligned" : "");
        }

        /** The paper's complete-data table for this alignment: X (unaligned) or XI (aligned). */
        public String completeTable() {
            return alignment.equals("A") ? "XI" : "X";
        }
    }

    /** Split sizes of one synthetic set. */
    public record Sizes(int train, int valid, int test) {
        public Sizes {
            if (train < 1 || valid < 1 || test < 1) {
                throw new IllegalArgumentException("split sizes must be >= 1, got " + train + "/" + valid + "/" + test);
            }
        }
    }

    /**
     * Sizes of the study at one scale.
     *
     * @param sizes the settings run, in order, with their split sizes
     * @param tasks the tasks trained (binary gives Acc2/F1, seven gives Acc7)
     * @param seeds training seeds of the unaligned MOSI-sized binary runs (the ones notebook 11 decomposes);
     *     every other run uses the first seed
     * @param dataSeed the seed of the synthetic data and of the missing masks at evaluation
     * @param checkpoints the checkpoint root, or null for {@code target/checkpoints/05-main-results/<scale>}
     */
    public record Settings(Scale scale, Map<Setting, Sizes> sizes, List<Labels.Task> tasks, int epochs, int batchSize,
                           double[] rates, long dataSeed, long[] seeds, Path checkpoints) {
        public Settings {
            Objects.requireNonNull(scale, "scale");
            if (sizes == null || sizes.isEmpty()) {
                throw new IllegalArgumentException("settings need at least one synthetic setting");
            }
            if (tasks == null || tasks.isEmpty()) {
                throw new IllegalArgumentException("settings need at least one task");
            }
            if (seeds == null || seeds.length == 0) {
                throw new IllegalArgumentException("settings need at least one training seed");
            }
            if (epochs < 1 || batchSize < 1) {
                throw new IllegalArgumentException("epochs and batch size must be >= 1, got " + epochs + "/" + batchSize);
            }
            if (rates == null || rates.length < 2 || rates[0] != 0.0) {
                throw new IllegalArgumentException("the rate grid must start at 0 (complete data) and have at least 2 rates, got "
                        + Arrays.toString(rates));
            }
            sizes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sizes));
            tasks = List.copyOf(tasks);
        }

        /** The settings run, in order. */
        public List<Setting> settings() {
            return List.copyOf(sizes.keySet());
        }

        /**
         * The training seeds of one setting and task: every seed for the unaligned MOSI-sized binary model (the runs
         * notebook 11 decomposes), the first seed for the other runs, and none for the seven-class models at
         * quick scale (each costs a whole extra training on 2 CPU cores, and the main command has 30 minutes; Acc7
         * comes at smoke scale, as a check of the path, and at full scale).
         */
        public long[] seedsFor(Setting setting, Labels.Task task) {
            if (setting == Setting.MOSI_UA && task == Labels.Task.BINARY) {
                return seeds.clone();
            }
            if (task == Labels.Task.SEVEN && scale == Scale.QUICK) {
                return new long[0];
            }
            return new long[] {seeds[0]};
        }

        /** The same settings with another checkpoint root (tests). */
        public Settings withCheckpoints(Path dir) {
            return new Settings(scale, sizes, tasks, epochs, batchSize, rates, dataSeed, seeds, dir);
        }

        /** The checkpoint root in use: the given one (tests), else the study's shared runs ({@link StudyRuns#root}). */
        public Path checkpointRoot() {
            return checkpoints != null ? checkpoints : StudyRuns.root(scale);
        }
    }

    /**
     * Every setting at the sizes of the study's recipe ({@link StudyRuns#recipe(Scale)}: quick 256/64/96 samples,
     * 8 epochs, batch 16, rates 0-1 in steps of 0.25, seeds 1111 and 1112), so the unaligned MOSI-sized runs are
     * the very runs of notebooks 04, 06, 08, 10 and 11; full: the paper's sizes (MOSI 1284/229/686, MOSEI
     * 16326/1871/4659), up to 200 epochs with patience 10, batch 128, the paper's 11 rates, five seeds.
     */
    public static Settings settings(Scale scale) {
        StudyRuns.Recipe r = StudyRuns.recipe(scale);
        Map<Setting, Sizes> sizes = new LinkedHashMap<>();
        List<Labels.Task> tasks = List.of(Labels.Task.BINARY, Labels.Task.SEVEN);
        if (scale == Scale.FULL) {
            sizes.put(Setting.MOSI_UA, new Sizes(1284, 229, 686));
            sizes.put(Setting.MOSEI_UA, new Sizes(16326, 1871, 4659));
            sizes.put(Setting.MOSI_A, new Sizes(1284, 229, 686));
        } else {
            for (Setting st : Setting.values()) {
                sizes.put(st, new Sizes(r.train(), r.valid(), r.test()));
            }
        }
        return new Settings(scale, sizes, tasks, r.epochs(), r.batchSize(), r.rates(), r.dataSeed(), r.seeds(), null);
    }

    /** The SYNTHETIC data of one setting: train, valid, test (IID) and test_ood (flipped bias, mirrored prior). */
    public static MultimodalData data(Settings s, Setting setting) {
        Sizes z = s.sizes().get(setting);
        if (z == null) {
            throw new IllegalArgumentException("setting " + setting + " is not part of these settings " + s.settings());
        }
        return SyntheticCider.builder().setSeed(s.dataSeed()).optDims(setting.dims()).optSizes(z.train(), z.valid(), z.test())
                .build().iidAndOod();
    }

    /** The reference configuration at this scale for one task, seed and positional term. */
    public static TrainConfig config(Settings s, TextFeatures text, Labels.Task task, long seed, String positional) {
        TrainConfig c = StudyRuns.config(text.kind().configName(), task == Labels.Task.BINARY ? "binary" : "seven",
                s.epochs(), s.batchSize(), seed);
        c.positional = positional;
        return c.validate();
    }

    /**
     * Where a run's checkpoints live: the study's shared run folder ({@link StudyRuns#dir}: named by the
     * configuration and the training/validation content, so notebooks 04, 06, 08, 10 and 11 find the same
     * runs), under {@link Settings#checkpointRoot()}.
     */
    public static Path checkpointDir(Settings s, Setting setting, TrainConfig config, MultimodalData data) {
        return s.checkpointRoot().resolve(StudyRuns.dir(s.scale(), config, "", data).getFileName());
    }

    /**
     * Predictions of one split over the rate grid (nested Proposed RMFM views), once with the evaluated
     * split's own class prototypes (as the reference does) and once with the training prototypes.
     */
    public record SplitPredictions(String split, double[] rates, List<Evaluator.Predictions> evaluatedPrototypes,
                                   List<Evaluator.Predictions> trainPrototypes) {}

    /**
     * One trained and evaluated run.
     *
     * @param validTau the τ chosen on the complete validation split (training prototypes)
     * @param splits {@code test} and {@code test_ood} predictions
     */
    public record Run(Setting setting, String dataset, Labels.Task task, long seed, String positional,
                      Trainer.Result result, double validTau, Map<String, SplitPredictions> splits) {

        /** The predictions of a split; unknown splits are errors. */
        public SplitPredictions split(String name) {
            SplitPredictions p = splits.get(name);
            if (p == null) {
                throw new IllegalArgumentException("run has no split '" + name + "'; it has " + splits.keySet());
            }
            return p;
        }

        /** The paper protocol's grid: evaluated split's prototypes, per-metric and per-rate oracle τ. */
        public Evaluator.Grid paperGrid(String split) {
            SplitPredictions p = split(split);
            return grid(task, split, Evaluator.Protocol.PAPER, p.rates(), p.evaluatedPrototypes(), Double.NaN);
        }

        /** The clean protocol's grid on this run: training prototypes, the validation τ. */
        public Evaluator.Grid cleanGrid(String split) {
            SplitPredictions p = split(split);
            return grid(task, split, Evaluator.Protocol.CLEAN, p.rates(), p.trainPrototypes(), validTau);
        }
    }

    /** Every split evaluated by a run. */
    public static final List<String> SPLITS = List.of("test", "test_ood");

    /**
     * Trains (or resumes from its checkpoint folder) one run and evaluates it on {@link #SPLITS} over the rate
     * grid with both prototype sources.
     */
    public static Run run(Settings s, Setting setting, MultimodalData data, TextFeatures text, Labels.Task task, long seed,
                          String positional, PrintStream progress) {
        TrainConfig c = config(s, text, task, seed, positional);
        try (Trainer t = Trainer.builder().setConfig(c).setData(data).optTextFeatures(text)
                .optCheckpointDir(checkpointDir(s, setting, c, data)).optProgress(progress).build()) {
            Trainer.Result r = t.fit();
            Evaluator ev = t.evaluator();
            double tau = ev.chooseTau(data.split("valid"), s.dataSeed());
            MissingPattern rmfm = MissingPatterns.parse("RMFM", data.dims());
            Map<String, SplitPredictions> splits = new LinkedHashMap<>();
            for (String split : SPLITS) {
                List<Evaluator.Predictions> own = new ArrayList<>();
                List<Evaluator.Predictions> train = new ArrayList<>();
                for (double rate : s.rates()) {
                    own.add(ev.predict(data.split(split), rmfm, rate, s.dataSeed(), Evaluator.Protocol.PAPER));
                    train.add(ev.predict(data.split(split), rmfm, rate, s.dataSeed(), Evaluator.Protocol.CLEAN));
                }
                splits.put(split, new SplitPredictions(split, s.rates().clone(), List.copyOf(own), List.copyOf(train)));
            }
            if (progress != null) {
                progress.printf(Locale.ROOT, "%s %s seed %d (%s): %s; validation tau %.1f%n", setting.oursLabel(),
                        c.task, seed, positional, r.stopReason(), tau);
            }
            return new Run(setting, data.name(), task, seed, positional, r, tau, splits);
        }
    }


    /** Every run of the study: each setting, each task, each of its seeds, with the reference positional term. */
    public static List<Run> runs(Settings s, TextFeatures text, PrintStream progress) {
        List<Run> out = new ArrayList<>();
        for (Setting setting : s.settings()) {
            MultimodalData data = data(s, setting);
            for (Labels.Task task : s.tasks()) {
                for (long seed : s.seedsFor(setting, task)) {
                    out.add(run(s, setting, data, text, task, seed, REFERENCE_POSITIONAL, progress));
                }
            }
        }
        return out;
    }

    /**
     * Scores predictions along the rate grid: per-metric oracle τ on the evaluated labels when {@code tau} is
     * NaN (paper protocol), else every metric at {@code tau}; AUILC over the rates.
     */
    public static Evaluator.Grid grid(Labels.Task task, String split, Evaluator.Protocol protocol, double[] rates,
                                      List<Evaluator.Predictions> preds, double tau) {
        if (preds.size() != rates.length) {
            throw new IllegalArgumentException(rates.length + " rates but " + preds.size() + " predictions");
        }
        List<Evaluator.Point> points = new ArrayList<>();
        List<Map<Metric, Double>> perRate = new ArrayList<>();
        for (int i = 0; i < rates.length; i++) {
            Evaluator.Predictions p = preds.get(i);
            Map<Metric, Double> values = new EnumMap<>(Metric.class);
            Map<Metric, Double> taus = new EnumMap<>(Metric.class);
            if (Double.isNaN(tau)) {
                for (var e : Metrics.sweepAll(task, p.pred(), p.cfPred(), p.labels()).entrySet()) {
                    values.put(e.getKey(), e.getValue().best());
                    taus.put(e.getKey(), e.getValue().bestTau());
                }
            } else {
                for (var e : Metrics.evaluateAt(task, tau, p.pred(), p.cfPred(), p.labels()).entrySet()) {
                    values.put(e.getKey(), e.getValue());
                    taus.put(e.getKey(), tau);
                }
            }
            points.add(new Evaluator.Point("RMFM", rates[i], values, taus));
            perRate.add(values);
        }
        return new Evaluator.Grid(split, protocol, "RMFM", points, Auilc.perMetric(rates, perRate));
    }

    /** What one row of the comparison reads from a run: complete data (rate 0) or AUILC, on a split. */
    private enum Quantity { COMPLETE, AUILC }

    private record Row(String table, String column, String split, Quantity q, Map<String, String> where) {}

    private static List<Row> rows(Setting setting) {
        String ds = setting.paperDataset();
        List<Row> rows = new ArrayList<>();
        if (setting.alignment().equals("UA")) {
            rows.add(new Row("IV", "RMFM, IID (AUILC)", "test", Quantity.AUILC,
                    Map.of("dataset", ds, "pattern", "RMFM", "distribution", "IID")));
            rows.add(new Row("IV", "complete, OOD", "test_ood", Quantity.COMPLETE,
                    Map.of("dataset", ds, "pattern", "none", "distribution", "OOD")));
            rows.add(new Row("IV", "RMFM, OOD (AUILC)", "test_ood", Quantity.AUILC,
                    Map.of("dataset", ds, "pattern", "RMFM", "distribution", "OOD")));
        }
        rows.add(new Row(setting.completeTable(), "complete, IID", "test", Quantity.COMPLETE, Map.of("dataset", ds)));
        return rows;
    }

    private static double value(Evaluator.Grid g, Metric m, Quantity q) {
        return q == Quantity.AUILC ? g.auilc().get(m) : g.points().get(0).values().get(m);
    }

    /**
     * "Paper vs ours" for one setting: per paper cell (table, column, metric) the paper's CIDer value and ours
     * under the paper protocol and the clean protocol (percent; mean over the seeds of the runs of that task,
     * with the spread of the paper-protocol value). Headers name the paper's dataset and our synthetic
     * stand-in separately.
     *
     * @throws IllegalArgumentException when no run of the setting covers a task the paper reports
     */
    public static Table comparison(Setting setting, List<Run> runs) {
        StringColumn table = StringColumn.create("paper table");
        StringColumn column = StringColumn.create("column");
        StringColumn metric = StringColumn.create("metric");
        DoubleColumn paper = DoubleColumn.create(setting.paperLabel());
        DoubleColumn oursPaper = DoubleColumn.create("ours, paper protocol (" + setting.oursLabel() + ")");
        DoubleColumn oursPaperStd = DoubleColumn.create("std over seeds");
        DoubleColumn oursClean = DoubleColumn.create("ours, clean protocol (" + setting.oursLabel() + ")");
        DoubleColumn diff = DoubleColumn.create("ours (paper protocol) - paper");
        IntColumn seeds = IntColumn.create("seeds");
        for (Row row : rows(setting)) {
            Table paperTable = PaperNumbers.table(row.table());
            for (String pm : List.of("Acc2", "F1", "Acc7")) {
                Metric m = PaperNumbers.referenceMetric(pm);
                List<Run> mine = runs.stream().filter(r -> r.setting() == setting && r.task() == m.task()).toList();
                if (mine.isEmpty()) {
                    continue;
                }
                Map<String, String> where = new LinkedHashMap<>(row.where());
                where.put("alignment", setting.alignment());
                double p = PaperNumbers.cell(paperTable, "CIDer", "", pm, where);
                double[] vp = mine.stream().mapToDouble(r -> 100 * value(r.paperGrid(row.split()), m, row.q())).toArray();
                double[] vc = mine.stream().mapToDouble(r -> 100 * value(r.cleanGrid(row.split()), m, row.q())).toArray();
                table.append(row.table());
                column.append(row.column());
                metric.append(pm);
                paper.append(p);
                oursPaper.append(TrainingStudy.mean(vp));
                oursPaperStd.append(TrainingStudy.std(vp));
                oursClean.append(TrainingStudy.mean(vc));
                diff.append(TrainingStudy.mean(vp) - p);
                seeds.append(mine.size());
            }
        }
        if (table.isEmpty()) {
            throw new IllegalArgumentException("no run of " + setting + " to compare with the paper");
        }
        return rounded(Table.create("Paper's CIDer vs ours on " + setting.oursLabel().toUpperCase(Locale.ROOT)
                + " data (percent; synthetic, not " + setting.paperDataset() + ")", table, column, metric, paper, oursPaper,
                oursPaperStd, oursClean, diff, seeds), 2);
    }

    /** The table with every double column rounded to {@code digits} decimals (for display; tidy CSVs keep full precision). */
    static Table rounded(Table t, int digits) {
        double f = Math.pow(10, digits);
        for (var c : t.columns()) {
            if (c instanceof DoubleColumn d) {
                for (int i = 0; i < d.size(); i++) {
                    if (!d.isMissing(i)) {
                        d.set(i, Math.round(d.get(i) * f) / f);
                    }
                }
            }
        }
        return t;
    }

    /** Column names of {@code paper-vs-ours.csv} (read by {@link ReproductionReport}). */
    public static final List<String> COMPARISON_COLUMNS = List.of("table", "column", "metric", "paper_dataset", "paper",
            "ours_dataset", "ours_paper_protocol", "ours_clean_protocol", "data_kind", "seeds");

    /** All settings' comparisons as one tidy table with {@link #COMPARISON_COLUMNS}. */
    public static Table comparisonTidy(List<Run> runs) {
        Table out = Table.create("paper-vs-ours", StringColumn.create("table"), StringColumn.create("column"),
                StringColumn.create("metric"), StringColumn.create("paper_dataset"), DoubleColumn.create("paper"),
                StringColumn.create("ours_dataset"), DoubleColumn.create("ours_paper_protocol"),
                DoubleColumn.create("ours_clean_protocol"), StringColumn.create("data_kind"), IntColumn.create("seeds"));
        for (Setting setting : runs.stream().map(Run::setting).distinct().toList()) {
            Table c = comparison(setting, runs);
            String dataset = runs.stream().filter(r -> r.setting() == setting).findFirst().orElseThrow().dataset();
            for (int i = 0; i < c.rowCount(); i++) {
                out.stringColumn("table").append(c.stringColumn(0).get(i));
                out.stringColumn("column").append(c.stringColumn(1).get(i));
                out.stringColumn("metric").append(c.stringColumn(2).get(i));
                out.stringColumn("paper_dataset").append(setting.paperDataset() + (setting.alignment().equals("A") ? " aligned" : ""));
                out.doubleColumn("paper").append(c.doubleColumn(3).get(i));
                out.stringColumn("ours_dataset").append(dataset);
                out.doubleColumn("ours_paper_protocol").append(c.doubleColumn(4).get(i));
                out.doubleColumn("ours_clean_protocol").append(c.doubleColumn(6).get(i));
                out.stringColumn("data_kind").append(DataKind.SYNTHETIC.label());
                out.intColumn("seeds").append(c.intColumn("seeds").get(i));
            }
        }
        return out;
    }

    /** Grouped bars of one setting's comparison: the paper, ours under the paper protocol, ours under the clean one. */
    public static CategoryChart comparisonChart(Setting setting, List<Run> runs) {
        Table c = comparison(setting, runs);
        List<String> cats = new ArrayList<>();
        for (int i = 0; i < c.rowCount(); i++) {
            cats.add(c.stringColumn(0).get(i) + " " + c.stringColumn(1).get(i).replace(" (AUILC)", "") + " "
                    + c.stringColumn(2).get(i));
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put(setting.paperLabel(), c.doubleColumn(3).asDoubleArray());
        series.put("ours, paper protocol (" + setting.oursLabel() + ")", c.doubleColumn(4).asDoubleArray());
        series.put("ours, clean protocol (" + setting.oursLabel() + ")", c.doubleColumn(6).asDoubleArray());
        CategoryChart chart = Charts.groupedBars("CIDer: paper vs ours (" + setting.oursLabel().toUpperCase(Locale.ROOT)
                + ")", "percent", cats, series);
        chart.getStyler().setXAxisLabelRotation(60);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        return chart;
    }

    /**
     * A metric (percent) against the RMFM rate: the paper's CIDer curves on MOSI (IID from Tables X/XIII, OOD from
     * Tables IV/XVII, 11 rates; MOSEI from XIV/XVIII) beside ours under the paper protocol on the first run of the setting's task
     * (IID and OOD test splits).
     */
    public static XYChart curveChart(Setting setting, Metric metric, List<Run> runs) {
        Run run = runs.stream().filter(r -> r.setting() == setting && r.task() == metric.task()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + metric.task() + " run of " + setting));
        String pm = PaperNumbers.paperMetric(metric);
        if (!setting.alignment().equals("UA")) {
            throw new IllegalArgumentException("the paper prints RMFM curves for the unaligned settings only, not " + setting);
        }
        boolean mosei = setting.paperDataset().equals("MOSEI");
        Map<String, double[]> paper = new LinkedHashMap<>();
        paper.put("paper IID (" + setting.paperDataset() + ")", PaperNumbers.curveWithRateZero(mosei ? "XIV" : "XIII", "CIDer", pm));
        paper.put("paper OOD (" + setting.paperDataset() + ")", PaperNumbers.curveWithRateZero(mosei ? "XVIII" : "XVII", "CIDer", pm));
        XYChart chart = Charts.metricVsRate("", pm, Auilc.standardRates(), paper);
        chart.setTitle(pm + " vs RMFM rate: paper vs ours (" + setting.oursLabel().toUpperCase(Locale.ROOT) + ", paper protocol)");
        chart.setYAxisTitle(pm + " (%)");
        for (String split : SPLITS) {
            Evaluator.Grid g = run.paperGrid(split);
            double[] y = g.series(metric);
            for (int i = 0; i < y.length; i++) {
                y[i] *= 100;
            }
            XYSeries s = chart.addSeries("ours " + (split.equals("test") ? "IID" : "OOD") + " (" + setting.oursLabel() + ")",
                    g.rates(), y);
            s.setMarker(SeriesMarkers.DIAMOND);
        }
        return chart;
    }

    /**
     * Writes the tidy CSV (every grid point and AUILC of both protocols, every run), {@code paper-vs-ours.csv},
     * the charts as PNG and the manifest to {@code results/05-main-results/}; returns the folder.
     */
    public static Path write(Settings s, TextFeatures text, List<Run> runs, Map<String, ? extends org.knowm.xchart.internal.chartpart.Chart<?, ?>> charts,
                             Manifest manifest) {
        Path dir = ProjectPaths.results().resolve(EXPERIMENT);
        ResultsWriter w = ResultsWriter.create(EXPERIMENT);
        List<Long> seeds = new ArrayList<>();
        Map<String, String> checksums = new LinkedHashMap<>();
        List<String> sources = new ArrayList<>();
        for (Setting setting : s.settings()) {
            if (runs.stream().anyMatch(r -> r.setting() == setting)) {
                MultimodalData d = data(s, setting);
                checksums.put(d.name() + " (sample content)", Provenance.sha256(d));
                sources.add(d.source());
            }
        }
        for (Run r : runs) {
            String task = r.task() == Labels.Task.BINARY ? "binary" : "seven";
            for (String split : SPLITS) {
                r.paperGrid(split).writeTo(w, r.dataset(), task, r.seed(), DataKind.SYNTHETIC);
                r.cleanGrid(split).writeTo(w, r.dataset(), task, r.seed(), DataKind.SYNTHETIC);
            }
            if (!seeds.contains(r.seed())) {
                seeds.add(r.seed());
            }
        }
        Path csv = w.write(dir.resolve("results.csv"));
        Path cmp = dir.resolve("paper-vs-ours.csv");
        Table tidy = comparisonTidy(runs);
        AtomicFiles.write(cmp, out -> {
            java.io.Writer wr = new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8);
            tidy.write().usingOptions(tech.tablesaw.io.csv.CsvWriteOptions.builder(wr).lineEnd("\n").build());
            wr.flush();
        });
        for (var e : charts.entrySet()) {
            Charts.savePng(e.getValue(), dir.resolve(e.getKey() + ".png"));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("settings", s.sizes().toString());
        config.put("tasks", s.tasks().toString());
        config.put("rates", Arrays.toString(s.rates()));
        config.put("train_config_binary_first_seed", config(s, text, Labels.Task.BINARY, s.seeds()[0], REFERENCE_POSITIONAL));
        manifest.config(config).scale(s.scale()).data(DataKind.SYNTHETIC, String.join(" | ", sources), checksums)
                .addResultsFile(csv).addResultsFile(cmp).seeds(seeds.stream().mapToLong(Long::longValue).toArray())
                .note("text_features", text.describe())
                .note("paper_protocol", "reference config (batch-index positional term); evaluated split's prototypes;"
                        + " per-metric and per-rate oracle tau on the evaluated labels")
                .note("clean_protocol", "same runs; training prototypes; one tau chosen on the complete validation split")
                .note("paper_numbers", "results/paper/table_IV.csv, table_X.csv, table_XI.csv (CIDer rows)")
                .finish().write(dir.resolve("manifest.json"));
        return dir;
    }

}
