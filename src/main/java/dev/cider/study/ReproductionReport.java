package dev.cider.study;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.cider.ProjectPaths;
import dev.cider.eval.Manifest;
import dev.cider.eval.ResultsWriter;
import dev.cider.eval.TidyCsv;
import dev.cider.util.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;

/**
 * Generates the README section "Reproducing the paper" from what the study wrote under {@code results/}:
 * for every part of the paper, the notebook, the command, the scale it last ran at, whether its data was
 * synthetic or real, and where our numbers stand against the paper's (from the {@code paper-vs-ours.csv} a
 * notebook writes beside its tidy {@code results.csv}; the paper's own numbers are {@code results/paper/}).
 * Nothing in the section is typed by hand: run {@code mvn -q -B exec:java@report} after the study.
 *
 * <p>Only the text between {@link #BEGIN} and {@link #END} is replaced; when the markers are absent they are
 * added inside the "Reproducing the paper" section (or a new section at the end). README.md is written
 * atomically.
 */
public final class ReproductionReport {
    private ReproductionReport() {}

    /** The marker opening the generated text. */
    public static final String BEGIN = "<!-- reproducing:begin -->";
    /** The marker closing the generated text. */
    public static final String END = "<!-- reproducing:end -->";
    /** The README heading of the section. */
    public static final String HEADING = "## Reproducing the paper";

    /** What each study notebook (by its number) reproduces, in paper order of the notebooks. */
    public static final Map<String, String> PARTS;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("04", "training and evaluation, both protocols (Sec. III-D/E, IV-B)");
        m.put("05", "Table IV (RMFM / OOD / RMFM+OOD), Tables X, XI (complete data)");
        m.put("06", "Table V (ablations)");
        m.put("07", "Table VI (complexity)");
        m.put("08", "Tables VIII, IX, XIII-XXII (other missing patterns)");
        m.put("09", "Tables VII, XII (cross-dataset)");
        m.put("10", "Figs. 8, 9 (qualitative)");
        m.put("11", "protocol: paper vs clean, decomposed (spec 10)");
        m.put("12", "Table IX, language column (real MOSI text track)");
        PARTS = java.util.Collections.unmodifiableMap(m);
    }

    /** Columns of a notebook's {@code paper-vs-ours.csv} that the report reads. */
    public static final Set<String> COMPARISON_COLUMNS = new LinkedHashSet<>(List.of("table", "metric", "paper",
            "ours_paper_protocol", "data_kind"));

    /**
     * One results folder (or one part of the paper without results yet).
     *
     * @param scale {@code smoke}/{@code quick}/{@code full}, or "-" when not run
     * @param dataKinds e.g. {@code synthetic}, {@code real}, {@code synthetic, real}
     * @param standing where our numbers stand against the paper's, as generated text
     */
    public record Entry(String experiment, String reproduces, String notebook, String scale, String dataKinds,
                        double wallSeconds, String commit, int resultRows, String standing) {}

    /**
     * Reads every {@code results/<experiment>/manifest.json} (and its {@code results.csv} and
     * {@code paper-vs-ours.csv} when present), and adds the parts of {@link #PARTS} that have not run.
     *
     * @throws IllegalArgumentException naming the file for a corrupt manifest or CSV
     */
    public static List<Entry> collect(Path results, Path notebooks) {
        List<Entry> out = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        List<Path> dirs;
        if (Files.isDirectory(results)) {
            try (Stream<Path> s = Files.list(results)) {
                dirs = s.filter(Files::isDirectory).filter(d -> Files.isRegularFile(d.resolve("manifest.json"))).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + results, e);
            }
        } else {
            dirs = List.of();
        }
        for (Path d : dirs) {
            String name = d.getFileName().toString();
            JsonObject m = Manifest.read(d.resolve("manifest.json"));
            Set<String> kinds = new TreeSet<>();
            kinds.add(m.getAsJsonObject("data").get("data_kind").getAsString());
            int rows = 0;
            Path csv = d.resolve("results.csv");
            if (Files.isRegularFile(csv)) {
                Table t = ResultsWriter.read(csv);
                rows = t.rowCount();
                kinds.addAll(t.stringColumn("data_kind").unique().asList());
            }
            Path cmp = d.resolve("paper-vs-ours.csv");
            Path gap = d.resolve("summary.csv");
            List<Path> sides = sideBySideFiles(d);
            String kindLabel = String.join("+", kinds).toUpperCase(Locale.ROOT);
            String standing = Files.isRegularFile(cmp) ? standing(cmp)
                    : Files.isRegularFile(gap) && name.startsWith("11") ? protocolGap(gap)
                    : !sides.isEmpty() ? sides.stream().map(f -> sideBySide(f, kindLabel))
                            .collect(java.util.stream.Collectors.joining("<br>"))
                            + (kinds.contains("synthetic") ? "<br>synthetic data: not a MOSI/MOSEI result" : "")
                    : "no cell-by-cell comparison written (" + rows + " result rows)";
            JsonElement commit = m.getAsJsonObject("git").get("commit");
            String prefix = name.length() >= 2 ? name.substring(0, 2) : name;
            seen.add(prefix);
            out.add(new Entry(name, PARTS.getOrDefault(prefix, "-"), notebookOf(notebooks, name),
                    m.get("scale").getAsString(), String.join(", ", kinds), m.get("wall_time_s").getAsDouble(),
                    commit == null || commit.isJsonNull() ? "-" : shortCommit(commit.getAsString(), m), rows, standing));
        }
        for (var e : PARTS.entrySet()) {
            if (!seen.contains(e.getKey())) {
                String nb = notebookByPrefix(notebooks, e.getKey());
                String exp = nb == null ? e.getKey() + "-*" : Path.of(nb).getFileName().toString().replace(".ipynb", "");
                out.add(new Entry(exp, e.getValue(), nb, "-", "-", Double.NaN, "-", 0, "not run yet"));
            }
        }
        out.sort(java.util.Comparator.comparing(Entry::experiment));
        return out;
    }

    private static String shortCommit(String commit, JsonObject m) {
        String c = commit.length() > 10 ? commit.substring(0, 10) : commit;
        JsonElement dirty = m.getAsJsonObject("git").get("dirty");
        return dirty != null && !dirty.isJsonNull() && dirty.getAsBoolean() ? c + " (dirty)" : c;
    }

    private static String notebookOf(Path notebooks, String experiment) {
        Path nb = notebooks.resolve(experiment + ".ipynb");
        if (Files.isRegularFile(nb)) {
            return "notebooks/" + nb.getFileName();
        }
        return notebookByPrefix(notebooks, experiment.length() >= 2 ? experiment.substring(0, 2) : experiment);
    }

    private static String notebookByPrefix(Path notebooks, String prefix) {
        if (!Files.isDirectory(notebooks)) {
            return null;
        }
        try (Stream<Path> s = Files.list(notebooks)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix + "-") && n.endsWith(".ipynb"))
                    .sorted().findFirst().map(n -> "notebooks/" + n).orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + notebooks, e);
        }
    }

    /**
     * Per paper table of a {@code paper-vs-ours.csv}: the number of cells and the mean (and range) of ours minus
     * the paper's, in points, under the paper protocol (and the clean protocol when given); each marked with
     * its data kind, and synthetic results are said to be no MOSI/MOSEI result.
     */
    static String standing(Path cmp) {
        Table t = TidyCsv.read(cmp, Map.of("paper", ColumnType.DOUBLE, "ours_paper_protocol", ColumnType.DOUBLE,
                "ours_clean_protocol", ColumnType.DOUBLE), COMPARISON_COLUMNS);
        boolean hasClean = t.columnNames().contains("ours_clean_protocol");
        Map<String, List<double[]>> byTable = new LinkedHashMap<>();
        Map<String, Set<String>> kinds = new LinkedHashMap<>();
        for (int i = 0; i < t.rowCount(); i++) {
            String table = t.stringColumn("table").get(i);
            String kind = t.stringColumn("data_kind").get(i);
            try {
                dev.cider.eval.DataKind.parse(kind);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(cmp + ": data row " + (i + 1) + ": " + e.getMessage(), e);
            }
            double p = t.doubleColumn("paper").get(i);
            double o = t.doubleColumn("ours_paper_protocol").get(i);
            double c = hasClean ? t.doubleColumn("ours_clean_protocol").get(i) : Double.NaN;
            if (Double.isNaN(p) || Double.isNaN(o)) {
                continue;
            }
            byTable.computeIfAbsent(table, k -> new ArrayList<>()).add(new double[] {o - p, c - p});
            kinds.computeIfAbsent(table, k -> new TreeSet<>()).add(kind);
        }
        if (byTable.isEmpty()) {
            return "comparison file has no cell with both numbers";
        }
        List<String> parts = new ArrayList<>();
        for (var e : byTable.entrySet()) {
            List<double[]> d = e.getValue();
            double mean = d.stream().mapToDouble(x -> x[0]).average().orElse(Double.NaN);
            double min = d.stream().mapToDouble(x -> x[0]).min().orElse(Double.NaN);
            double max = d.stream().mapToDouble(x -> x[0]).max().orElse(Double.NaN);
            double clean = d.stream().mapToDouble(x -> x[1]).average().orElse(Double.NaN);
            String k = String.join("+", kinds.get(e.getKey())).toUpperCase(Locale.ROOT);
            parts.add(String.format(Locale.ROOT, "Table %s, %d cell%s: ours (%s) minus paper %+.1f points on average "
                            + "(%+.1f to %+.1f), paper protocol%s", e.getKey(), d.size(), d.size() == 1 ? "" : "s", k, mean, min, max,
                    Double.isNaN(clean) ? "" : String.format(Locale.ROOT, "; %+.1f clean protocol", clean)));
        }
        boolean synthetic = kinds.values().stream().anyMatch(s -> s.contains("synthetic"));
        return String.join("<br>", parts) + (synthetic ? "<br>synthetic data: not a MOSI/MOSEI result" : "");
    }

    /** A folder's {@code *side_by_side*.csv} files (the notebooks' paper-vs-ours tables), by name. */
    static List<Path> sideBySideFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().contains("side_by_side") && p.toString().endsWith(".csv"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** "table_V_side_by_side.csv" -> "Table V"; "tables_VII_XII_side_by_side.csv" -> "Tables VII, XII". */
    static String tableLabel(Path csv) {
        String n = csv.getFileName().toString().replace("_side_by_side.csv", "");
        String[] parts = n.split("_");
        if (parts.length < 2 || !parts[0].startsWith("table")) {
            return n;
        }
        String rest = String.join(", ", java.util.Arrays.copyOfRange(parts, 1, parts.length));
        if (parts.length == 3 && parts[2].length() <= 2 && !parts[2].matches("[IVX]+")) {
            rest = parts[1] + " {" + parts[2] + "}"; // table_IX_L -> IX {L}
        }
        return (parts[0].equals("tables") ? "Tables " : "Table ") + rest;
    }

    private static double number(String v) {
        if (v == null || v.isBlank()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * One notebook's side-by-side table: the paper's column (the first header starting with "paper", not the
     * "paper table" label or a drop) against ours under the paper and the clean protocol (headers with "ours" and
     * "paper protocol" / "clean protocol", not in-domain): cells, mean and range of ours minus paper, in points.
     * An ablation table (a "paper drop" column and "drop paper/..." columns) also says in how many rows our drop
     * has the paper's sign. A table without "ours" columns (Table VI) lists the paper's row beside ours for each
     * numeric quantity.
     */
    static String sideBySide(Path csv, String kind) {
        List<String[]> rows = new ArrayList<>();
        String[] header;
        try (java.io.Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            Table t = Table.read().csv(tech.tablesaw.io.csv.CsvReadOptions.builder(r).columnTypesToDetect(
                    List.of(ColumnType.STRING)).build());
            header = t.columnNames().toArray(new String[0]);
            for (int i = 0; i < t.rowCount(); i++) {
                String[] row = new String[header.length];
                for (int j = 0; j < header.length; j++) {
                    row[j] = t.column(j).getString(i);
                }
                rows.add(row);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read the side-by-side table " + csv + ": " + e.getMessage(), e);
        }
        int paper = -1;
        int ours = -1;
        int clean = -1;
        int paperDrop = -1;
        int oursDrop = -1;
        for (int j = 0; j < header.length; j++) {
            String h = header[j].toLowerCase(Locale.ROOT);
            if (paper < 0 && h.startsWith("paper") && !h.equals("paper table") && !h.contains("drop")) {
                paper = j;
            }
            if (ours < 0 && h.contains("ours") && h.contains("paper protocol") && !h.contains("in-domain")) {
                ours = j;
            }
            if (clean < 0 && h.contains("ours") && h.contains("clean protocol") && !h.contains("in-domain")) {
                clean = j;
            }
            if (h.equals("paper drop")) {
                paperDrop = j;
            }
            if (oursDrop < 0 && h.startsWith("drop paper/")) {
                oursDrop = j;
            }
        }
        String label = tableLabel(csv);
        if (ours < 0) {
            return rowsBesidePaper(label, header, rows);
        }
        if (paper < 0) {
            return label + ": no paper column in " + csv.getFileName();
        }
        List<double[]> d = new ArrayList<>();
        int agree = 0;
        int signed = 0;
        for (String[] row : rows) {
            double p = number(row[paper]);
            double o = number(row[ours]);
            if (!Double.isNaN(p) && !Double.isNaN(o)) {
                d.add(new double[] {o - p, clean < 0 ? Double.NaN : number(row[clean]) - p});
            }
            if (paperDrop >= 0 && oursDrop >= 0) {
                double pd = number(row[paperDrop]);
                double od = number(row[oursDrop]);
                if (!Double.isNaN(pd) && !Double.isNaN(od) && pd != 0) {
                    signed++;
                    if (Math.signum(pd) == Math.signum(od)) {
                        agree++;
                    }
                }
            }
        }
        if (d.isEmpty()) {
            return label + ": no cell with both numbers";
        }
        double mean = d.stream().mapToDouble(x -> x[0]).average().orElse(Double.NaN);
        double min = d.stream().mapToDouble(x -> x[0]).min().orElse(Double.NaN);
        double max = d.stream().mapToDouble(x -> x[0]).max().orElse(Double.NaN);
        double cm = d.stream().mapToDouble(x -> x[1]).average().orElse(Double.NaN);
        String out = String.format(Locale.ROOT, "%s, %d cell%s: ours (%s) minus paper %+.1f points on average (%+.1f to %+.1f), "
                        + "paper protocol%s", label, d.size(), d.size() == 1 ? "" : "s", kind, mean, min, max,
                Double.isNaN(cm) ? "" : String.format(Locale.ROOT, "; %+.1f clean protocol", cm));
        if (signed > 0) {
            out += String.format(Locale.ROOT, "; our drop (%s) has the paper's sign in %d of %d rows",
                    header[oursDrop].replace("drop ", ""), agree, signed);
        }
        return out;
    }

    /** Table VI style: the first "paper" row beside every "ours" row, for each numeric column. */
    private static String rowsBesidePaper(String label, String[] header, List<String[]> rows) {
        String[] paperRow = rows.stream().filter(r -> r[0].toLowerCase(Locale.ROOT).startsWith("paper")).findFirst().orElse(null);
        List<String[]> oursRows = rows.stream().filter(r -> r[0].toLowerCase(Locale.ROOT).startsWith("ours")).toList();
        if (paperRow == null || oursRows.isEmpty()) {
            return label + ": no paper row and ours rows to compare";
        }
        List<String> parts = new ArrayList<>();
        for (int j = 1; j < header.length; j++) {
            double p = number(paperRow[j]);
            final int col = j;
            List<String> o = oursRows.stream().map(r -> number(r[col])).filter(v -> !Double.isNaN(v))
                    .map(v -> String.format(Locale.ROOT, "%.4g", v)).toList();
            if (Double.isNaN(p) || o.isEmpty()) {
                continue;
            }
            parts.add(String.format(Locale.ROOT, "%s: paper %.4g, ours %s", header[j], p, String.join(" / ", o)));
        }
        return label + " (" + paperRow[0] + " vs " + oursRows.stream().map(r -> r[0]).collect(
                java.util.stream.Collectors.joining(" / ")) + "): " + String.join("; ", parts);
    }

    /**
     * Notebook 11's {@code summary.csv}: per AUILC row, the paper protocol minus the clean protocol and its three
     * parts (oracle τ, test prototypes, positional term), in points.
     */
    static String protocolGap(Path summary) {
        Table t = TidyCsv.read(summary, Map.of("paper protocol (%)", ColumnType.DOUBLE, "clean protocol (%)",
                ColumnType.DOUBLE, "from oracle tau", ColumnType.DOUBLE, "from test prototypes", ColumnType.DOUBLE,
                "from batch-index positional", ColumnType.DOUBLE), new LinkedHashSet<>(List.of("quantity", "split",
                "paper protocol (%)", "clean protocol (%)", "from oracle tau", "from test prototypes",
                "from batch-index positional")));
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < t.rowCount(); i++) {
            String q = t.stringColumn("quantity").get(i);
            if (!q.startsWith("AUILC")) {
                continue;
            }
            parts.add(String.format(Locale.ROOT, "%s %s: paper minus clean protocol %+.1f points (tau %+.1f, prototypes "
                            + "%+.1f, positional %+.1f)", q, t.stringColumn("split").get(i).equals("test") ? "IID" : "OOD",
                    t.doubleColumn("paper protocol (%)").get(i) - t.doubleColumn("clean protocol (%)").get(i),
                    t.doubleColumn("from oracle tau").get(i), t.doubleColumn("from test prototypes").get(i),
                    t.doubleColumn("from batch-index positional").get(i)));
        }
        return parts.isEmpty() ? "no AUILC row in " + summary.getFileName() : String.join("<br>", parts);
    }

    /** The generated Markdown (without the markers). */
    public static String render(List<Entry> entries) {
        StringBuilder b = new StringBuilder();
        b.append("*Generated by `mvn -q -B exec:java@report` (`dev.cider.study.ReproductionReport`) from `results/*/manifest.json`,\n")
                .append("`results.csv` and `paper-vs-ours.csv`; the paper's numbers are `results/paper/`. Do not edit by hand.*\n\n")
                .append("Every number below was written by a run. **SYNTHETIC** rows come from `SyntheticCider` data shaped like\n")
                .append("MOSI/MOSEI and are never MOSI or MOSEI results; **REAL** rows use the real MOSI transcripts (text only).\n")
                .append("Whole study: `bash environment/study.sh` (quick scale); paper scale on a GPU:\n")
                .append("`CIDER_MAVEN_ARGS=-Pgpu CIDER_SCALE=full bash environment/study.sh`.\n\n")
                .append("| paper | notebook | command | scale | data | wall time | commit | ours vs paper |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        for (Entry e : entries) {
            String cmd = e.notebook() == null ? "-"
                    : "`bash environment/run-notebooks.sh --scale " + (e.scale().equals("-") ? "quick" : e.scale()) + " "
                    + e.notebook() + "`";
            b.append("| ").append(cell(e.reproduces())).append(" | ")
                    .append(e.notebook() == null ? cell(e.experiment()) : "[" + e.experiment() + "](" + e.notebook() + ")")
                    .append(" | ").append(cmd)
                    .append(" | ").append(e.scale())
                    .append(" | ").append(e.dataKinds().toUpperCase(Locale.ROOT))
                    .append(" | ").append(Double.isNaN(e.wallSeconds()) ? "-" : String.format(Locale.ROOT, "%.0f s", e.wallSeconds()))
                    .append(" | ").append(e.commit())
                    .append(" | ").append(cell(e.standing())).append(" |\n");
        }
        return b.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    /**
     * The README text with the generated section in place: between the markers if present; else the markers
     * are inserted right after the "Reproducing the paper" heading (replacing an italic placeholder line that
     * says the section is generated), or a new section is appended.
     *
     * @throws IllegalArgumentException when the markers are unbalanced or out of order
     */
    public static String splice(String readme, String generated) {
        String block = BEGIN + "\n" + generated + (generated.endsWith("\n") ? "" : "\n") + END;
        int b = readme.indexOf(BEGIN);
        int e = readme.indexOf(END);
        if (b >= 0 || e >= 0) {
            if (b < 0 || e < 0 || e < b || readme.indexOf(BEGIN, b + 1) >= 0 || readme.indexOf(END, e + 1) >= 0) {
                throw new IllegalArgumentException("README markers are unbalanced: need exactly one " + BEGIN
                        + " followed by one " + END);
            }
            return readme.substring(0, b) + block + readme.substring(e + END.length());
        }
        int h = readme.indexOf(HEADING + "\n");
        if (h < 0) {
            return readme + (readme.endsWith("\n") ? "\n" : "\n\n") + HEADING + "\n\n" + block + "\n";
        }
        int afterHeading = h + HEADING.length() + 1;
        String rest = readme.substring(afterHeading);
        String trimmed = rest.stripLeading();
        if (trimmed.startsWith("*This section is generated")) {
            int eol = trimmed.indexOf('\n');
            rest = eol < 0 ? "" : trimmed.substring(eol + 1);
        }
        return readme.substring(0, afterHeading) + "\n" + block + "\n" + (rest.isEmpty() || rest.startsWith("\n") ? "" : "\n")
                + rest;
    }

    /** Regenerates the section of {@code readme} from {@code results} and writes it atomically; returns the entries. */
    public static List<Entry> update(Path readme, Path results, Path notebooks) {
        List<Entry> entries = collect(results, notebooks);
        String text;
        try {
            text = Files.readString(readme, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + readme, e);
        }
        String updated = splice(text, render(entries));
        if (!updated.equals(text)) {
            AtomicFiles.writeString(readme, updated);
        }
        return entries;
    }

    /** {@code mvn -q -B exec:java@report}: updates README.md of the project root from its {@code results/}. */
    public static void main(String[] args) {
        Path root = ProjectPaths.root();
        List<Entry> entries = update(root.resolve("README.md"), ProjectPaths.results(), root.resolve("notebooks"));
        long ran = entries.stream().filter(e -> !e.scale().equals("-")).count();
        System.out.println("README.md: section '" + HEADING.substring(3) + "' regenerated from " + ran + " results folder(s); "
                + (entries.size() - ran) + " part(s) not run yet");
    }
}
