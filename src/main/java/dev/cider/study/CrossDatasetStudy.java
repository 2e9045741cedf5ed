package dev.cider.study;

import dev.cider.ProjectPaths;
import dev.cider.Scale;
import dev.cider.data.CrossDatasetPickles;
import dev.cider.data.DatasetDims;
import dev.cider.data.Labels;
import dev.cider.data.MultimodalData;
import dev.cider.data.Sample;
import dev.cider.data.SyntheticCider;
import dev.cider.eval.Auilc;
import dev.cider.eval.DataKind;
import dev.cider.eval.Manifest;
import dev.cider.eval.Metric;
import dev.cider.eval.PaperNumbers;
import dev.cider.eval.Provenance;
import dev.cider.eval.ResultsWriter;
import dev.cider.plot.Charts;
import dev.cider.train.Evaluator;
import dev.cider.train.TextFeatures;
import dev.cider.train.TrainConfig;
import dev.cider.train.Trainer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The library side of notebook 09 (cross-dataset generalisation; paper Tables VII, XII, XIX, XX):
 * train on one dataset, test on the other, under RMFM over the rate grid (AUILC) and on complete
 * input (rate 0), beside the paper's CIDer rows.
 *
 * <p><b>Shared feature sizes.</b> Transfer needs one feature space. The reference's cross mode uses
 * the CASP pickles ({@code MSA_cross_datasets/{mosi,mosei}.pkl}; aligned; d 768/25/171; T_l 44 for
 * MOSI and 75 for MOSEI; spec 2.1-2.3). The SYNTHETIC stand-in follows it: a MOSI-shaped and a
 * MOSEI-shaped {@link SyntheticCider} set with exactly those dims
 * ({@link CrossDatasetPickles#MOSI_CROSS}, {@link CrossDatasetPickles#MOSEI_CROSS}), different seeds
 * and the two datasets' own label priors (MOSI's 552/53/679 vs MOSEI's 4738/3540/8048: a label shift).
 * The same generative story (cue directions, bias words) holds in both, so what transfers is the
 * mechanism, not MOSI's or MOSEI's content. Test samples are fitted to the training dataset's text
 * length ({@link CrossDatasetPickles#fitLength}).
 *
 * <p>The real pickles, when present (see {@link #realPicklesDir()}), load through
 * {@link CrossDatasetPickles#read} into the same {@link MultimodalData} shape, so {@link #run} takes
 * either.
 */
public final class CrossDatasetStudy {
    private CrossDatasetStudy() {}

    /** The experiment's name and results folder. */
    public static final String EXPERIMENT = "09-cross-dataset";

    /** The split holding the training dataset's own test samples (in-domain reference). */
    public static final String IN_DOMAIN = "test_in_domain";

    /**
     * Sizes of the study at one scale.
     *
     * @param mosiSizes train, valid, test of the MOSI-shaped synthetic set
     * @param moseiSizes train, valid, test of the MOSEI-shaped synthetic set
     * @param directions the training datasets ("mosi" trains on MOSI and tests on MOSEI, and so on)
     */
    public record Settings(Scale scale, int[] mosiSizes, int[] moseiSizes, int epochs, int batchSize, double[] rates,
                           long seed, Labels.Task task, List<String> directions) {
        public Settings {
            Objects.requireNonNull(scale, "scale");
            Objects.requireNonNull(task, "task");
            for (int[] z : new int[][] {mosiSizes, moseiSizes}) {
                if (z == null || z.length != 3 || z[0] < 1 || z[1] < 1 || z[2] < 1) {
                    throw new IllegalArgumentException("sizes must be three positive numbers (train, valid, test)");
                }
            }
            if (epochs < 1 || batchSize < 1) {
                throw new IllegalArgumentException("settings need positive epochs and batch size");
            }
            if (rates == null || rates.length < 2) {
                throw new IllegalArgumentException("the rate grid needs at least two rates (AUILC)");
            }
            if (directions == null || directions.isEmpty()) {
                throw new IllegalArgumentException("settings need at least one direction (mosi or mosei)");
            }
            directions.forEach(CrossDatasetPickles::other); // validates the names
            directions = List.copyOf(directions);
        }

        /** The split sizes of a dataset ("mosi" or "mosei"). */
        public int[] sizes(String dataset) {
            return CrossDatasetPickles.crossDims(dataset) == CrossDatasetPickles.MOSI_CROSS ? mosiSizes : moseiSizes;
        }
    }

    /**
     * smoke: tiny, 1 epoch, two rates, both directions; quick: the study's recipe sizes per dataset
     * ({@link StudyRuns#recipe}: 256/64/96 samples, 8 epochs, batch 16, five rates), MOSI-sized to MOSEI-sized
     * only (one training, about 140 s of one core; the other direction is one {@code directions} entry away);
     * full: MMSA's MOSI and MOSEI split sizes, up to 200 epochs, the paper's 11 rates, both directions.
     */
    public static Settings settings(Scale scale) {
        List<String> both = List.of("mosi", "mosei");
        StudyRuns.Recipe r = StudyRuns.recipe(scale);
        int[] sizes = {r.train(), r.valid(), r.test()};
        return switch (scale) {
            case SMOKE -> new Settings(scale, new int[] {12, 6, 6}, new int[] {12, 6, 6}, 1, 6,
                    new double[] {0.0, 1.0}, 1111, Labels.Task.BINARY, both);
            case QUICK -> new Settings(scale, sizes, sizes.clone(), r.epochs(), r.batchSize(), r.rates(), r.dataSeed(),
                    Labels.Task.BINARY, List.of("mosi"));
            case FULL -> new Settings(scale, SyntheticCider.defaultSizes(DatasetDims.MOSI_ALIGNED),
                    SyntheticCider.defaultSizes(DatasetDims.MOSEI_ALIGNED), 200, 128, Auilc.standardRates(), 1111,
                    Labels.Task.BINARY, both);
        };
    }

    /** The paper's name of a dataset: MOSI or MOSEI. */
    public static String paperName(String dataset) {
        return dataset.trim().toUpperCase(Locale.ROOT);
    }

    /**
     * The SYNTHETIC set of one dataset in the cross dims (train, valid, test; IID), seeded
     * {@code seed} for MOSI and {@code seed + 1} for MOSEI, with that dataset's label prior.
     */
    public static MultimodalData synthetic(Settings s, String dataset) {
        DatasetDims dims = CrossDatasetPickles.crossDims(dataset);
        int[] z = s.sizes(dataset);
        SyntheticCider.Builder b = SyntheticCider.builder().setSeed(s.seed() + (dims == CrossDatasetPickles.MOSI_CROSS ? 0 : 1))
                .optDims(dims).optSizes(z[0], z[1], z[2]);
        if (dims == CrossDatasetPickles.MOSEI_CROSS) {
            b.optTrainPrior(4738, 3540, 8048); // MOSEI's IID training counts (spec 2.2)
        }
        return b.build().iid();
    }

    /**
     * One direction on SYNTHETIC data: train and valid of {@code trainOn}, test of the other dataset
     * (fitted to the training length), plus the training dataset's own test split as {@link #IN_DOMAIN}.
     */
    public static MultimodalData data(Settings s, String trainOn) {
        MultimodalData source = synthetic(s, trainOn);
        MultimodalData target = synthetic(s, CrossDatasetPickles.other(trainOn));
        return withInDomain(CrossDatasetPickles.combine(source, target, trainOn + "->" + CrossDatasetPickles.other(trainOn)),
                source.split("test"));
    }

    /** The data with the training dataset's own test samples added as {@link #IN_DOMAIN}. */
    public static MultimodalData withInDomain(MultimodalData cross, List<Sample> inDomain) {
        Map<String, List<Sample>> splits = new LinkedHashMap<>(cross.splits());
        splits.put(IN_DOMAIN, inDomain);
        return new MultimodalData(cross.name(), cross.dims(), cross.synthetic(), cross.source() + "; " + IN_DOMAIN
                + " = the training dataset's own test split", splits);
    }

    /**
     * Where the real CASP pickles are, if present: {@code CIDER_CROSS_DIR}, else
     * {@code ../shared/data/MSA_cross_datasets}; both {@code mosi.pkl} and {@code mosei.pkl} must exist.
     */
    public static Optional<Path> realPicklesDir() {
        String env = System.getenv("CIDER_CROSS_DIR");
        Optional<Path> dir = env != null && !env.isBlank() ? Optional.of(Path.of(env))
                : ProjectPaths.sharedFile("data/MSA_cross_datasets");
        return dir.filter(d -> Files.isRegularFile(d.resolve("mosi.pkl")) && Files.isRegularFile(d.resolve("mosei.pkl")));
    }

    /** The real cross-dataset data of one direction (see {@link CrossDatasetPickles#read}). */
    public static MultimodalData realData(Path dir, String trainOn) {
        return CrossDatasetPickles.read(dir, trainOn);
    }

    /** The reference configuration at this scale. */
    public static TrainConfig config(Settings s, TextFeatures text) {
        return StudyRuns.config(text.kind().configName(), s.task().name().toLowerCase(Locale.ROOT), s.epochs(),
                s.batchSize(), s.seed());
    }

    /**
     * One direction: the model trained on the source, its RMFM grids on the other dataset's test split
     * under both protocols, and (when the data has it) on the source's own test split under the paper
     * protocol (the in-domain reference of the transfer gap).
     */
    public record Run(String trainOn, MultimodalData data, TrainConfig config, Trainer.Result result, double cleanTau,
                      Evaluator.Grid paper, Evaluator.Grid clean, Evaluator.Grid inDomainPaper) {

        /** The test dataset's name: the other one. */
        public String testOn() {
            return CrossDatasetPickles.other(trainOn);
        }

        /** "MOSI→MOSEI" style label. */
        public String direction() {
            return paperName(trainOn) + "\u2192" + paperName(testOn());
        }

        /** Every grid of the run. */
        public List<Evaluator.Grid> grids() {
            List<Evaluator.Grid> out = new ArrayList<>(List.of(paper, clean));
            if (inDomainPaper != null) {
                out.add(inDomainPaper);
            }
            return out;
        }
    }

    /**
     * Trains on {@code data}'s train/valid (checkpoints under {@code checkpoints}, {@code null} for
     * none) and evaluates Proposed RMFM over the rate grid on "test" (the other dataset) and, when
     * present, {@link #IN_DOMAIN} (paper protocol), under both protocols (clean τ chosen on the source's validation).
     */
    public static Run run(Settings s, String trainOn, MultimodalData data, TextFeatures text, Path checkpoints,
                          PrintStream progress) {
        return run(s, trainOn, data, text, config(s, text), checkpoints, progress);
    }

    /** {@link #run(Settings, String, MultimodalData, TextFeatures, Path, PrintStream)} with a given configuration. */
    public static Run run(Settings s, String trainOn, MultimodalData data, TextFeatures text, TrainConfig config,
                          Path checkpoints, PrintStream progress) {
        CrossDatasetPickles.other(trainOn);
        config = config.copy().validate();
        try (Trainer t = Trainer.builder().setConfig(config).setData(data).optTextFeatures(text)
                .optCheckpointDir(checkpoints).optProgress(progress).build()) {
            Trainer.Result r = t.fit();
            Evaluator ev = t.evaluator();
            double tau = ev.chooseTau(data.split("valid"), s.seed());
            Evaluator.Grid paper = ev.grid(data, "test", "RMFM", s.rates(), s.seed(), Evaluator.Protocol.PAPER, Double.NaN);
            Evaluator.Grid clean = ev.grid(data, "test", "RMFM", s.rates(), s.seed(), Evaluator.Protocol.CLEAN, tau);
            Evaluator.Grid inPaper = null;
            if (data.splits().containsKey(IN_DOMAIN)) {
                inPaper = ev.grid(data, IN_DOMAIN, "RMFM", s.rates(), s.seed(), Evaluator.Protocol.PAPER, Double.NaN);
            }
            return new Run(trainOn.trim().toLowerCase(Locale.ROOT), data, config, r, tau, paper, clean, inPaper);
        }
    }

    /**
     * {@link #run(Settings, String, MultimodalData, TextFeatures, Path, PrintStream)} with resumable
     * checkpoints under target/ (keyed by configuration and data content) and progress on stdout.
     */
    public static Run run(Settings s, String trainOn, MultimodalData data, TextFeatures text) {
        return run(s, trainOn, data, text, config(s, text));
    }

    /** A run with a given configuration (e.g. another positional term), resumable as {@link #run(Settings, String, MultimodalData, TextFeatures)}. */
    public static Run run(Settings s, String trainOn, MultimodalData data, TextFeatures text, TrainConfig config) {
        return run(s, trainOn, data, text, config, StudyRuns.dir(s.scale(), config, "", data), System.out);
    }

    /** Our data's description for column titles. */
    static String ours(List<Run> runs) {
        return runs.stream().allMatch(r -> r.data().synthetic()) ? "synthetic, cross dims" : "real CASP pickles";
    }

    /**
     * Tables XII and VII side by side: per direction and headline metric, the complete-input value
     * (rate 0; paper Table XII) and the AUILC over the rate grid (Table VII), the paper's CIDer on
     * MOSI/MOSEI beside ours (percent) under both protocols, and ours in-domain (paper protocol) for
     * the transfer gap.
     */
    public static Table table(List<Run> runs) {
        StringColumn dir = StringColumn.create("direction");
        StringColumn quantity = StringColumn.create("quantity");
        StringColumn from = StringColumn.create("paper table");
        DoubleColumn paper = DoubleColumn.create("paper CIDer (real MOSI/MOSEI)");
        String what = ours(runs);
        DoubleColumn ours = DoubleColumn.create(PatternStudy.oursPaper(what));
        DoubleColumn clean = DoubleColumn.create(PatternStudy.oursClean(what));
        DoubleColumn inDomain = DoubleColumn.create("ours in-domain, paper protocol (" + what + ")");
        Table t7 = PaperNumbers.table("VII");
        Table t12 = PaperNumbers.table("XII");
        for (Run r : runs) {
            Map<String, String> where = Map.of("dataset", paperName(r.trainOn()), "target_dataset", paperName(r.testOn()));
            for (Metric m : Metric.headline(Labels.Task.parse(r.config().task))) {
                String pm = PaperNumbers.paperMetric(m);
                dir.append(r.direction());
                quantity.append(pm + " @ rate 0");
                from.append("XII");
                paper.append(PaperNumbers.cell(t12, "CIDer", "", pm, where));
                ours.append(PatternStudy.percent1(r.paper().points().get(0).values().get(m)));
                clean.append(PatternStudy.percent1(r.clean().points().get(0).values().get(m)));
                inDomain.append(r.inDomainPaper() == null ? Double.NaN : PatternStudy.percent1(r.inDomainPaper().points().get(0).values().get(m)));
                dir.append(r.direction());
                quantity.append("AUILC(" + pm + ")");
                from.append("VII");
                paper.append(PaperNumbers.cell(t7, "CIDer", "", pm, where));
                ours.append(PatternStudy.percent1(r.paper().auilc().get(m)));
                clean.append(PatternStudy.percent1(r.clean().auilc().get(m)));
                inDomain.append(r.inDomainPaper() == null ? Double.NaN : PatternStudy.percent1(r.inDomainPaper().auilc().get(m)));
            }
        }
        return Table.create("Tables XII and VII: cross-dataset, paper (real) vs ours (" + what + ")", dir, quantity, from,
                paper, ours, clean, inDomain);
    }

    /** The paper's per-rate table of a direction: XIX (MOSI→MOSEI) or XX (MOSEI→MOSI). */
    public static String perRateTable(String trainOn) {
        return CrossDatasetPickles.crossDims(trainOn) == CrossDatasetPickles.MOSI_CROSS ? "XIX" : "XX";
    }

    /**
     * A metric against the RMFM rate (percent): per direction, the paper's CIDer curve (per-rate table
     * with Table XII at rate 0) and ours under both protocols; x is the union of both rate grids.
     */
    public static XYChart curveChart(List<Run> runs, Metric metric) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs to chart");
        }
        String pm = PaperNumbers.paperMetric(metric);
        TreeSet<Double> all = new TreeSet<>();
        for (double x : Auilc.standardRates()) {
            all.add(x);
        }
        for (Run r : runs) {
            for (double x : r.paper().rates()) {
                all.add(x);
            }
        }
        double[] x = all.stream().mapToDouble(Double::doubleValue).toArray();
        Map<String, double[]> series = new LinkedHashMap<>();
        for (Run r : runs) {
            series.put("paper CIDer " + r.direction() + " (real)", PatternStudy.onGrid(x, Auilc.standardRates(),
                    PaperNumbers.curveWithRateZero(perRateTable(r.trainOn()), "CIDer", pm), 1.0));
            for (Evaluator.Grid g : List.of(r.paper(), r.clean())) {
                series.put(String.format(Locale.ROOT, "ours %s (%s protocol), AUILC %.1f", r.direction(), g.protocol().label(),
                        100 * g.auilc().get(metric)), PatternStudy.onGrid(x, g.rates(), g.series(metric), 100.0));
            }
        }
        boolean synthetic = runs.stream().allMatch(r -> r.data().synthetic());
        return Charts.metricVsRate("Cross-dataset " + pm + ": paper (real) vs ours (" + (synthetic ? "SYNTHETIC"
                : "real") + ")", pm + " (%)", x, series);
    }

    /**
     * Writes the tidy CSV (every grid point and AUILC), the side-by-side table, the charts as PNG and the
     * manifest to {@code results/09-cross-dataset/}; returns the folder.
     */
    public static Path write(Settings s, List<Run> runs, TextFeatures text, Map<String, ? extends Chart<?, ?>> charts,
                             Manifest manifest) {
        Path dir = ProjectPaths.results().resolve(EXPERIMENT);
        ResultsWriter w = ResultsWriter.create(EXPERIMENT);
        Map<String, String> sha = new LinkedHashMap<>();
        StringBuilder sources = new StringBuilder();
        boolean synthetic = false;
        StringBuilder taus = new StringBuilder();
        for (Run r : runs) {
            DataKind kind = DataKind.of(r.data());
            synthetic |= r.data().synthetic();
            for (Evaluator.Grid g : r.grids()) {
                g.writeTo(w, r.data().name(), r.config().task, r.config().seed, kind);
            }
            sha.put(r.data().name() + " (sample content)", Provenance.sha256(r.data()));
            sources.append(sources.length() == 0 ? "" : "; ").append(r.data().name()).append(": ").append(r.data().source());
            taus.append(String.format(Locale.ROOT, "%s%s: %.1f", taus.length() == 0 ? "" : "; ", r.direction(), r.cleanTau()));
        }
        Path csv = w.write(dir.resolve("results.csv"));
        Path side = PatternStudy.writeCsv(table(runs), dir.resolve("tables_VII_XII_side_by_side.csv"));
        for (var e : charts.entrySet()) {
            Charts.savePng(e.getValue(), dir.resolve(e.getKey() + ".png"));
        }
        manifest.config(runs.isEmpty() ? null : runs.get(0).config()).scale(s.scale()).seeds(s.seed(), s.seed() + 1)
                .data(synthetic ? DataKind.SYNTHETIC : DataKind.REAL, sources.toString(), sha)
                .addResultsFile(csv).addResultsFile(side)
                .note("text_features", text.describe())
                .note("settings", String.format(Locale.ROOT, "mosi %s, mosei %s (train/valid/test), %d epochs, batch %d, "
                        + "rates %s, task %s, directions %s", java.util.Arrays.toString(s.mosiSizes()),
                        java.util.Arrays.toString(s.moseiSizes()), s.epochs(), s.batchSize(),
                        java.util.Arrays.toString(s.rates()), s.task(), s.directions()))
                .note("cross_dims", "aligned, d 768/25/171, T_l 44 (mosi) / 75 (mosei), as the reference's CASP pickles; "
                        + "test samples fitted to the training dataset's T_l")
                .note("paper_protocol", "evaluated split's prototypes; per-metric oracle tau on the test labels")
                .note("clean_protocol", "training prototypes; one tau chosen on the source's validation (" + taus + ")")
                .note("comparison", "paper numbers are CIDer on real MOSI/MOSEI (Tables VII, XII, XIX, XX); ours are on "
                        + (synthetic ? "SYNTHETIC data and are not comparable as results, only as mechanics" : "real data"))
                .finish().write(dir.resolve("manifest.json"));
        return dir;
    }
}
