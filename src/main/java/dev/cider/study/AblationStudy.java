package dev.cider.study;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
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
import dev.cider.eval.ResultsWriter;
import dev.cider.missing.MissingPattern;
import dev.cider.missing.MissingPatterns;
import dev.cider.model.CiderModel;
import dev.cider.model.MctVariant;
import dev.cider.plot.Charts;
import dev.cider.train.Evaluator;
import dev.cider.train.TextFeatures;
import dev.cider.train.TrainConfig;
import dev.cider.train.Trainer;
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
import java.util.function.UnaryOperator;
import org.knowm.xchart.CategoryChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The library side of notebook 06 (ablations, paper Table V; spec section 7 "Ablation"): every row
 * of Table V as one {@link TrainConfig} value or one {@link CiderModel.Builder} option, trained on
 * the SYNTHETIC MOSI-shaped default data and evaluated under Proposed RMFM over a rate grid (AUILC),
 * on the IID and the OOD test split, under both protocols.
 *
 * <p>The rows ({@link Ablation}): the full model; w/o L_recon ({@code reconWeight = 0}), w/o L_attn
 * ({@code attnWeight = 0}), w/o L_joint ({@code jointRepWeight = 0}), w/o all of MSSD (the three
 * weights 0); w/o MCM ({@code optUseMcm(false)}: a linear head on the fused representation), w/o the
 * counterfactual text (τ fixed at 0, the full model's run), w/o all of MACI (both); w/o WSAM
 * ({@code optUseWsam(false)}); w/o MCT ({@code optMctVariant(PLAIN)}: a plain transformer).
 *
 * <p>Each distinct training (eight of the ten rows: the two τ = 0 rows reuse the full model's and the
 * MCM-less model's runs) is done once with the reference configuration at the scale's sizes, and its
 * predictions are scored under both protocols: <b>paper</b> (the evaluated split's prototypes; per
 * metric and rate the best τ on the evaluated labels, or τ = 0 for the "w/o counterfactual" rows) and
 * <b>clean</b> (training prototypes; one τ chosen on validation, or τ = 0). Here the clean column
 * changes only the evaluation choices; notebook 04 also changes the training side (positional term,
 * several seeds).
 */
public final class AblationStudy {
    private AblationStudy() {}

    /** The experiment's name and results folder. */
    public static final String EXPERIMENT = "06-ablations";

    /** The missing pattern of Table V: Proposed RMFM (paper section IV-A). */
    public static final String PATTERN = "RMFM";

    /**
     * One row of Table V. {@link #variant()} is the row's name in {@code results/paper/table_V.csv};
     * {@link #training()} is the row whose trained model it evaluates (itself, except for the τ = 0
     * rows).
     */
    public enum Ablation {
        FULL("full", "nothing: the reference model and configuration", c -> c, b -> b, false),
        NO_RECON("w/o MSSD: w/o L_recon", "TrainConfig.reconWeight = 0", c -> { c.reconWeight = 0; return c; }, b -> b, false),
        NO_ATTN("w/o MSSD: w/o L_attn", "TrainConfig.attnWeight = 0", c -> { c.attnWeight = 0; return c; }, b -> b, false),
        NO_JOINT("w/o MSSD: w/o L_joint", "TrainConfig.jointRepWeight = 0", c -> { c.jointRepWeight = 0; return c; }, b -> b, false),
        NO_MSSD("w/o MSSD: w/o all", "reconWeight = attnWeight = jointRepWeight = 0", c -> {
            c.reconWeight = 0;
            c.attnWeight = 0;
            c.jointRepWeight = 0;
            return c;
        }, b -> b, false),
        NO_MCM("w/o MACI: w/o MCM", "CiderModel.Builder.optUseMcm(false)", c -> c, b -> b.optUseMcm(false), false),
        NO_COUNTERFACTUAL("w/o MACI: w/o F.C.T.", "tau fixed at 0 (the full model's run)", c -> c, b -> b, true),
        NO_MACI("w/o MACI: w/o all", "optUseMcm(false) and tau fixed at 0", c -> c, b -> b.optUseMcm(false), true),
        NO_WSAM("w/o WSAM", "CiderModel.Builder.optUseWsam(false)", c -> c, b -> b.optUseWsam(false), false),
        NO_MCT("w/o MCT", "CiderModel.Builder.optMctVariant(MctVariant.PLAIN)", c -> c, b -> b.optMctVariant(MctVariant.PLAIN), false);

        private final String variant;
        private final String change;
        private final UnaryOperator<TrainConfig> config;
        private final UnaryOperator<CiderModel.Builder> model;
        private final boolean tauZero;

        Ablation(String variant, String change, UnaryOperator<TrainConfig> config,
                 UnaryOperator<CiderModel.Builder> model, boolean tauZero) {
            this.variant = variant;
            this.change = change;
            this.config = config;
            this.model = model;
            this.tauZero = tauZero;
        }

        /** The row's name as printed in Table V (and in {@code results/paper/table_V.csv}). */
        public String variant() {
            return variant;
        }

        /** What the row changes, in words (the config value or builder option). */
        public String change() {
            return change;
        }

        /** A short file-system-safe name, e.g. {@code no-recon}. */
        public String slug() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /**
         * The model's builder option as a run-folder slug ({@code no-mcm}, {@code no-wsam}, {@code plain-mct}),
         * "" when the row trains the reference model (config-only rows and the full model), so rows that train
         * the same model share one run ({@link StudyRuns#dir}).
         */
        public String modelVariant() {
            return switch (training()) {
                case NO_MCM, NO_MACI -> "no-mcm";
                case NO_WSAM -> "no-wsam";
                case NO_MCT -> "plain-mct";
                default -> "";
            };
        }

        /** A copy of {@code base} with this row's config values (loss weights) applied, validated. */
        public TrainConfig config(TrainConfig base) {
            return config.apply(base.copy()).validate();
        }

        /** Applies this row's model option (optUseMcm / optUseWsam / optMctVariant) to a builder. */
        public CiderModel.Builder model(CiderModel.Builder b) {
            return model.apply(b);
        }

        /** Whether the counterfactual text is switched off (τ fixed at 0 at evaluation, spec section 7). */
        public boolean tauZero() {
            return tauZero;
        }

        /** The row whose trained model this row evaluates: itself, or the same row without τ = 0. */
        public Ablation training() {
            return switch (this) {
                case NO_COUNTERFACTUAL -> FULL;
                case NO_MACI -> NO_MCM;
                default -> this;
            };
        }

        /** Parses an enum name, slug or Table V variant; unknown names are an error listing the valid ones. */
        public static Ablation parse(String name) {
            for (Ablation a : values()) {
                if (a.name().equalsIgnoreCase(name) || a.slug().equals(name) || a.variant.equals(name)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("unknown ablation '" + name + "': expected one of "
                    + Arrays.toString(values()));
        }
    }

    /**
     * Sizes of the study at one scale.
     *
     * @param rates the RMFM rate grid of the AUILC
     * @param tasks "binary" (Acc2, F1) and/or "seven" (Acc7)
     */
    public record Settings(Scale scale, int train, int valid, int test, int epochs, int batchSize, double[] rates,
                           long seed, List<String> tasks, List<Ablation> rows) {
        public Settings {
            Objects.requireNonNull(scale, "scale");
            if (rates == null || rates.length < 2) {
                throw new IllegalArgumentException("an AUILC needs at least two rates");
            }
            tasks = List.copyOf(tasks);
            rows = List.copyOf(rows);
            if (!rows.contains(Ablation.FULL)) {
                throw new IllegalArgumentException("the rows must include the full model (the drops are against it)");
            }
            for (String t : tasks) {
                Labels.Task.parse(t);
            }
        }

        /** The same settings with only these rows (the full model is always kept). */
        public Settings withRows(Ablation... only) {
            List<Ablation> r = new ArrayList<>();
            r.add(Ablation.FULL);
            for (Ablation a : only) {
                if (a != Ablation.FULL) {
                    r.add(a);
                }
            }
            return new Settings(scale, train, valid, test, epochs, batchSize, rates, seed, tasks, r);
        }
    }

    /**
     * smoke: 16 training samples, one epoch, two rates, and only the rows of two trainings (full, w/o MCM,
     * and their τ = 0 rows), to stay well under a minute; quick: the study's recipe ({@link StudyRuns#recipe}:
     * 256 training samples, 8 epochs, batch 16, five rates) and the rows of five trainings: the full model
     * (shared with notebooks 04, 05, 08, 10, 11), w/o all of MSSD, w/o MCM (with its τ = 0 rows), w/o WSAM and
     * w/o MCT; the single-loss MSSD rows (w/o L_recon, L_attn, L_joint) need three more trainings and run at
     * full scale (or with {@link Settings#withRows}); full: every row, MOSI-sized, up to 200 epochs (patience
     * 10), batch 128, the paper's 11 rates, binary and seven-class tasks.
     */
    public static Settings settings(Scale scale) {
        List<Ablation> all = List.of(Ablation.values());
        StudyRuns.Recipe r = StudyRuns.recipe(scale);
        return switch (scale) {
            case SMOKE -> new Settings(scale, r.train(), r.valid(), r.test(), r.epochs(), r.batchSize(),
                    new double[] {0.0, 1.0}, r.dataSeed(), List.of("binary"),
                    List.of(Ablation.FULL, Ablation.NO_COUNTERFACTUAL, Ablation.NO_MCM, Ablation.NO_MACI));
            case QUICK -> new Settings(scale, r.train(), r.valid(), r.test(), r.epochs(), r.batchSize(), r.rates(),
                    r.dataSeed(), List.of("binary"), List.of(Ablation.FULL, Ablation.NO_MSSD, Ablation.NO_MCM,
                            Ablation.NO_COUNTERFACTUAL, Ablation.NO_MACI, Ablation.NO_WSAM, Ablation.NO_MCT));
            case FULL -> new Settings(scale, 1284, 229, 686, 200, 128, Auilc.standardRates(), 1111,
                    List.of("binary", "seven"), all);
        };
    }

    /** The rows of the settings: Table V's name, what each changes, and which trained model it evaluates. */
    public static Table rowsTable(Settings s) {
        StringColumn row = StringColumn.create("row (Table V)");
        StringColumn change = StringColumn.create("change");
        StringColumn trained = StringColumn.create("trained model");
        for (Ablation a : s.rows()) {
            row.append(a.variant());
            change.append(a.change());
            trained.append(a.training().variant());
        }
        return Table.create("Table V rows at scale " + s.scale(), row, change, trained);
    }

    /** The SYNTHETIC MOSI-shaped data (unaligned 50/375/500): train, valid, test (IID) and test_ood. */
    public static MultimodalData data(Settings s) {
        return SyntheticCider.builder().setSeed(s.seed()).optDims(DatasetDims.MOSI_UNALIGNED)
                .optSizes(s.train(), s.valid(), s.test()).build().iidAndOod();
    }

    /** The reference configuration at this scale for a task (before the row's values). */
    public static TrainConfig baseConfig(Settings s, TextFeatures text, String task) {
        return StudyRuns.config(text.kind().configName(), task, s.epochs(), s.batchSize(), s.seed());
    }

    /**
     * The model of a row, built exactly as {@link Trainer} builds it from a config (same seed, same
     * options) plus the row's builder option, initialised in {@code manager}.
     */
    public static CiderModel model(TrainConfig c, DatasetDims dims, Ablation a, NDManager manager) {
        Engine.getInstance().setRandomSeed((int) c.seed);
        CiderModel.Builder b = CiderModel.builder().setDims(dims).setNumClasses(Labels.Task.parse(c.task).classes())
                .optLayers(c.layers).optHeads(c.heads).optEmbedDim(c.embedDim)
                .optAttnDropout((float) c.attnDropout).optReluDropout((float) c.reluDropout)
                .optResDropout((float) c.resDropout).optOutDropout((float) c.outDropout)
                .optEmbedDropout((float) c.embedDropout)
                .optPositionalMode(c.positional.equals("sequence-position")
                        ? dev.cider.model.PositionalMode.SEQUENCE_POSITION
                        : dev.cider.model.PositionalMode.REFERENCE_BATCH_INDEX);
        return a.model(b).build().initialize(manager);
    }

    /**
     * One row's result for one task: the training row, the clean protocol's τ (chosen on validation; 0 for the
     * τ = 0 rows)
     * and the four grids (paper/clean × IID/OOD).
     */
    public record RowResult(Ablation ablation, String task, Trainer.Result training, double cleanTau,
                            long parameters, Map<String, Evaluator.Grid> grids) {
        /** The grid of a protocol and split ("test" or "test_ood"). */
        public Evaluator.Grid grid(Evaluator.Protocol p, String split) {
            Evaluator.Grid g = grids.get(p.label() + "/" + split);
            if (g == null) {
                throw new IllegalArgumentException("no grid " + p.label() + "/" + split + " in " + grids.keySet());
            }
            return g;
        }
    }

    /**
     * Trains each distinct row once per task and scores every row under both protocols on the IID and
     * OOD test splits. Checkpoints go to the study's shared run folders ({@link StudyRuns#dir}: the full
     * model's run is notebook 04's and 05's; resumable;
     * the trainer itself refuses a checkpoint of another configuration); {@code progress} may be null.
     */
    public static List<RowResult> run(Settings s, MultimodalData data, TextFeatures text, PrintStream progress) {
        List<RowResult> out = new ArrayList<>();
        MissingPattern pattern = MissingPatterns.parse(PATTERN, data.dims());
        for (String task : s.tasks()) {
            TrainConfig base = baseConfig(s, text, task);
            Map<Ablation, List<Ablation>> byTraining = new LinkedHashMap<>();
            for (Ablation a : s.rows()) {
                byTraining.computeIfAbsent(a.training(), k -> new ArrayList<>()).add(a);
            }
            // the full model last: it is the run other notebooks share, so a notebook running beside this one
            // trains it meanwhile instead of both waiting for the same run
            List<Ablation> fullRows = byTraining.remove(Ablation.FULL);
            if (fullRows != null) {
                byTraining.put(Ablation.FULL, fullRows);
            }
            for (var e : byTraining.entrySet()) {
                Ablation trained = e.getKey();
                TrainConfig c = trained.config(base);
                if (progress != null) {
                    progress.println("== " + task + " / " + trained.variant() + " ==");
                }
                Path dir = StudyRuns.dir(s.scale(), c, trained.modelVariant(), data);
                try (NDManager m = NDManager.newBaseManager()) {
                    CiderModel model = model(c, data.dims(), trained, m);
                    try (Trainer t = Trainer.builder().setConfig(c).setData(data).optTextFeatures(text).optModel(model)
                            .optCheckpointDir(dir).optProgress(progress).build()) {
                        Trainer.Result r = t.fit();
                        Evaluator ev = t.evaluator();
                        double tau = ev.chooseTau(data.split("valid"), s.seed());
                        Map<Ablation, Map<String, Evaluator.Grid>> grids = grids(ev, data, pattern, s.rates(), s.seed(),
                                tau, e.getValue());
                        for (Ablation row : e.getValue()) {
                            out.add(new RowResult(row, task, r, row.tauZero() ? 0.0 : tau, model.countParameters(),
                                    grids.get(row)));
                        }
                    }
                }
            }
        }
        // rows in the settings' order, tasks in the settings' order
        List<RowResult> ordered = new ArrayList<>();
        for (String task : s.tasks()) {
            for (Ablation a : s.rows()) {
                out.stream().filter(r -> r.task().equals(task) && r.ablation() == a).forEach(ordered::add);
            }
        }
        return ordered;
    }

    /**
     * The four grids (paper/clean × test/test_ood, AUILC over {@code rates}) of every row evaluated on one
     * trained model. Each (split, protocol, rate) is predicted once and scored for every row: the paper
     * protocol's per-metric oracle τ, the clean protocol's {@code tau}, or τ fixed at 0 for the
     * "w/o counterfactual" rows (under either protocol's prototypes).
     */
    static Map<Ablation, Map<String, Evaluator.Grid>> grids(Evaluator ev, MultimodalData data, MissingPattern pattern,
                                                            double[] rates, long seed, double tau, List<Ablation> rows) {
        Map<Ablation, Map<String, Evaluator.Grid>> out = new LinkedHashMap<>();
        for (Ablation a : rows) {
            out.put(a, new LinkedHashMap<>());
        }
        for (String split : List.of("test", "test_ood")) {
            for (Evaluator.Protocol protocol : Evaluator.Protocol.values()) {
                Map<Ablation, List<Evaluator.Point>> points = new LinkedHashMap<>();
                for (double r : rates) {
                    Evaluator.Predictions p = ev.predict(data.split(split), pattern, r, seed, protocol);
                    for (Ablation a : rows) {
                        // Protocol.CLEAN scoring evaluates every metric at the given tau
                        Evaluator.Point pt = a.tauZero() ? ev.score(pattern.name(), r, p, Evaluator.Protocol.CLEAN, 0.0)
                                : ev.score(pattern.name(), r, p, protocol, tau);
                        points.computeIfAbsent(a, k -> new ArrayList<>()).add(pt);
                    }
                }
                for (Ablation a : rows) {
                    List<Evaluator.Point> pts = points.get(a);
                    List<Map<Metric, Double>> perRate = new ArrayList<>();
                    for (Evaluator.Point pt : pts) {
                        perRate.add(pt.values());
                    }
                    out.get(a).put(protocol.label() + "/" + split, new Evaluator.Grid(split, protocol, pattern.name(), pts,
                            Auilc.perMetric(rates, perRate)));
                }
            }
        }
        return out;
    }


    /** Short column names of the comparison table. */
    public static final String PAPER_COLUMN = "paper (MOSI, OOD)";

    /**
     * The side-by-side table, one row per ablation row and headline metric: Table V's AUILC (MOSI, unaligned,
     * OOD test) and ours (SYNTHETIC MOSI-sized data) under both protocols on the OOD and the IID test split, in
     * percent rounded to two decimals (the tidy CSV keeps every digit), each with its drop against the full model
     * (full − row; positive = the row is worse).
     */
    public static Table comparison(List<RowResult> results) {
        Table paper = PaperNumbers.table("V");
        StringColumn row = StringColumn.create("row");
        StringColumn metric = StringColumn.create("metric");
        DoubleColumn p = DoubleColumn.create(PAPER_COLUMN);
        DoubleColumn pDrop = DoubleColumn.create("paper drop");
        Map<String, DoubleColumn> ours = new LinkedHashMap<>();
        Map<String, DoubleColumn> drops = new LinkedHashMap<>();
        for (String key : oursKeys()) {
            ours.put(key, DoubleColumn.create(oursColumn(key)));
            drops.put(key, DoubleColumn.create("drop " + key));
        }
        for (RowResult r : results) {
            RowResult full = find(results, Ablation.FULL, r.task());
            for (Metric m : Metric.headline(Labels.Task.parse(r.task()))) {
                String pm = PaperNumbers.paperMetric(m);
                row.append(r.ablation().variant());
                metric.append(pm);
                double pv = PaperNumbers.cell(paper, "CIDer", r.ablation().variant(), pm, Map.of("dataset", "MOSI"));
                double pf = PaperNumbers.cell(paper, "CIDer", "full", pm, Map.of("dataset", "MOSI"));
                p.append(pv);
                pDrop.append(round(pf - pv, 1));
                for (String key : oursKeys()) {
                    double v = auilcPercent(r, key, m);
                    ours.get(key).append(round(v, 2));
                    drops.get(key).append(round(auilcPercent(full, key, m) - v, 2));
                }
            }
        }
        Table t = Table.create("Table V: AUILC under RMFM (%), paper (MOSI) vs ours (SYNTHETIC MOSI-sized)", row, metric,
                p);
        for (String key : oursKeys()) {
            t.addColumns(ours.get(key));
        }
        t.addColumns(pDrop);
        for (String key : oursKeys()) {
            t.addColumns(drops.get(key));
        }
        return t;
    }

    /** {@code v} rounded half-up to {@code digits} decimals (display: the paper prints one decimal). */
    static double round(double v, int digits) {
        return java.math.BigDecimal.valueOf(v).setScale(digits, java.math.RoundingMode.HALF_UP).doubleValue();
    }

    /** Protocol/split keys of our columns, in table order. */
    static List<String> oursKeys() {
        return List.of("paper/test_ood", "clean/test_ood", "paper/test", "clean/test");
    }

    static String oursColumn(String key) {
        String[] k = key.split("/");
        return "ours " + k[0] + " protocol (synthetic, " + (k[1].equals("test") ? "IID" : "OOD") + ")";
    }

    private static double auilcPercent(RowResult r, String key, Metric m) {
        String[] k = key.split("/");
        Evaluator.Grid g = r.grid(k[0].equals("paper") ? Evaluator.Protocol.PAPER : Evaluator.Protocol.CLEAN, k[1]);
        Double v = g.auilc().get(m);
        if (v == null) {
            throw new IllegalStateException(r.ablation() + ": no AUILC of " + m + " in grid " + key);
        }
        return 100 * v;
    }

    static RowResult find(List<RowResult> results, Ablation a, String task) {
        for (RowResult r : results) {
            if (r.ablation() == a && r.task().equals(task)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no result for " + a + " (" + task + ")");
    }

    /**
     * Grouped bars of the drop against the full model (AUILC points, full − row) for one paper metric, one group
     * per ablation row: the paper's drop (MOSI, OOD) beside ours under both protocols on the OOD split.
     */
    public static CategoryChart dropChart(Table comparison, String paperMetric) {
        Table t = comparison.where(comparison.stringColumn("metric").isEqualTo(paperMetric)
                .and(comparison.stringColumn("row").isNotEqualTo(Ablation.FULL.variant())));
        if (t.rowCount() == 0) {
            throw new IllegalArgumentException("no rows for metric '" + paperMetric + "' in the comparison table");
        }
        List<String> rows = t.stringColumn("row").asList();
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("paper (MOSI, OOD)", t.doubleColumn("paper drop").asDoubleArray());
        series.put("ours, paper protocol (synthetic, OOD)", t.doubleColumn("drop paper/test_ood").asDoubleArray());
        series.put("ours, clean protocol (synthetic, OOD)", t.doubleColumn("drop clean/test_ood").asDoubleArray());
        CategoryChart c = Charts.groupedBars("Drop in AUILC(" + paperMetric + ") vs full (ours: SYNTHETIC)",
                "full − ablated (AUILC points)", rows, series);
        c.getStyler().setXAxisLabelRotation(45);
        return c;
    }

    /** The trainings per row: best epoch, validation metric, validation-chosen τ and parameter count. */
    public static Table trainingTable(List<RowResult> results) {
        StringColumn row = StringColumn.create("row");
        StringColumn task = StringColumn.create("task");
        DoubleColumn best = DoubleColumn.create("best epoch");
        DoubleColumn valid = DoubleColumn.create("best valid metric");
        DoubleColumn tau = DoubleColumn.create("clean tau");
        DoubleColumn params = DoubleColumn.create("parameters");
        for (RowResult r : results) {
            row.append(r.ablation().variant());
            task.append(r.task());
            best.append(r.training().bestEpoch());
            valid.append(r.training().bestValidMetric());
            tau.append(r.cleanTau());
            params.append(r.parameters());
        }
        return Table.create("ablation trainings (SYNTHETIC data)", row, task, best, valid, tau, params);
    }

    /**
     * Writes the tidy CSV (every grid point and AUILC of every row, both protocols, both splits; the pattern
     * column is {@code RMFM[<row slug>]}), the comparison table as CSV, the manifest and the PNGs to
     * {@code results/06-ablations/}; returns the folder.
     */
    public static Path write(Settings s, MultimodalData data, TextFeatures text, List<RowResult> results,
                             Table comparison, Map<String, CategoryChart> charts, Manifest manifest) {
        Path dir = ProjectPaths.results().resolve(EXPERIMENT);
        DataKind kind = DataKind.of(data);
        ResultsWriter w = ResultsWriter.create(EXPERIMENT);
        for (RowResult r : results) {
            for (Evaluator.Grid g : r.grids().values()) {
                List<Evaluator.Point> pts = new ArrayList<>();
                String name = PATTERN + "[" + r.ablation().slug() + "]";
                for (Evaluator.Point p : g.points()) {
                    pts.add(new Evaluator.Point(name, p.rate(), p.values(), p.taus()));
                }
                new Evaluator.Grid(g.split(), g.protocol(), name, pts, g.auilc()).writeTo(w, data.name(), r.task(), s.seed(),
                        kind);
            }
        }
        Path csv = w.write(dir.resolve("results.csv"));
        Path table = dir.resolve("table_V_side_by_side.csv");
        ComplexityStudy.writeCsv(comparison, table);
        for (var e : charts.entrySet()) {
            Charts.savePng(e.getValue(), dir.resolve(e.getKey() + ".png"));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("settings", Map.of("train", s.train(), "valid", s.valid(), "test", s.test(), "epochs", s.epochs(),
                "batchSize", s.batchSize(), "rates", s.rates(), "tasks", s.tasks()));
        config.put("base_config", baseConfig(s, text, s.tasks().get(0)));
        Map<String, String> rows = new LinkedHashMap<>();
        for (Ablation a : s.rows()) {
            rows.put(a.slug(), a.variant());
        }
        config.put("rows", rows);
        manifest.config(config).scale(s.scale()).data(data).addResultsFile(csv).addResultsFile(table).seeds(s.seed())
                .note("text_features", text.describe())
                .note("paper_protocol", "evaluated split's prototypes; per-metric oracle tau on the evaluated labels"
                        + " (tau = 0 for the counterfactual rows)")
                .note("clean_protocol", "same trained models; training prototypes; one tau chosen on validation"
                        + " (tau = 0 for the counterfactual rows)")
                .note("paper_numbers", "results/paper/table_V.csv: MOSI, unaligned, OOD test, AUILC under RMFM")
                .finish().write(dir.resolve("manifest.json"));
        return dir;
    }

    /** The metrics of a row's grid at each rate (for printing). */
    public static Map<Metric, double[]> series(RowResult r, Evaluator.Protocol p, String split) {
        Map<Metric, double[]> out = new EnumMap<>(Metric.class);
        Evaluator.Grid g = r.grid(p, split);
        for (Metric m : Metric.headline(Labels.Task.parse(r.task()))) {
            out.put(m, g.series(m));
        }
        return out;
    }
}
