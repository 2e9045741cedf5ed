package dev.cider.eval;

import dev.cider.ProjectPaths;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.selection.Selection;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The paper's own numbers (Tables IV&ndash;XXII), transcribed into {@code results/paper/table_<N>.csv}
 * (see {@code results/paper/README.md}), for "paper vs ours" comparisons.
 *
 * <p>One tidy row per printed cell: {@code table, model, variant, dataset, target_dataset, pattern,
 * alignment, distribution, modalities, rate, statistic, metric, printed, value}. {@code printed} is the
 * cell exactly as printed; {@code value} is the same number (missing where the paper prints "-").
 * {@code statistic} is {@code auilc} (area over rates 0..1, Tables IV/V/VII/VIII), {@code complete}
 * (complete input), {@code at_rate} (Tables XIII&ndash;XXII), {@code smm} (Table IX) or {@code complexity}
 * (Table VI). Paper metrics are percentages: Acc2 = {@code Non0_acc_2}, F1 = {@code Non0_F1_score},
 * Acc7 = {@code Acc_7} of {@link Metric} (times 100).
 */
public final class PaperNumbers {
    private PaperNumbers() {}

    /** Every transcribed table, in paper order. */
    public static final List<String> TABLES = List.of("IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
            "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI", "XXII");

    /** The columns of every paper CSV, in order. */
    public static final List<String> COLUMNS = List.of("table", "model", "variant", "dataset", "target_dataset",
            "pattern", "alignment", "distribution", "modalities", "rate", "statistic", "metric", "printed", "value");

    /** The folder holding the CSVs: {@code results/paper} under the project root. */
    public static Path dir() {
        return ProjectPaths.root().resolve("results").resolve("paper");
    }

    /** The CSV file of a table, e.g. {@code file("IV")}. */
    public static Path file(String table) {
        return dir().resolve("table_" + normalise(table) + ".csv");
    }

    /**
     * One table as a Tablesaw table (all columns text except {@code value}, a double column). Each call returns
     * a fresh copy (files are parsed once and re-read when they change).
     *
     * @param table roman numeral, with or without "Table " (case-insensitive), e.g. "IV" or "table xiii"
     * @throws IllegalArgumentException for an unknown table or a malformed file
     */
    public static Table table(String table) {
        String t = normalise(table);
        Path f = file(t);
        long stamp;
        try {
            stamp = java.nio.file.Files.getLastModifiedTime(f).toMillis();
        } catch (java.io.IOException e) {
            stamp = -1; // TidyCsv.read reports the missing file
        }
        Cached c = CACHE.get(f);
        if (c == null || c.stamp != stamp) {
            Table read = TidyCsv.read(f, Map.of("value", ColumnType.DOUBLE), new LinkedHashSet<>(COLUMNS));
            read.setName("Table " + t + " (paper)");
            c = new Cached(stamp, read);
            CACHE.put(f, c);
        }
        return c.table.copy();
    }

    private record Cached(long stamp, Table table) {}

    private static final Map<Path, Cached> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    /** All tables stacked (same columns). */
    public static Table all() {
        Table out = null;
        for (String t : TABLES) {
            Table x = table(t);
            out = out == null ? x.copy() : out.append(x);
        }
        out.setName("CIDer paper, Tables IV-XXII");
        return out;
    }

    /**
     * The values of a per-rate table (XIII&ndash;XXII) for one model row and one paper metric, at rates
     * 0.1, ..., 1.0 (10 values). {@code variant} is "" for ordinary rows.
     */
    public static double[] byRate(String table, String model, String variant, String metric) {
        Table t = table(table);
        double[] out = new double[10];
        for (int i = 1; i <= 10; i++) {
            String rate = i == 10 ? "1.0" : "0." + i;
            out[i - 1] = cell(t, model, variant, metric, Map.of("rate", rate));
        }
        return out;
    }

    /**
     * The one value in {@code t} for a model row, metric and further column constraints (e.g.
     * {@code Map.of("dataset", "MOSI", "distribution", "OOD")}); NaN where the paper prints "-".
     *
     * @throws IllegalArgumentException when no cell or more than one cell matches
     */
    public static double cell(Table t, String model, String variant, String metric, Map<String, String> where) {
        Selection s = t.stringColumn("model").isEqualTo(model)
                .and(t.stringColumn("variant").isEqualTo(variant == null ? "" : variant))
                .and(t.stringColumn("metric").isEqualTo(metric));
        for (var e : where.entrySet()) {
            s = s.and(t.stringColumn(e.getKey()).isEqualTo(e.getValue()));
        }
        Table hit = t.where(s);
        if (hit.rowCount() != 1) {
            throw new IllegalArgumentException(t.name() + ": " + hit.rowCount() + " cells match model='" + model
                    + "' variant='" + variant + "' metric='" + metric + "' " + where + " (expected exactly 1)");
        }
        DoubleColumn v = hit.doubleColumn("value");
        return v.isMissing(0) ? Double.NaN : v.get(0);
    }

    /** Where the rate-0 (complete input) value of each per-rate table is printed: table and column constraints. */
    private static final Map<String, Map.Entry<String, Map<String, String>>> RATE_ZERO = Map.ofEntries(
            Map.entry("XIII", Map.entry("X", Map.of("dataset", "MOSI"))),
            Map.entry("XIV", Map.entry("X", Map.of("dataset", "MOSEI"))),
            Map.entry("XV", Map.entry("X", Map.of("dataset", "MOSI"))),
            Map.entry("XVI", Map.entry("X", Map.of("dataset", "MOSI"))),
            Map.entry("XVII", Map.entry("IV", Map.of("dataset", "MOSI", "pattern", "none"))),
            Map.entry("XVIII", Map.entry("IV", Map.of("dataset", "MOSEI", "pattern", "none"))),
            Map.entry("XIX", Map.entry("XII", Map.of("dataset", "MOSI"))),
            Map.entry("XX", Map.entry("XII", Map.of("dataset", "MOSEI"))),
            Map.entry("XXI", Map.entry("XI", Map.of("dataset", "MOSI"))),
            Map.entry("XXII", Map.entry("XI", Map.of("dataset", "MOSI"))));

    /**
     * A model's full curve over the 11 rates 0.0..1.0 of {@link Auilc#standardRates()}: rate 0 from the matching
     * complete-input table (X, XI, XII or IV's "-" columns) and rates 0.1..1.0 from the per-rate table. This is
     * the curve whose AUILC the paper prints in Tables IV, VII and VIII.
     *
     * @throws IllegalArgumentException for a table that is not per-rate, or a model without a complete-input row
     */
    public static double[] curveWithRateZero(String rateTable, String model, String metric) {
        String t = normalise(rateTable);
        var zero = RATE_ZERO.get(t);
        if (zero == null) {
            throw new IllegalArgumentException("Table " + t + " is not a per-rate table; expected one of "
                    + new java.util.TreeSet<>(RATE_ZERO.keySet()));
        }
        double[] out = new double[11];
        out[0] = cell(table(zero.getKey()), model, "", metric, zero.getValue());
        System.arraycopy(byRate(t, model, "", metric), 0, out, 1, 10);
        return out;
    }

    /**
     * A small side-by-side table for notebooks: {@code label, paper, ours, ours_minus_paper}. Values are
     * shown as given (convert ours to percent first when comparing with the paper's Acc2/F1/Acc7).
     */
    public static Table sideBySide(String title, List<String> labels, double[] paper, double[] ours) {
        if (labels.size() != paper.length || labels.size() != ours.length) {
            throw new IllegalArgumentException("sideBySide: " + labels.size() + " labels, " + paper.length
                    + " paper values, " + ours.length + " ours");
        }
        tech.tablesaw.api.StringColumn l = tech.tablesaw.api.StringColumn.create("label", labels);
        DoubleColumn p = DoubleColumn.create("paper", paper);
        DoubleColumn o = DoubleColumn.create("ours", ours);
        DoubleColumn d = DoubleColumn.create("ours_minus_paper", ours.length);
        for (int i = 0; i < ours.length; i++) {
            d.set(i, ours[i] - paper[i]);
        }
        return Table.create(title, l, p, o, d);
    }

    /** The reference metric behind a paper metric name: Acc2 &rarr; Non0_acc_2, F1 &rarr; Non0_F1_score, Acc7 &rarr; Acc_7. */
    public static Metric referenceMetric(String paperMetric) {
        return switch (paperMetric) {
            case "Acc2" -> Metric.NON0_ACC_2;
            case "F1" -> Metric.NON0_F1_SCORE;
            case "Acc7" -> Metric.ACC_7;
            default -> throw new IllegalArgumentException("unknown paper metric '" + paperMetric
                    + "': expected Acc2, F1 or Acc7");
        };
    }

    /** The paper's name for a reference metric (inverse of {@link #referenceMetric}). */
    public static String paperMetric(Metric m) {
        return switch (m) {
            case NON0_ACC_2 -> "Acc2";
            case NON0_F1_SCORE -> "F1";
            case ACC_7 -> "Acc7";
            default -> throw new IllegalArgumentException("the paper does not report " + m);
        };
    }

    private static String normalise(String table) {
        if (table == null) {
            throw new IllegalArgumentException("table name is null; expected one of " + TABLES);
        }
        String t = table.trim().toUpperCase(Locale.ROOT);
        if (t.startsWith("TABLE")) {
            t = t.substring(5).trim();
        }
        if (!TABLES.contains(t)) {
            throw new IllegalArgumentException("unknown paper table '" + table + "': expected one of " + TABLES);
        }
        return t;
    }

    /** Set of distinct values of a text column (helper for notebooks and tests). */
    public static Set<String> distinct(Table t, String column) {
        return new LinkedHashSet<>(t.stringColumn(column).asList());
    }
}
