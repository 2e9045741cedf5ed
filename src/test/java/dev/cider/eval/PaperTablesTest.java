package dev.cider.eval;

import dev.cider.ProjectPaths;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The transcribed paper tables parse, are complete grids, and agree with the paper text and with each other. */
class PaperTablesTest {
    private static final Pattern NUMBER = Pattern.compile("\\d{1,3}(,\\d{3})+|\\d+(\\.\\d+)?");
    private static final List<String> ROW_KEY = List.of("model", "variant");
    private static final List<String> COL_KEY = List.of("dataset", "target_dataset", "pattern", "alignment",
            "distribution", "modalities", "rate", "statistic", "metric");

    /** Grid shape of each printed table: {model rows, data columns, cells printed as "-"}. */
    private static final Map<String, int[]> GRID = new LinkedHashMap<>();

    static {
        GRID.put("IV", new int[] {12, 18, 0});
        GRID.put("V", new int[] {10, 3, 0});
        GRID.put("VI", new int[] {11, 3, 2});
        GRID.put("VII", new int[] {7, 6, 0});
        GRID.put("VIII", new int[] {10, 12, 0});
        GRID.put("IX", new int[] {10, 18, 0});
        GRID.put("X", new int[] {14, 6, 6});
        GRID.put("XI", new int[] {12, 6, 9});
        GRID.put("XII", new int[] {7, 6, 0});
        for (String t : List.of("XIII", "XIV", "XVII", "XVIII")) GRID.put(t, new int[] {12, 30, 0});
        for (String t : List.of("XV", "XVI", "XXI", "XXII")) GRID.put(t, new int[] {10, 30, 0});
        for (String t : List.of("XIX", "XX")) GRID.put(t, new int[] {7, 30, 0});
    }

    private static String key(Row r, List<String> cols) {
        StringBuilder sb = new StringBuilder();
        for (String c : cols) sb.append(r.getString(c)).append('|');
        return sb.toString();
    }

    @Test
    void everyTableIsACompleteGridOfValidNumbers() {
        assertEquals(new HashSet<>(PaperNumbers.TABLES), GRID.keySet());
        for (String name : PaperNumbers.TABLES) {
            Table t = PaperNumbers.table(name);
            assertEquals(PaperNumbers.COLUMNS, t.columnNames(), name);
            Set<String> rows = new LinkedHashSet<>();
            Set<String> cols = new LinkedHashSet<>();
            Set<String> cells = new HashSet<>();
            int dashes = 0;
            for (Row r : t) {
                assertEquals(name, r.getString("table"));
                rows.add(key(r, ROW_KEY));
                cols.add(key(r, COL_KEY));
                assertTrue(cells.add(key(r, ROW_KEY) + key(r, COL_KEY)), name + ": duplicate cell " + r);
                String printed = r.getString("printed");
                boolean missing = t.doubleColumn("value").isMissing(r.getRowNumber());
                if (printed.equals("-")) {
                    dashes++;
                    assertTrue(missing, name + ": '-' must have no value");
                    continue;
                }
                assertTrue(NUMBER.matcher(printed).matches(), name + ": printed '" + printed + "' is not a number");
                double v = r.getDouble("value");
                assertEquals(Double.parseDouble(printed.replace(",", "")), v, 0.0, name + " " + r);
                String metric = r.getString("metric");
                switch (metric) {
                    case "Acc2", "F1", "Acc7" -> assertTrue(v >= 0 && v <= 100, name + ": percentage out of range " + r);
                    case "parameters_excl_bert" -> assertTrue(v >= 1 && v == Math.rint(v), name + " " + r);
                    case "gpu_memory_gib", "training_time_s_per_epoch" -> assertTrue(v > 0 && v < 1000, name + " " + r);
                    default -> throw new AssertionError(name + ": unexpected metric " + metric);
                }
            }
            int[] g = GRID.get(name);
            assertEquals(g[0], rows.size(), name + ": model rows");
            assertEquals(g[1], cols.size(), name + ": data columns");
            assertEquals(g[0] * g[1], t.rowCount(), name + ": every (row, column) cell exactly once");
            assertEquals(g[2], dashes, name + ": cells printed as '-'");
        }
    }

    /** Each model row's cells, in CSV order, appear verbatim as a line of the paper text (needs ../shared). */
    @Test
    void cellsAppearVerbatimInThePaperText() throws Exception {
        Optional<Path> paper = ProjectPaths.sharedFile("paper/paper-readable.txt");
        assumeTrue(paper.isPresent(), "../shared/paper not available");
        List<String> lines = Files.readAllLines(paper.get());
        int checked = 0;
        for (String name : PaperNumbers.TABLES) {
            int start = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("TABLE " + name + ":")) {
                    start = i;
                    break;
                }
            }
            assertTrue(start >= 0, "Table " + name + " caption not in the paper text");
            List<String> body = new ArrayList<>();
            for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("TABLE ") && !lines.get(i).isBlank(); i++) {
                body.add(lines.get(i).trim());
            }
            // group cells per model row and per printed half (rates 0.1-0.5 / 0.6-1.0)
            Map<String, StringBuilder> rowText = new LinkedHashMap<>();
            for (Row r : PaperNumbers.table(name)) {
                String rate = r.getString("rate");
                String half = rate.isEmpty() ? "" : (Double.parseDouble(rate) <= 0.5 ? "lo" : "hi");
                rowText.computeIfAbsent(key(r, ROW_KEY) + half, k -> new StringBuilder())
                        .append(' ').append(r.getString("printed"));
            }
            for (var e : rowText.entrySet()) {
                String cells = e.getValue().toString();
                long hits = body.stream().filter(l -> l.endsWith(cells) && (" " + l).contains(cells)).count();
                assertTrue(hits >= 1, "Table " + name + " row " + e.getKey() + ": '" + cells.trim()
                        + "' not found in the paper text");
                String model = e.getKey().substring(0, e.getKey().indexOf('|'));
                String firstWord = model.split("[ +]")[0];
                assertTrue(body.stream().anyMatch(l -> l.endsWith(cells) && (l.contains(firstWord)
                                || l.startsWith("w/o") || l.startsWith("Traditional") || l.startsWith("RMM")
                                || l.startsWith("TMFM") || l.startsWith("STMFM"))),
                        "Table " + name + ": row of " + model + " not labelled as such in the paper");
                checked++;
            }
        }
        assertTrue(checked > 200, "checked " + checked + " rows");
    }

    /**
     * The AUILC columns (Tables IV, VII, VIII) equal the trapezoid of the per-rate tables with the rate-0 value
     * from the complete-input tables, up to the paper's rounding to 0.1 (inputs +-0.05 each, output +-0.05).
     */
    @Test
    void auilcColumnsAgreeWithPerRateTables() {
        record Link(String rateTable, String zeroTable, Map<String, String> zeroWhere, String auilcTable,
                    Map<String, String> auilcWhere) {}
        List<Link> links = List.of(
                new Link("XIII", "X", Map.of("dataset", "MOSI"), "IV", Map.of("dataset", "MOSI", "distribution", "IID")),
                new Link("XIV", "X", Map.of("dataset", "MOSEI"), "IV", Map.of("dataset", "MOSEI", "distribution", "IID")),
                new Link("XVII", "IV", Map.of("dataset", "MOSI", "pattern", "none"), "IV",
                        Map.of("dataset", "MOSI", "distribution", "OOD", "pattern", "RMFM")),
                new Link("XVIII", "IV", Map.of("dataset", "MOSEI", "pattern", "none"), "IV",
                        Map.of("dataset", "MOSEI", "distribution", "OOD", "pattern", "RMFM")),
                new Link("XV", "X", Map.of("dataset", "MOSI"), "VIII", Map.of("pattern", "Traditional RMFM")),
                new Link("XVI", "X", Map.of("dataset", "MOSI"), "VIII", Map.of("pattern", "RMM")),
                new Link("XXI", "XI", Map.of("dataset", "MOSI"), "VIII", Map.of("pattern", "TMFM")),
                new Link("XXII", "XI", Map.of("dataset", "MOSI"), "VIII", Map.of("pattern", "STMFM")),
                new Link("XIX", "XII", Map.of("dataset", "MOSI"), "VII", Map.of("dataset", "MOSI")),
                new Link("XX", "XII", Map.of("dataset", "MOSEI"), "VII", Map.of("dataset", "MOSEI")));
        int checked = 0;
        for (Link l : links) {
            Table zero = PaperNumbers.table(l.zeroTable());
            Table auilc = PaperNumbers.table(l.auilcTable());
            for (String model : PaperNumbers.distinct(PaperNumbers.table(l.rateTable()), "model")) {
                boolean hasZero = zero.stringColumn("model").isEqualTo(model)
                        .and(zero.stringColumn("variant").isEqualTo("")).size() > 0;
                if (!hasZero) {
                    continue; // MPLMM: its complete-input rows are per training variant
                }
                for (String metric : List.of("Acc2", "F1", "Acc7")) {
                    double[] v = new double[11];
                    v[0] = PaperNumbers.cell(zero, model, "", metric, l.zeroWhere());
                    System.arraycopy(PaperNumbers.byRate(l.rateTable(), model, "", metric), 0, v, 1, 10);
                    double printed = PaperNumbers.cell(auilc, model, "", metric, l.auilcWhere());
                    double area = Auilc.of(v);
                    assertEquals(printed, area, 0.1 + 1e-9,
                            "Table " + l.auilcTable() + " " + model + " " + metric + " vs Table " + l.rateTable());
                    checked++;
                }
            }
        }
        // every model with an ordinary complete-input row: MPLMM only in XVII/XVIII (Table IV has its OOD row)
        assertEquals(3 * (11 + 11 + 12 + 12 + 9 + 9 + 9 + 9 + 7 + 7), checked);
    }

    @Test
    void curveWithRateZeroGivesThePrintedAuilc() {
        double[] curve = PaperNumbers.curveWithRateZero("XIII", "CIDer", "Acc2");
        Table iv = PaperNumbers.table("IV");
        double printed = PaperNumbers.cell(iv, "CIDer", "", "Acc2", Map.of("dataset", "MOSI", "distribution", "IID"));
        assertEquals(printed, Auilc.of(curve), 0.1);
        assertEquals(PaperNumbers.cell(PaperNumbers.table("X"), "CIDer", "", "Acc2", Map.of("dataset", "MOSI")),
                curve[0], 0.0);
        assertThrows(IllegalArgumentException.class, () -> PaperNumbers.curveWithRateZero("IV", "CIDer", "Acc2"));
        Table side = PaperNumbers.sideBySide("t", List.of("a", "b"), new double[] {1, 2}, new double[] {1.5, 1});
        assertEquals(-1.0, side.doubleColumn("ours_minus_paper").get(1), 0.0);
    }

    @Test
    void loaderRejectsUnknownNames() {
        var e = assertThrows(IllegalArgumentException.class, () -> PaperNumbers.table("XXIII"));
        assertTrue(e.getMessage().contains("XXII"));
        assertEquals("Table IV (paper)", PaperNumbers.table("table iv").name());
        assertThrows(IllegalArgumentException.class, () -> PaperNumbers.referenceMetric("MAE"));
        assertEquals(Metric.NON0_ACC_2, PaperNumbers.referenceMetric("Acc2"));
        assertFalse(PaperNumbers.all().isEmpty());
    }
}
