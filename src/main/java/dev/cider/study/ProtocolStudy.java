package dev.cider.study;

import dev.cider.ProjectPaths;
import dev.cider.Scale;
import dev.cider.data.Labels;
import dev.cider.data.MultimodalData;
import dev.cider.eval.DataKind;
import dev.cider.eval.Manifest;
import dev.cider.eval.Metric;
import dev.cider.eval.Provenance;
import dev.cider.eval.ResultsWriter;
import dev.cider.plot.Charts;
import dev.cider.study.MainResultsStudy.Run;
import dev.cider.study.MainResultsStudy.Setting;
import dev.cider.train.Evaluator;
import dev.cider.train.TextFeatures;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.knowm.xchart.CategoryChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The library side of notebook 11: the paper protocol against the clean protocol on the same runs as
 * notebook 05 ({@link MainResultsStudy}: same settings, data and checkpoint folders, so its runs are reused
 * when present), and how much of each headline number comes from each choice the reference makes on the test
 * split (spec 2.4, 4.5, 4.6, 10).
 *
 * <p>The decomposition walks from the paper protocol to the clean protocol one change at a time
 * ({@link Step}); each step's value is the mean ± std over the training seeds, and its effect is the change of
 * the mean from the step before.
 */
public final class ProtocolStudy {
    private ProtocolStudy() {}

    /** The experiment's name and results folder. */
    public static final String EXPERIMENT = "11-protocol";

    /** The steps from the paper protocol to the clean protocol, cumulative, in order. */
    public enum Step {
        /** Reference: batch-index positional term, evaluated split's prototypes, oracle τ per metric and rate. */
        PAPER("paper protocol", "paper"),
        /** (a) one τ for every metric and rate, chosen on the complete validation split. */
        VALID_TAU("(a) one validation tau", "a-valid-tau"),
        /** (b) and the training split's prototypes instead of the evaluated split's. */
        TRAIN_PROTOTYPES("(b) + training prototypes", "b-train-prototypes"),
        /** (c) and the corrected (sequence-position) positional term: the clean protocol. */
        CORRECTED_POSITIONAL("(c) + corrected positional = clean protocol", "c-clean");

        private final String label;
        private final String key;

        Step(String label, String key) {
            this.label = label;
            this.key = key;
        }

        /** Human-readable name for tables and charts. */
        public String label() {
            return label;
        }

        /** The {@code protocol} column of the tidy CSV. */
        public String key() {
            return key;
        }
    }

    /**
     * Sizes of the study: notebook 05's settings (the unaligned MOSI-sized set and its seeds) and the tasks
     * decomposed (binary only below full scale, to keep quick scale within a few minutes).
     */
    public record Settings(MainResultsStudy.Settings main, List<Labels.Task> tasks) {
        public Settings {
            Objects.requireNonNull(main, "main settings");
            if (tasks == null || tasks.isEmpty()) {
                throw new IllegalArgumentException("the protocol study needs at least one task");
            }
            if (!main.sizes().containsKey(Setting.MOSI_UA)) {
                throw new IllegalArgumentException("the protocol study decomposes the unaligned MOSI-sized runs, which the "
                        + "main settings lack: " + main.settings());
            }
            tasks = List.copyOf(tasks);
        }

        /** The training seeds (those of notebook 05's unaligned MOSI-sized binary runs). */
        public long[] seeds() {
            return main.seeds().clone();
        }
    }

    /** Notebook 05's settings at this scale; binary (smoke, quick) or binary and seven (full). */
    public static Settings settings(Scale scale) {
        return new Settings(MainResultsStudy.settings(scale), scale == Scale.FULL
                ? List.of(Labels.Task.BINARY, Labels.Task.SEVEN) : List.of(Labels.Task.BINARY));
    }

    /** The two runs of one seed and task: reference positional term (notebook 05's) and corrected. */
    public record SeedRuns(long seed, Labels.Task task, Run reference, Run corrected) {
        public SeedRuns {
            Objects.requireNonNull(reference, "reference run");
            Objects.requireNonNull(corrected, "corrected run");
        }
    }

    /** The SYNTHETIC unaligned MOSI-sized data of notebook 05. */
    public static MultimodalData data(Settings s) {
        return MainResultsStudy.data(s.main(), Setting.MOSI_UA);
    }

    /**
     * For every task and seed: notebook 05's reference run (resumed from its checkpoint when notebook 05 ran at
     * this scale, else trained now) and the same run with the corrected positional term.
     */
    public static List<SeedRuns> runs(Settings s, MultimodalData data, TextFeatures text, PrintStream progress) {
        List<SeedRuns> out = new ArrayList<>();
        for (Labels.Task task : s.tasks()) {
            for (long seed : s.seeds()) {
                Run ref = MainResultsStudy.run(s.main(), Setting.MOSI_UA, data, text, task, seed,
                        MainResultsStudy.REFERENCE_POSITIONAL, progress);
                Run cor = MainResultsStudy.run(s.main(), Setting.MOSI_UA, data, text, task, seed,
                        MainResultsStudy.CORRECTED_POSITIONAL, progress);
                out.add(new SeedRuns(seed, task, ref, cor));
            }
        }
        return out;
    }

    /** The grid of one step on one split of one seed's runs. */
    public static Evaluator.Grid grid(SeedRuns r, Step step, String split) {
        return switch (step) {
            case PAPER -> r.reference().paperGrid(split);
            case VALID_TAU -> {
                MainResultsStudy.SplitPredictions p = r.reference().split(split);
                yield MainResultsStudy.grid(r.task(), split, Evaluator.Protocol.CLEAN, p.rates(), p.evaluatedPrototypes(),
                        r.reference().validTau());
            }
            case TRAIN_PROTOTYPES -> r.reference().cleanGrid(split);
            case CORRECTED_POSITIONAL -> r.corrected().cleanGrid(split);
        };
    }

    private static double quantity(Evaluator.Grid g, Metric m, boolean auilc) {
        return auilc ? g.auilc().get(m) : g.points().get(0).values().get(m);
    }

    /**
     * The decomposition: for each headline metric, split (IID test, OOD test) and quantity (complete data,
     * AUILC), each step's mean and std over seeds (percent) and the change of the mean from the step before.
     */
    public static Table decomposition(List<SeedRuns> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs to decompose");
        }
        StringColumn quantity = StringColumn.create("quantity");
        StringColumn split = StringColumn.create("split");
        StringColumn step = StringColumn.create("step");
        DoubleColumn mean = DoubleColumn.create("mean (%)");
        DoubleColumn std = DoubleColumn.create("std (%)");
        DoubleColumn effect = DoubleColumn.create("effect of this step (points)");
        IntColumn seeds = IntColumn.create("seeds");
        for (Labels.Task task : runs.stream().map(SeedRuns::task).distinct().toList()) {
            List<SeedRuns> mine = runs.stream().filter(r -> r.task() == task).toList();
            for (Metric m : Metric.headline(task)) {
                for (boolean auilc : new boolean[] {false, true}) {
                    for (String sp : MainResultsStudy.SPLITS) {
                        double previous = Double.NaN;
                        for (Step st : Step.values()) {
                            double[] v = mine.stream().mapToDouble(r -> 100 * quantity(grid(r, st, sp), m, auilc)).toArray();
                            double mu = TrainingStudy.mean(v);
                            quantity.append((auilc ? "AUILC(" + m.referenceName() + ")" : m.referenceName() + " @ rate 0"));
                            split.append(sp);
                            step.append(st.label());
                            mean.append(mu);
                            std.append(TrainingStudy.std(v));
                            if (Double.isNaN(previous)) {
                                effect.appendMissing();
                            } else {
                                effect.append(mu - previous);
                            }
                            seeds.append(v.length);
                            previous = mu;
                        }
                    }
                }
            }
        }
        return MainResultsStudy.rounded(Table.create("From the paper protocol to the clean protocol (SYNTHETIC MOSI-sized "
                + "data)", quantity, split, step, mean, std, effect, seeds), 2);
    }

    /**
     * The headline of the decomposition: per quantity and split, the paper protocol, the clean protocol and how
     * many points of the paper protocol's number come from (a) the oracle τ, (b) the test-split prototypes and
     * (c) the batch-index positional term (paper minus clean = (a) + (b) + (c)).
     */
    public static Table summary(List<SeedRuns> runs) {
        Table d = decomposition(runs);
        int steps = Step.values().length;
        StringColumn quantity = StringColumn.create("quantity");
        StringColumn split = StringColumn.create("split");
        DoubleColumn paper = DoubleColumn.create("paper protocol (%)");
        DoubleColumn clean = DoubleColumn.create("clean protocol (%)");
        DoubleColumn tau = DoubleColumn.create("from oracle tau");
        DoubleColumn protos = DoubleColumn.create("from test prototypes");
        DoubleColumn pos = DoubleColumn.create("from batch-index positional");
        for (int i = 0; i < d.rowCount(); i += steps) {
            quantity.append(d.stringColumn(0).get(i));
            split.append(d.stringColumn(1).get(i));
            paper.append(d.doubleColumn(3).get(i));
            clean.append(d.doubleColumn(3).get(i + steps - 1));
            // each step's effect is (new - old); what the paper protocol gains from the removed choice is its negative
            tau.append(-d.doubleColumn(5).get(i + 1));
            protos.append(-d.doubleColumn(5).get(i + 2));
            pos.append(-d.doubleColumn(5).get(i + 3));
        }
        return MainResultsStudy.rounded(Table.create("How much of the paper protocol's number comes from each choice "
                + "(points; SYNTHETIC data)", quantity, split, paper, clean, tau, protos, pos), 2);
    }

    /** Grouped bars: each step's mean AUILC of a metric on the IID and OOD test splits (percent). */
    public static CategoryChart chart(List<SeedRuns> runs, Metric metric) {
        List<SeedRuns> mine = runs.stream().filter(r -> r.task() == metric.task()).toList();
        if (mine.isEmpty()) {
            throw new IllegalArgumentException("no " + metric.task() + " runs for " + metric);
        }
        List<String> cats = Arrays.stream(Step.values()).map(Step::label).toList();
        Map<String, double[]> series = new LinkedHashMap<>();
        for (String sp : MainResultsStudy.SPLITS) {
            double[] y = new double[cats.size()];
            for (Step st : Step.values()) {
                y[st.ordinal()] = 100 * TrainingStudy.mean(mine.stream()
                        .mapToDouble(r -> quantity(grid(r, st, sp), metric, true)).toArray());
            }
            series.put("AUILC(" + dev.cider.eval.PaperNumbers.paperMetric(metric) + ") " + (sp.equals("test") ? "IID test" : "OOD test"), y);
        }
        CategoryChart c = Charts.groupedBars("Paper protocol -> clean protocol, mean over " + mine.size()
                + " seeds (SYNTHETIC MOSI-sized)", "AUILC (%)", cats, series);
        c.getStyler().setXAxisLabelRotation(20);
        return c;
    }

    /**
     * Writes every step's grid points and AUILC per seed (the step in the {@code protocol} column), the
     * decomposition and summary tables, the charts and the manifest to {@code results/11-protocol/}.
     */
    public static Path write(Settings s, MultimodalData data, TextFeatures text, List<SeedRuns> runs,
                             Map<String, ? extends org.knowm.xchart.internal.chartpart.Chart<?, ?>> charts, Manifest manifest) {
        Path dir = ProjectPaths.results().resolve(EXPERIMENT);
        ResultsWriter w = ResultsWriter.create(EXPERIMENT);
        for (SeedRuns r : runs) {
            String task = r.task() == Labels.Task.BINARY ? "binary" : "seven";
            for (Step st : Step.values()) {
                for (String sp : MainResultsStudy.SPLITS) {
                    Evaluator.Grid g = grid(r, st, sp);
                    for (Evaluator.Point p : g.points()) {
                        var ctx = new ResultsWriter.Context(data.name(), task, sp, st.key(), p.pattern(), p.rate(), r.seed(),
                                DataKind.SYNTHETIC);
                        for (var e : p.values().entrySet()) {
                            w.add(ctx, e.getKey().referenceName(), e.getValue(), p.taus().get(e.getKey()));
                        }
                    }
                    var ctx = new ResultsWriter.Context(data.name(), task, sp, st.key(), g.pattern(), Double.NaN, r.seed(),
                            DataKind.SYNTHETIC);
                    for (var e : g.auilc().entrySet()) {
                        w.add(ctx, "AUILC(" + e.getKey().referenceName() + ")", e.getValue(), Double.NaN);
                    }
                }
            }
        }
        Path csv = w.write(dir.resolve("results.csv"));
        Path dec = writeTable(decomposition(runs), dir.resolve("decomposition.csv"));
        Path sum = writeTable(summary(runs), dir.resolve("summary.csv"));
        for (var e : charts.entrySet()) {
            Charts.savePng(e.getValue(), dir.resolve(e.getKey() + ".png"));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("setting", Setting.MOSI_UA.oursLabel() + " " + s.main().sizes().get(Setting.MOSI_UA));
        config.put("tasks", s.tasks().toString());
        config.put("rates", Arrays.toString(s.main().rates()));
        config.put("steps", Arrays.stream(Step.values()).map(Step::label).toList());
        manifest.config(config).scale(s.main().scale())
                .data(DataKind.SYNTHETIC, data.source(), Map.of(data.name() + " (sample content)", Provenance.sha256(data)))
                .addResultsFile(csv).addResultsFile(dec).addResultsFile(sum).seeds(s.seeds())
                .note("text_features", text.describe())
                .note("runs", "reference runs shared with " + MainResultsStudy.EXPERIMENT + " (same checkpoint folders)")
                .finish().write(dir.resolve("manifest.json"));
        return dir;
    }

    static Path writeTable(Table t, Path file) {
        dev.cider.util.AtomicFiles.write(file, out -> {
            java.io.Writer wr = new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8);
            t.write().usingOptions(tech.tablesaw.io.csv.CsvWriteOptions.builder(wr).lineEnd("\n").build());
            wr.flush();
        });
        return file;
    }

    /**
     * The τ each seed used on a split: the paper protocol's per-metric, per-rate oracle τ (chosen on the evaluated
     * labels) beside the one τ chosen on validation.
     */
    public static Table taus(List<SeedRuns> runs, String split) {
        tech.tablesaw.api.LongColumn seed = tech.tablesaw.api.LongColumn.create("seed");
        DoubleColumn rate = DoubleColumn.create("rate");
        StringColumn metric = StringColumn.create("metric");
        DoubleColumn oracle = DoubleColumn.create("oracle tau (paper protocol)");
        DoubleColumn valid = DoubleColumn.create("validation tau, reference run (steps a, b)");
        DoubleColumn validCorrected = DoubleColumn.create("validation tau, corrected run (clean)");
        for (SeedRuns r : runs) {
            for (Evaluator.Point p : r.reference().paperGrid(split).points()) {
                for (Metric m : Metric.headline(r.task())) {
                    seed.append(r.seed());
                    rate.append(p.rate());
                    metric.append(m.referenceName());
                    oracle.append(p.taus().get(m));
                    valid.append(r.reference().validTau());
                    validCorrected.append(r.corrected().validTau());
                }
            }
        }
        return Table.create("tau per seed on " + split + " (SYNTHETIC data)", seed, rate, metric, oracle, valid,
                validCorrected);
    }

    /** A one-line reading of the summary for a notebook (computed, never typed). */
    public static String headline(List<SeedRuns> runs) {
        Table s = summary(runs);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.rowCount(); i++) {
            if (!s.stringColumn(0).get(i).startsWith("AUILC")) {
                continue;
            }
            b.append(String.format(Locale.ROOT, "%s on %s: paper protocol %.1f, clean %.1f (tau %+.1f, prototypes %+.1f, "
                            + "positional %+.1f)%n", s.stringColumn(0).get(i), s.stringColumn(1).get(i),
                    s.doubleColumn(2).get(i), s.doubleColumn(3).get(i), s.doubleColumn(4).get(i), s.doubleColumn(5).get(i),
                    s.doubleColumn(6).get(i)));
        }
        return b.toString();
    }
}
