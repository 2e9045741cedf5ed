package dev.cider.eval;

import com.google.gson.JsonObject;
import dev.cider.Scale;
import dev.cider.util.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultsWriterTest {
    @TempDir
    Path dir;

    private static ResultsWriter sample() {
        var ctx = new ResultsWriter.Context("mosi-synthetic", "binary", "test", "paper", "RMFM", 0.3, 1111,
                DataKind.SYNTHETIC);
        return ResultsWriter.create("unit")
                .add(ctx, "Non0_acc_2", 0.7272727272727273, 0.30000000000000004)
                .add(ctx, "Non0_F1_score", 0.1 + 0.2, 1.0)
                .add(ctx.atRate(Double.NaN), "Acc_3", 1.0 / 3, Double.NaN);
    }

    private List<Path> tempFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    @Test
    void roundTripKeepsEveryValueExactly() throws IOException {
        ResultsWriter w = sample();
        Path csv = w.write(dir.resolve("sub/results.csv"));
        Table t = ResultsWriter.read(csv);
        assertEquals(ResultsWriter.COLUMNS, t.columnNames());
        assertEquals(3, t.rowCount());
        for (int i = 0; i < 3; i++) {
            ResultsWriter.Result r = w.results().get(i);
            assertEquals(r.metric(), t.stringColumn("metric").get(i));
            assertEquals(r.value(), t.doubleColumn("value").get(i), 0.0, "value bits survive the CSV");
            assertEquals(r.context().seed(), t.longColumn("seed").get(i));
            assertEquals("synthetic", t.stringColumn("data_kind").get(i));
        }
        assertEquals(0.30000000000000004, t.doubleColumn("tau").get(0), 0.0);
        assertTrue(t.doubleColumn("rate").isMissing(2));
        assertTrue(t.doubleColumn("tau").isMissing(2));
        assertTrue(tempFiles().isEmpty());
    }

    @Test
    void failingWriteLeavesTheOldFileIntact() throws IOException {
        Path csv = dir.resolve("results.csv");
        sample().write(csv);
        byte[] before = Files.readAllBytes(csv);
        ResultsWriter other = ResultsWriter.create("other").add(new ResultsWriter.Context("d", "seven", "test",
                "clean", "none", 0.0, 1, DataKind.REAL), "Acc_7", 0.5, 0.0);
        // the same composition ResultsWriter.write uses, with a failure after half of the content
        assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(csv, out -> {
            other.writeTo(out);
            throw new IOException("disk full (simulated)");
        }));
        assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(csv));
        assertTrue(tempFiles().isEmpty(), "no temp file left behind");
        // an empty writer refuses to write and leaves the file alone
        assertThrows(IllegalStateException.class, () -> ResultsWriter.create("empty").write(csv));
        assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(csv));
        assertTrue(tempFiles().isEmpty());
    }

    @Test
    void badInputIsRejected() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> new ResultsWriter.Context("d", "binary", "test", "paper",
                "RMFM", 1.5, 1, DataKind.REAL));
        assertThrows(IllegalArgumentException.class, () -> new ResultsWriter.Context("d", "binary", "test", "paper",
                "RMFM", 0.5, 1, null));
        assertThrows(IllegalArgumentException.class, () -> new ResultsWriter.Context("", "binary", "test", "paper",
                "RMFM", 0.5, 1, DataKind.REAL));
        var ctx = new ResultsWriter.Context("d", "binary", "test", "paper", "RMFM", 0.5, 1, DataKind.REAL);
        assertThrows(IllegalArgumentException.class, () -> ResultsWriter.create("x").add(ctx, "Acc_3", Double.NaN, 0));
        var dup = assertThrows(IllegalArgumentException.class,
                () -> ResultsWriter.create("x").add(ctx, "Acc_3", 0.1, 0).add(ctx, "Acc_3", 0.2, 0));
        assertTrue(dup.getMessage().contains("duplicate"));

        Path missingCol = dir.resolve("missing.csv");
        Files.writeString(missingCol, "experiment,dataset,value\nx,d,0.5\n");
        var e = assertThrows(IllegalArgumentException.class, () -> ResultsWriter.read(missingCol));
        assertTrue(e.getMessage().contains("missing column") && e.getMessage().contains("data_kind"), e.getMessage());

        Path csv = sample().write(dir.resolve("ok.csv"));
        String text = Files.readString(csv);
        Path badKind = dir.resolve("kind.csv");
        Files.writeString(badKind, text.replace(",synthetic", ",made-up"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ResultsWriter.read(badKind)).getMessage()
                .contains("data_kind"));
        Path badValue = dir.resolve("value.csv");
        Files.writeString(badValue, text.replace("0.7272727272727273", "abc"));
        assertThrows(IllegalArgumentException.class, () -> ResultsWriter.read(badValue));
        Path badRate = dir.resolve("rate.csv");
        Files.writeString(badRate, text.replace(",0.3,", ",3.0,"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ResultsWriter.read(badRate)).getMessage()
                .contains("rate"));
        assertThrows(IllegalArgumentException.class, () -> ResultsWriter.read(dir.resolve("nope.csv")));
    }

    @Test
    void manifestRecordsProvenance() throws IOException {
        Path data = dir.resolve("data.bin");
        Files.write(data, new byte[] {1, 2, 3});
        Path csv = sample().write(dir.resolve("r.csv"));
        Path json = dir.resolve("r.manifest.json");
        Manifest.start("unit").config(Map.of("epochs", 2, "lr", 1e-3)).seeds(1111, 1112).scale(Scale.SMOKE)
                .dataFiles(DataKind.SYNTHETIC, "unit-test bytes", List.of(data)).probeEngine(false)
                .addResultsFile(csv).write(json);
        JsonObject m = Manifest.read(json);
        assertEquals("unit", m.get("experiment").getAsString());
        assertEquals("smoke", m.get("scale").getAsString());
        assertEquals(2, m.getAsJsonArray("seeds").size());
        assertEquals(2, m.getAsJsonObject("config").get("epochs").getAsInt());
        assertEquals(Provenance.sha256(data), m.getAsJsonObject("data").getAsJsonObject("sha256")
                .get(data.toString()).getAsString());
        // sha256 of bytes {1,2,3}: independent check via MessageDigest
        assertEquals(64, Provenance.sha256(data).length());
        assertEquals("synthetic", m.getAsJsonObject("data").get("data_kind").getAsString());
        assertTrue(m.get("wall_time_s").getAsDouble() >= 0);
        JsonObject libs = m.getAsJsonObject("libraries");
        assertEquals("0.43.1", libs.get("tablesaw").getAsString());
        assertEquals("3.8.8", libs.get("xchart").getAsString());
        assertTrue(libs.get("djl").getAsString().startsWith("0.32"), libs.toString());
        assertTrue(m.has("git"));
        assertTrue(tempFiles().isEmpty());

        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"experiment\": \"x\"}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Manifest.read(broken)).getMessage()
                .contains("lacks"));
        Files.writeString(broken, "{not json");
        assertThrows(IllegalArgumentException.class, () -> Manifest.read(broken));
        assertThrows(IllegalStateException.class, () -> Manifest.start("nodata").probeEngine(false).toJson());
        assertThrows(IllegalArgumentException.class,
                () -> Manifest.start("x").dataFiles(DataKind.REAL, "s", List.of(dir.resolve("absent"))));
        assertFalse(Files.exists(dir.resolve("absent")));
    }
}
