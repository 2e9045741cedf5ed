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
import dev.cider.eval.PaperNumbers;
import dev.cider.eval.Provenance;
import dev.cider.eval.ResultsWriter;
import dev.cider.missing.SmmCombination;
import dev.cider.plot.Charts;
import dev.cider.train.Evaluator;
import dev.cider.train.TextFeatures;
import dev.cider.train.TrainConfig;
import dev.cider.train.Trainer;
import dev.cider.util.AtomicFiles;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The library side of notebook 08 (other missing patterns; paper Tables VIII, IX and XV, XVI, XXI,
 * XXII; appendix B): one CIDer model per dataset setting and task, evaluated under every missing pattern
 * of that setting, beside the paper's CIDer rows.
 *
 * <ul>
 *   <li><b>unaligned</b> (paper "UA"): Traditional RMFM ({@code RMFM_same}) and RMM over the rate
 *       grid with AUILC (Tables VIII, XV, XVI), and the seven SMM cases (Table IX);</li>
 *   <li><b>aligned</b> ("A"): TMFM and STMFM, which need word-aligned frames (Tables VIII, XXI, XXII).</li>
 * </ul>
 *
 * Training is the expensive part and is done once per setting; every pattern is an evaluation of
 * the same model (evaluation grids are cheap). Each grid is scored under both protocols of
 * {@link Evaluator.Protocol}: the paper's (evaluated split's prototypes, per-metric oracle τ on the
 * test labels) and the clean one (training prototypes, one τ chosen on validation). The data is the
 * SYNTHETIC default ({@link SyntheticCider}, MOSI-sized dims), never MOSI: the paper's column says
 * "MOSI", ours says "synthetic".
 */
public final class PatternStudy {
    private PatternStudy() {}

    /** The experiment's name and results folder. */
    public static final String EXPERIMENT = "08-missing-patterns";

    /**
     * Sizes of the study at one scale.
     *
     * @param rates the missing-rate grid of the curves (AUILC over it)
     * @param tasks the tasks to train (binary gives Acc2/F1, seven gives Acc7)
     */
    public record Settings(Scale scale, int train, int valid, int test, int epochs, int batchSize, double[] rates,
                           long seed, List<Labels.Task> tasks) {
        public Settings {
            Objects.requireNonNull(scale, "scale");
            if (train < 1 || valid < 1 || test < 1 || epochs < 1 || batchSize < 1) {
                throw new IllegalArgumentException("settings need positive sizes, epochs and batch size");
            }
            if (rates == null || rates.length < 2) {
                throw new IllegalArgumentException("the rate grid needs at least two rates (AUILC)");
            }
            if (tasks == null || tasks.isEmpty()) {
                throw new IllegalArgumentException("settings need at least one task");
            }
            tasks = List.copyOf(tasks);
        }
    }

    /**
     * smoke: tiny, 1 epoch, two rates; quick: the study's recipe ({@link StudyRuns#recipe}: 256 training
     * samples, 8 epochs, batch 16, five rates), binary task; both models are shared runs (the unaligned one is
     * notebook 04's and 05's reference run, the aligned one notebook 05's Table XI run); full: MOSI-sized, up to
     * 200 epochs, the paper's 11 rates, binary and seven-class models.
     */
    public static Settings settings(Scale scale) {
        StudyRuns.Recipe r = StudyRuns.recipe(scale);
        return switch (scale) {
            case SMOKE -> new Settings(scale, r.train(), r.valid(), r.test(), r.epochs(), r.batchSize(),
                    new double[] {0.0, 1.0}, r.dataSeed(), List.of(Labels.Task.BINARY));
            case QUICK -> new Settings(scale, r.train(), r.valid(), r.test(), r.epochs(), r.batchSize(), r.rates(),
                    r.dataSeed(), List.of(Labels.Task.BINARY));
            case FULL -> new Settings(scale, 1284, 229, 686, 200, 128, Auilc.standardRates(), 1111,
                    List.of(Labels.Task.BINARY, Labels.Task.SEVEN));
        };
    }

    /** A dataset setting of Table VIII: its dims, the patterns evaluated on it and whether SMM is. */
    public enum Setting {
        /** Unaligned MOSI dims (50/375/500): Traditional RMFM, RMM and the seven SMM cases. */
        UNALIGNED("UA", DatasetDims.MOSI_UNALIGNED, List.of("RMFM_same", "RMM"), true),
        /** Aligned MOSI dims (50/50/50): TMFM and STMFM. */
        ALIGNED("A", DatasetDims.MOSI_ALIGNED, List.of("TMFM", "STMFM"), false);

        private final String paperAlignment;
        private final DatasetDims dims;
        private final List<String> patterns;
        private final boolean smm;

        Setting(String paperAlignment, DatasetDims dims, List<String> patterns, boolean smm) {
            this.paperAlignment = paperAlignment;
            this.dims = dims;
            this.patterns = patterns;
            this.smm = smm;
        }

        /** The paper's alignment column: "UA" or "A". */
        public String paperAlignment() {
            return paperAlignment;
        }

        public DatasetDims dims() {
            return dims;
        }

        /** The reference's pattern names evaluated over the rate grid in this setting. */
        public List<String> patterns() {
            return patterns;
        }

        /** Whether the seven SMM cases are evaluated in this setting. */
        public boolean smm() {
            return smm;
        }
    }

    /** The paper's name of a reference pattern: RMFM_same &rarr; "Traditional RMFM"; others unchanged. */
    public static String paperPattern(String pattern) {
        return pattern.equals("RMFM_same") ? "Traditional RMFM" : pattern;
    }

    /** The paper's per-rate table of a pattern (MOSI): XV, XVI, XXI, XXII (RMFM: XIII). */
    public static String perRateTable(String pattern) {
        return switch (pattern) {
            case "RMFM" -> "XIII";
            case "RMFM_same" -> "XV";
            case "RMM" -> "XVI";
            case "TMFM" -> "XXI";
            case "STMFM" -> "XXII";
            default -> throw new IllegalArgumentException("no per-rate paper table for pattern '" + pattern
                    + "': expected RMFM, RMFM_same, RMM, TMFM or STMFM");
        };
    }

    /** The SYNTHETIC MOSI-sized data of a setting (train, valid, test; IID), named e.g. "synthetic-mosi-aligned". */
    public static MultimodalData data(Settings s, Setting setting) {
        return SyntheticCider.builder().setSeed(s.seed()).optDims(setting.dims())
                .optSizes(s.train(), s.valid(), s.test()).build().iid();
    }

    /** The reference configuration at this scale for a task. */
    public static TrainConfig config(Settings s, TextFeatures text, Labels.Task task) {
        return StudyRuns.config(text.kind().configName(), task.name().toLowerCase(Locale.ROOT), s.epochs(),
                s.batchSize(), s.seed());
    }

    /**
     * One trained model of a setting and task, with every grid: per pattern, the paper and the clean
     * protocol (and, for the unaligned setting, the seven SMM cases under both).
     *
     * @param cleanTau the clean protocol's τ, chosen on the complete validation split
     */
    public record Run(Setting setting, Labels.Task task, MultimodalData data, TrainConfig config,
                      Trainer.Result result, double cleanTau, Map<String, Evaluator.Grid> paper,
                      Map<String, Evaluator.Grid> clean, Evaluator.Grid smmPaper, Evaluator.Grid smmClean) {

        /** The grid of a pattern under a protocol. */
        public Evaluator.Grid grid(String pattern, Evaluator.Protocol protocol) {
            Evaluator.Grid g = (protocol == Evaluator.Protocol.PAPER ? paper : clean).get(pattern);
            if (g == null) {
                throw new IllegalArgumentException("no grid for pattern '" + pattern + "' in the " + setting
                        + " setting (have " + paper.keySet() + ")");
            }
            return g;
        }

        /** Every grid of the run, paper protocol first. */
        public List<Evaluator.Grid> grids() {
            List<Evaluator.Grid> out = new ArrayList<>(paper.values());
            out.addAll(clean.values());
            if (smmPaper != null) {
                out.add(smmPaper);
                out.add(smmClean);
            }
            return out;
        }
    }

    /**
     * Trains CIDer on the setting's data for a task (resumable checkpoints under
     * {@code checkpoints}, normally {@link StudyRuns#dir}; {@code null} keeps none) and evaluates every pattern of the setting
     * on the test split under both protocols.
     */
    public static Run run(Settings s, Setting setting, MultimodalData data, TextFeatures text, Labels.Task task,
                          Path checkpoints, PrintStream progress) {
        return run(s, setting, data, text, config(s, text, task), checkpoints, progress);
    }

    /**
     * {@link #run(Settings, Setting, MultimodalData, TextFeatures, Labels.Task, Path, PrintStream)} with a
     * given configuration (e.g. {@link #config} with {@code trainingMissing} changed); its task decides
     * the metrics.
     */
    public static Run run(Settings s, Setting setting, MultimodalData data, TextFeatures text, TrainConfig config,
                          Path checkpoints, PrintStream progress) {
        if (data.dims().aligned() != setting.dims().aligned()) {
            throw new IllegalArgumentException("the " + setting + " setting needs " + (setting.dims().aligned() ? "aligned"
                    : "unaligned") + " data, got " + data.name());
        }
        config = config.copy().validate();
        Labels.Task task = Labels.Task.parse(config.task);
        try (Trainer t = Trainer.builder().setConfig(config).setData(data).optTextFeatures(text)
                .optCheckpointDir(checkpoints).optProgress(progress).build()) {
            Trainer.Result r = t.fit();
            Evaluator ev = t.evaluator();
            double tau = ev.chooseTau(data.split("valid"), s.seed());
            Map<String, Evaluator.Grid> paper = new LinkedHashMap<>();
            Map<String, Evaluator.Grid> clean = new LinkedHashMap<>();
            for (String p : setting.patterns()) {
                paper.put(p, ev.grid(data, "test", p, s.rates(), s.seed(), Evaluator.Protocol.PAPER, Double.NaN));
                clean.put(p, ev.grid(data, "test", p, s.rates(), s.seed(), Evaluator.Protocol.CLEAN, tau));
            }
            Evaluator.Grid smmPaper = null;
            Evaluator.Grid smmClean = null;
            if (setting.smm()) {
                smmPaper = ev.smm(data, "test", s.seed(), Evaluator.Protocol.PAPER, Double.NaN);
                smmClean = ev.smm(data, "test", s.seed(), Evaluator.Protocol.CLEAN, tau);
            }
            return new Run(setting, task, data, config, r, tau, paper, clean, smmPaper, smmClean);
        }
    }

    /**
     * {@link #run(Settings, Setting, MultimodalData, TextFeatures, TrainConfig, Path, PrintStream)} with the
     * reference configuration for {@code task}, checkpoints under target/ and progress on stdout.
     */
    public static Run run(Settings s, Setting setting, MultimodalData data, TextFeatures text, Labels.Task task) {
        return run(s, setting, data, text, config(s, text, task));
    }

    /**
     * A run with a given configuration, resumable: checkpoints in the study's shared run folder
     * ({@link StudyRuns#dir}, named by the configuration and the training/validation content, so the runs of
     * notebooks 04 and 05 are reused); progress on stdout.
     */
    public static Run run(Settings s, Setting setting, MultimodalData data, TextFeatures text, TrainConfig config) {
        return run(s, setting, data, text, config, StudyRuns.dir(s.scale(), config, "", data), System.out);
    }

    static double percent(double v) {
        return 100.0 * v;
    }

    /** A fraction as a percentage with one decimal, the paper's precision (NaN stays NaN); the tidy CSV keeps full precision. */
    public static double percent1(double v) {
        return Double.isNaN(v) ? v : Math.round(1000.0 * v) / 10.0;
    }

    /** The column titles of our two protocols, with the data's label. */
    static String oursPaper(String what) {
        return "ours, paper protocol (" + what + ")";
    }

    static String oursClean(String what) {
        return "ours, clean protocol (" + what + ")";
    }

    /** What our data is, for column titles: SYNTHETIC, MOSI-sized. */
    public static final String OURS = "synthetic MOSI-sized";

    /**
     * Table VIII side by side: for each run, pattern and headline metric, the paper's CIDer AUILC on
     * MOSI and our AUILC (percent, one decimal) under both protocols. Our AUILC is over the settings' rate grid,
     * the paper's over 0.0..1.0 in steps of 0.1 (both are trapezoids over [0, 1]).
     */
    public static Table auilcTable(List<Run> runs) {
        StringColumn task = StringColumn.create("task");
        StringColumn pattern = StringColumn.create("pattern");
        StringColumn align = StringColumn.create("alignment");
        StringColumn metric = StringColumn.create("metric");
        DoubleColumn paper = DoubleColumn.create("paper CIDer (MOSI)");
        DoubleColumn ours = DoubleColumn.create(oursPaper(OURS));
        DoubleColumn clean = DoubleColumn.create(oursClean(OURS));
        Table t8 = PaperNumbers.table("VIII");
        for (Run r : runs) {
            for (String p : r.setting().patterns()) {
                for (Metric m : Metric.headline(r.task())) {
                    String pm = PaperNumbers.paperMetric(m);
                    task.append(r.task().name().toLowerCase(Locale.ROOT));
                    pattern.append(paperPattern(p));
                    align.append(r.setting().paperAlignment());
                    metric.append("AUILC(" + pm + ")");
                    paper.append(PaperNumbers.cell(t8, "CIDer", "", pm, Map.of("pattern", paperPattern(p),
                            "alignment", r.setting().paperAlignment())));
                    ours.append(percent1(r.grid(p, Evaluator.Protocol.PAPER).auilc().get(m)));
                    clean.append(percent1(r.grid(p, Evaluator.Protocol.CLEAN).auilc().get(m)));
                }
            }
        }
        return Table.create("Table VIII: AUILC, paper (MOSI) vs ours (SYNTHETIC)", task, pattern, align, metric, paper,
                ours, clean);
    }

    /** The paper's letters of an SMM case's kept modalities (Table IX): L, A, V, LA, LV, AV; LAV for all. */
    public static String keptLetters(SmmCombination c) {
        return c.letters();
    }

    /** The paper's CIDer value of an SMM case on MOSI: Table IX, or Table X (complete input) for all three kept. */
    public static double paperSmm(SmmCombination c, String paperMetric) {
        if (c == SmmCombination.ALL) {
            return PaperNumbers.cell(PaperNumbers.table("X"), "CIDer", "", paperMetric, Map.of("dataset", "MOSI"));
        }
        return PaperNumbers.cell(PaperNumbers.table("IX"), "CIDer", "", paperMetric, Map.of("modalities", c.letters()));
    }

    /**
     * Table IX side by side: for each run with SMM, each of the seven cases and headline metric, the
     * paper's CIDer value on MOSI (all kept: Table X) and ours (percent) under both protocols.
     */
    public static Table smmTable(List<Run> runs) {
        StringColumn task = StringColumn.create("task");
        StringColumn kept = StringColumn.create("kept modalities");
        StringColumn metric = StringColumn.create("metric");
        StringColumn from = StringColumn.create("paper table");
        DoubleColumn paper = DoubleColumn.create("paper CIDer (MOSI)");
        DoubleColumn ours = DoubleColumn.create(oursPaper(OURS));
        DoubleColumn clean = DoubleColumn.create(oursClean(OURS));
        for (Run r : runs) {
            if (r.smmPaper() == null) {
                continue;
            }
            SmmCombination[] cases = SmmCombination.values();
            for (int i = 0; i < cases.length; i++) {
                for (Metric m : Metric.headline(r.task())) {
                    String pm = PaperNumbers.paperMetric(m);
                    task.append(r.task().name().toLowerCase(Locale.ROOT));
                    kept.append(keptLetters(cases[i]));
                    metric.append(pm);
                    from.append(cases[i] == SmmCombination.ALL ? "X" : "IX");
                    paper.append(paperSmm(cases[i], pm));
                    ours.append(percent1(smmValue(r.smmPaper(), cases[i], m)));
                    clean.append(percent1(smmValue(r.smmClean(), cases[i], m)));
                }
            }
        }
        return Table.create("Table IX: SMM, paper (MOSI) vs ours (SYNTHETIC)", task, kept, metric, from, paper, ours,
                clean);
    }

    private static double smmValue(Evaluator.Grid g, SmmCombination c, Metric m) {
        String name = "SMM" + c.label();
        for (Evaluator.Point p : g.points()) {
            if (p.pattern().equals(name)) {
                return p.values().get(m);
            }
        }
        throw new IllegalArgumentException("SMM grid has no point " + name);
    }

    /**
     * Our curves (one protocol) beside the paper's CIDer curves on MOSI (per-rate tables with the
     * complete-input value at rate 0), for every pattern of one setting, in percent. The x axis is the
     * union of both rate grids; a curve has no point where its grid has no rate.
     */
    public static XYChart curveChart(List<Run> runs, Setting setting, Metric metric, Evaluator.Protocol protocol) {
        String pm = PaperNumbers.paperMetric(metric);
        TreeSet<Double> all = new TreeSet<>();
        for (double r : Auilc.standardRates()) {
            all.add(r);
        }
        List<Run> chosen = runs.stream().filter(r -> r.setting() == setting && r.task() == metric.task()).toList();
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("no run of the " + setting + " setting for " + metric.task()
                    + " (metric " + metric + ")");
        }
        for (Run r : chosen) {
            for (double x : r.grid(setting.patterns().get(0), protocol).rates()) {
                all.add(x);
            }
        }
        double[] x = all.stream().mapToDouble(Double::doubleValue).toArray();
        Map<String, double[]> series = new LinkedHashMap<>();
        for (Run r : chosen) {
            for (String p : setting.patterns()) {
                series.put("paper CIDer (MOSI): " + paperPattern(p), onGrid(x, Auilc.standardRates(),
                        PaperNumbers.curveWithRateZero(perRateTable(p), "CIDer", pm), 1.0));
                Evaluator.Grid g = r.grid(p, protocol);
                series.put(String.format(Locale.ROOT, "ours (%s protocol): %s, AUILC %.1f", protocol.label(), paperPattern(p),
                        percent(g.auilc().get(metric))), onGrid(x, g.rates(), g.series(metric), 100.0));
            }
        }
        return Charts.metricVsRate((setting == Setting.ALIGNED ? "Aligned, " : "Unaligned, ") + pm
                + ": paper (MOSI) vs ours (SYNTHETIC)",
                pm + " (%)", x, series);
    }

    /** Values at {@code rates} placed on the grid {@code x} (NaN elsewhere), times {@code scale}. */
    static double[] onGrid(double[] x, double[] rates, double[] values, double scale) {
        double[] out = new double[x.length];
        java.util.Arrays.fill(out, Double.NaN);
        for (int i = 0; i < rates.length; i++) {
            for (int j = 0; j < x.length; j++) {
                if (Math.abs(x[j] - rates[i]) < 1e-9) {
                    out[j] = values[i] * scale;
                }
            }
        }
        return out;
    }

    /** Grouped bars of the SMM table for one paper metric: paper (MOSI) and ours under both protocols. */
    public static CategoryChart smmChart(Table smm, String paperMetric) {
        Table t = smm.where(smm.stringColumn("metric").isEqualTo(paperMetric));
        if (t.rowCount() == 0) {
            throw new IllegalArgumentException("the SMM table has no rows for metric " + paperMetric);
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        for (int c = 4; c < t.columnCount(); c++) {
            series.put(t.column(c).name(), t.doubleColumn(c).asDoubleArray());
        }
        return Charts.groupedBars("SMM, " + paperMetric + ": paper (MOSI) vs ours (SYNTHETIC)",
                paperMetric + " (%)", t.stringColumn("kept modalities").asList(), series);
    }

    /** Writes a Tablesaw table as CSV, atomically. */
    public static Path writeCsv(Table t, Path csv) {
        AtomicFiles.write(csv, out -> t.write().csv(out));
        return csv;
    }

    /**
     * Writes the tidy CSV (every grid point and AUILC of every run, both protocols), the side-by-side
     * tables, the charts as PNG and the manifest to {@code results/08-missing-patterns/}; returns the folder.
     */
    public static Path write(Settings s, List<Run> runs, TextFeatures text, Map<String, ? extends Chart<?, ?>> charts,
                             Manifest manifest) {
        Path dir = ProjectPaths.results().resolve(EXPERIMENT);
        ResultsWriter w = ResultsWriter.create(EXPERIMENT);
        Map<String, String> sha = new LinkedHashMap<>();
        StringBuilder sources = new StringBuilder();
        boolean synthetic = false;
        for (Run r : runs) {
            DataKind kind = DataKind.of(r.data());
            synthetic |= r.data().synthetic();
            for (Evaluator.Grid g : r.grids()) {
                g.writeTo(w, r.data().name(), r.config().task, r.config().seed, kind);
            }
            if (sha.put(r.data().name() + " (sample content)", Provenance.sha256(r.data())) == null) {
                sources.append(sources.length() == 0 ? "" : "; ").append(r.data().name()).append(": ")
                        .append(r.data().source());
            }
        }
        Path csv = w.write(dir.resolve("results.csv"));
        Path viii = writeCsv(auilcTable(runs), dir.resolve("table_VIII_side_by_side.csv"));
        Path ix = writeCsv(smmTable(runs), dir.resolve("table_IX_side_by_side.csv"));
        for (var e : charts.entrySet()) {
            Charts.savePng(e.getValue(), dir.resolve(e.getKey() + ".png"));
        }
        StringBuilder taus = new StringBuilder();
        for (Run r : runs) {
            taus.append(String.format(Locale.ROOT, "%s%s/%s: %.1f", taus.length() == 0 ? "" : "; ", r.setting(),
                    r.task(), r.cleanTau()));
        }
        manifest.config(runs.isEmpty() ? null : runs.get(0).config()).scale(s.scale()).seeds(s.seed())
                .data(synthetic ? DataKind.SYNTHETIC : DataKind.REAL, sources.toString(), sha)
                .addResultsFile(csv).addResultsFile(viii).addResultsFile(ix)
                .note("text_features", text.describe())
                .note("settings", String.format(Locale.ROOT, "train/valid/test %d/%d/%d, %d epochs, batch %d, rates %s, tasks %s",
                        s.train(), s.valid(), s.test(), s.epochs(), s.batchSize(), java.util.Arrays.toString(s.rates()),
                        s.tasks()))
                .note("paper_protocol", "evaluated split's prototypes; per-metric oracle tau on the test labels")
                .note("clean_protocol", "training prototypes; one tau chosen on validation (" + taus + ")")
                .note("comparison", "paper numbers are CIDer on MOSI (Tables VIII, IX, X, XV, XVI, XXI, XXII); ours are on "
                        + "SYNTHETIC data and are not comparable as results, only as mechanics")
                .finish().write(dir.resolve("manifest.json"));
        return dir;
    }
}
