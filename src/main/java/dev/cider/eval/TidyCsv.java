package dev.cider.eval;

import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reading tidy CSVs into Tablesaw with fixed column types and validation, shared by {@link ResultsWriter}
 * and {@link PaperNumbers}. Only the empty string counts as missing (so a printed "-" or a model called
 * "NA" stays text).
 */
public final class TidyCsv {
    private TidyCsv() {}

    /**
     * Reads {@code file}; {@code types} fixes the type of named columns (others are STRING); every column in
     * {@code required} must be present, and every required non-STRING column must parse.
     *
     * @throws IllegalArgumentException naming the file when it is missing, empty, lacks columns or has cells
     *     that do not parse
     */
    public static Table read(Path file, Map<String, ColumnType> types, Set<String> required) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("results file not found: " + file);
        }
        List<String> header;
        try (var lines = Files.lines(file)) {
            header = lines.findFirst().map(TidyCsv::splitHeader).orElse(List.of());
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException(file + ": not readable: " + e.getMessage(), e);
        }
        if (header.isEmpty()) {
            throw new IllegalArgumentException(file + ": empty file (no header line)");
        }
        List<String> missing = new ArrayList<>();
        for (String r : required) {
            if (!header.contains(r)) {
                missing.add(r);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(file + ": missing column(s) " + missing + "; found " + header);
        }
        try {
            return Table.read().usingOptions(CsvReadOptions.builder(file.toFile())
                    .tableName(file.getFileName().toString())
                    .missingValueIndicator("")
                    .columnTypes(name -> types.getOrDefault(name, ColumnType.STRING)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": malformed CSV (" + e.getMessage() + ")", e);
        }
    }

    private static List<String> splitHeader(String line) {
        List<String> out = new ArrayList<>();
        for (String s : line.split(",", -1)) {
            String t = s.trim();
            if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
                t = t.substring(1, t.length() - 1);
            }
            if (t.startsWith("\uFEFF")) {
                t = t.substring(1);
            }
            out.add(t);
        }
        return out;
    }
}
