package dev.cider.eval;

import dev.cider.util.AtomicFiles;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvWriteOptions;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tidy results of one experiment: one row per (dataset, task, split, protocol, pattern, rate, seed, metric)
 * with its {@code value}, the &tau; used ({@code tau}, empty when not applicable) and {@code data_kind}
 * ({@code synthetic} / {@code real}), written as CSV through Tablesaw, atomically (temp file, then rename).
 * Pair it with a {@link Manifest} for provenance.
 *
 * <pre>{@code
 * ResultsWriter w = ResultsWriter.create("table4");
 * var ctx = new ResultsWriter.Context("mosi", "binary", "test", "paper", "RMFM", 0.3, 1111, DataKind.REAL);
 * w.addSweeps(ctx, Metrics.sweepAll(Labels.Task.BINARY, pred, cf, labels));
 * w.write(ProjectPaths.results().resolve("table4/results.csv"));
 * }</pre>
 */
public final class ResultsWriter {
    /** The CSV columns, in order. */
    public static final List<String> COLUMNS = List.of("experiment", "dataset", "task", "split", "protocol",
            "pattern", "rate", "seed", "metric", "value", "tau", "data_kind");

    /** The coordinates of a group of results (everything but metric, value and tau). */
    public record Context(String dataset, String task, String split, String protocol, String pattern, double rate,
                          long seed, DataKind dataKind) {
        /** Validates every field: non-blank text, rate in [0, 1] or NaN (not applicable), a data kind. */
        public Context {
            requireText("dataset", dataset);
            requireText("task", task);
            requireText("split", split);
            requireText("protocol", protocol);
            requireText("pattern", pattern);
            if (!Double.isNaN(rate) && !(rate >= 0.0 && rate <= 1.0)) {
                throw new IllegalArgumentException("rate " + rate + " is outside [0, 1] (use NaN for 'not applicable')");
            }
            if (dataKind == null) {
                throw new IllegalArgumentException("data_kind must be given (synthetic or real)");
            }
        }

        /** The same context at another missing rate. */
        public Context atRate(double r) {
            return new Context(dataset, task, split, protocol, pattern, r, seed, dataKind);
        }
    }

    /** One result row. */
    public record Result(Context context, String metric, double value, double tau) {
        /** Validates: metric non-blank, value finite, tau finite or NaN (not applicable). */
        public Result {
            if (context == null) throw new IllegalArgumentException("result context must not be null");
            requireText("metric", metric);
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("value of " + metric + " is not finite: " + value);
            }
            if (Double.isInfinite(tau)) {
                throw new IllegalArgumentException("tau of " + metric + " is infinite");
            }
        }
    }

    private final String experiment;
    private final List<Result> results = new ArrayList<>();
    private final Set<String> keys = new HashSet<>();

    private ResultsWriter(String experiment) {
        requireText("experiment", experiment);
        this.experiment = experiment;
    }

    /** A writer for one experiment. */
    public static ResultsWriter create(String experiment) {
        return new ResultsWriter(experiment);
    }

    /** Adds one row; a second row with the same coordinates and metric is an error. */
    public ResultsWriter add(Context ctx, String metric, double value, double tau) {
        Result r = new Result(ctx, metric, value, tau);
        String key = ctx.dataset() + "|" + ctx.task() + "|" + ctx.split() + "|" + ctx.protocol() + "|" + ctx.pattern()
                + "|" + ctx.rate() + "|" + ctx.seed() + "|" + metric;
        if (!keys.add(key)) {
            throw new IllegalArgumentException("duplicate result " + key.replace('|', '/'));
        }
        results.add(r);
        return this;
    }

    /** Adds a paper-protocol sweep: each metric with its own best value and best &tau;. */
    public ResultsWriter addSweeps(Context ctx, Map<Metric, Metrics.Sweep> sweeps) {
        for (var e : sweeps.entrySet()) {
            add(ctx, e.getKey().referenceName(), e.getValue().best(), e.getValue().bestTau());
        }
        return this;
    }

    /** Adds fixed-&tau; results (clean protocol): every metric at the same &tau;. */
    public ResultsWriter addAt(Context ctx, Map<Metric, Double> values, double tau) {
        for (var e : values.entrySet()) {
            add(ctx, e.getKey().referenceName(), e.getValue(), tau);
        }
        return this;
    }

    /** The rows so far. */
    public List<Result> results() {
        return Collections.unmodifiableList(results);
    }

    /** The rows as a Tablesaw table with {@link #COLUMNS}. */
    public Table toTable() {
        StringColumn exp = StringColumn.create("experiment");
        StringColumn ds = StringColumn.create("dataset");
        StringColumn task = StringColumn.create("task");
        StringColumn split = StringColumn.create("split");
        StringColumn protocol = StringColumn.create("protocol");
        StringColumn pattern = StringColumn.create("pattern");
        DoubleColumn rate = DoubleColumn.create("rate");
        LongColumn seed = LongColumn.create("seed");
        StringColumn metric = StringColumn.create("metric");
        DoubleColumn value = DoubleColumn.create("value");
        DoubleColumn tau = DoubleColumn.create("tau");
        StringColumn kind = StringColumn.create("data_kind");
        for (Result r : results) {
            Context c = r.context();
            exp.append(experiment);
            ds.append(c.dataset());
            task.append(c.task());
            split.append(c.split());
            protocol.append(c.protocol());
            pattern.append(c.pattern());
            if (Double.isNaN(c.rate())) rate.appendMissing(); else rate.append(c.rate());
            seed.append(c.seed());
            metric.append(r.metric());
            value.append(r.value());
            if (Double.isNaN(r.tau())) tau.appendMissing(); else tau.append(r.tau());
            kind.append(c.dataKind().label());
        }
        return Table.create(experiment, exp, ds, task, split, protocol, pattern, rate, seed, metric, value, tau, kind);
    }

    /** Writes the CSV to a stream (not closed). */
    public void writeTo(OutputStream out) throws IOException {
        if (results.isEmpty()) {
            throw new IllegalStateException("experiment '" + experiment + "' has no results to write");
        }
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        toTable().write().usingOptions(CsvWriteOptions.builder(w).lineEnd("\n").build());
        w.flush();
    }

    /** Writes the CSV atomically: a reader sees the old file or the complete new one, never a half. */
    public Path write(Path csv) {
        AtomicFiles.write(csv, this::writeTo);
        return csv;
    }

    /**
     * Reads a results CSV back with validation: all {@link #COLUMNS} present, {@code value} numeric and present,
     * {@code rate} in [0, 1] or empty, {@code data_kind} synthetic/real.
     *
     * @throws IllegalArgumentException naming the file, the row and the column of the first problem
     */
    public static Table read(Path csv) {
        Table t = TidyCsv.read(csv, Map.of("rate", ColumnType.DOUBLE, "seed", ColumnType.LONG,
                "value", ColumnType.DOUBLE, "tau", ColumnType.DOUBLE), new LinkedHashSet<>(COLUMNS));
        for (Row r : t) {
            int i = r.getRowNumber();
            String where = csv + ": data row " + (i + 1);
            if (t.doubleColumn("value").isMissing(i)) {
                throw new IllegalArgumentException(where + ": value is empty");
            }
            if (t.longColumn("seed").isMissing(i)) {
                throw new IllegalArgumentException(where + ": seed is empty");
            }
            if (!t.doubleColumn("rate").isMissing(i)) {
                double rate = r.getDouble("rate");
                if (!(rate >= 0 && rate <= 1)) {
                    throw new IllegalArgumentException(where + ": rate " + rate + " is outside [0, 1]");
                }
            }
            try {
                DataKind.parse(r.getString("data_kind"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
            for (String c : List.of("experiment", "dataset", "task", "split", "protocol", "pattern", "metric")) {
                if (r.getString(c).isBlank()) {
                    throw new IllegalArgumentException(where + ": column '" + c + "' is empty");
                }
            }
        }
        return t;
    }

    private static void requireText(String field, String v) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        if (v.contains("\n") || v.contains("\r")) {
            throw new IllegalArgumentException(field + " must be one line: '" + v + "'");
        }
    }
}
