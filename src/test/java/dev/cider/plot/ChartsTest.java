package dev.cider.plot;

import dev.cider.eval.Auilc;
import dev.cider.eval.PaperNumbers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartsTest {
    @TempDir
    Path dir;

    private static void assertPng(Path p) throws Exception {
        assertTrue(Files.size(p) > 1000, p + " is too small");
        BufferedImage img = ImageIO.read(p.toFile());
        assertEquals(Charts.WIDTH, img.getWidth());
        assertEquals(Charts.HEIGHT, img.getHeight());
    }

    @Test
    void writesNonEmptyPngsAtomically() throws Exception {
        double[] rates = Auilc.standardRates();
        double[] a = new double[11];
        double[] b = new double[11];
        for (int i = 0; i < 11; i++) {
            a[i] = 0.8 - 0.3 * rates[i];
            b[i] = i == 4 ? Double.NaN : 0.75 - 0.2 * rates[i];
        }
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("paper", a);
        s.put("ours (synthetic)", b);
        assertPng(Charts.savePng(Charts.metricVsRate("Acc2 vs rate", "Acc2", rates, s), dir.resolve("a/line.png")));
        assertPng(Charts.savePng(Charts.groupedBars("paper vs ours", "Acc2", List.of("IID", "OOD"),
                Map.of("paper", new double[] {72.1, 65.8}, "ours", new double[] {70.0, Double.NaN})),
                dir.resolve("bars.png")));
        assertPng(Charts.savePng(Charts.heatmap("heat", List.of("0.1", "0.5"), List.of("RMFM", "RMM", "TMFM"),
                new double[][] {{1, 2}, {3, 4}, {5, 6}}), dir.resolve("heat.png")));
        var t = PaperNumbers.table("XIII");
        var cider = t.where(t.stringColumn("metric").isEqualTo("Acc2")
                .and(t.stringColumn("model").isIn("CIDer", "LNLN")));
        assertPng(Charts.savePng(Charts.lines(cider, "rate", "value", "model", "Table XIII Acc2"),
                dir.resolve("table.png")));
        try (Stream<Path> files = Files.walk(dir)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")));
        }
    }

    @Test
    void badInputIsRejected() {
        double[] rates = {0, 0.5, 1};
        assertThrows(IllegalArgumentException.class,
                () -> Charts.metricVsRate("t", "m", rates, Map.of("s", new double[] {1, 2})));
        assertThrows(IllegalArgumentException.class, () -> Charts.metricVsRate("t", "m", rates, Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> Charts.metricVsRate("t", "m", rates, Map.of("s", new double[] {1, Double.POSITIVE_INFINITY, 2})));
        assertThrows(IllegalArgumentException.class,
                () -> Charts.heatmap("h", List.of("a"), List.of("x", "y"), new double[][] {{1}}));
        assertThrows(IllegalArgumentException.class,
                () -> Charts.groupedBars("b", "y", List.of("a", "b"), Map.of("s", new double[] {1})));
        var chart = Charts.metricVsRate("t", "m", rates, Map.of("s", new double[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> Charts.savePng(chart, dir.resolve("x.jpg")));
    }
}
