package dev.cider.missing;

import dev.cider.data.DatasetDims;
import dev.cider.data.Sample;
import dev.cider.plot.MissingCharts;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

import java.awt.Point;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The pictures show what the views contain: pixel colours at cells, chart series. */
class MissingChartsTest {

    private static final Sample UN = SyntheticSamples.sample(DatasetDims.MOSI_UNALIGNED, 30, 5L);
    private static final double[] RATES = {0.1, 0.3, 0.5, 0.9};

    private static int rgb(BufferedImage img, Point p) {
        return img.getRGB(p.x, p.y) & 0xFFFFFF;
    }

    @Test
    void patternPictureColoursEveryCellByItsState() {
        MissingPattern p = ProposedRmfm.builder().build();
        BufferedImage img = MissingCharts.patternPicture(p, UN, RATES, 11L);
        assertTrue(img.getWidth() > 600 && img.getHeight() > 4 * 40);
        for (int i = 0; i < RATES.length; i++) {
            MissingView v = p.apply(UN, RATES[i], 11L);
            for (Modality m : Modality.values()) {
                float[] mask = v.mask(m);
                // text: every token; audio/vision: every 7th frame (cells are ~1 px wide)
                int step = m == Modality.TEXT ? 1 : 7;
                for (int t = 0; t < mask.length; t += step) {
                    int expected;
                    if (mask[t] < 0.5f) {
                        expected = MissingCharts.PADDING.getRGB();
                    } else if (v.isDropped(m, t)) {
                        expected = MissingCharts.DROPPED.getRGB();
                    } else if (m == Modality.TEXT && (t == 0 || t == 29)) {
                        expected = MissingCharts.SPECIAL.getRGB();
                    } else {
                        expected = MissingCharts.PRESENT.getRGB();
                    }
                    assertEquals(expected & 0xFFFFFF, rgb(img, MissingCharts.cellCenter(i, m, mask.length, t)),
                            "rate " + RATES[i] + " " + m + " t=" + t);
                }
            }
        }
    }

    @Test
    void firstDropPictureMarksNeverDroppedAndPaddingCells() {
        MissingPattern p = ProposedRmfm.builder().build();
        double[] grid = MissingRates.grid(10);
        BufferedImage img = MissingCharts.firstDropPicture(p, UN, grid, 3L);
        MissingView atOne = p.apply(UN, 1.0, 3L);
        // at rate 1 every droppable cell is dropped: text [CLS] is "never", text padding is padding
        assertEquals(MissingCharts.PRESENT.getRGB() & 0xFFFFFF, rgb(img, MissingCharts.cellCenter(0, Modality.TEXT, 50, 0)));
        assertEquals(MissingCharts.PADDING.getRGB() & 0xFFFFFF, rgb(img, MissingCharts.cellCenter(0, Modality.TEXT, 50, 40)));
        assertTrue(atOne.isDropped(Modality.TEXT, 1));
        int c = rgb(img, MissingCharts.cellCenter(0, Modality.TEXT, 50, 1));
        assertNotEquals(MissingCharts.PRESENT.getRGB() & 0xFFFFFF, c);
        assertNotEquals(MissingCharts.PADDING.getRGB() & 0xFFFFFF, c);
        assertThrows(IllegalArgumentException.class,
                () -> MissingCharts.firstDropPicture(p, UN, new double[] {0.5, 0.3}, 3L));
    }

    @Test
    void dropFractionChartHasOneSeriesPerModalityPlusTheDiagonal() throws Exception {
        List<Sample> samples = SyntheticSamples.split(DatasetDims.MOSI_UNALIGNED, 20, 1L);
        XYChart chart = MissingCharts.dropFractionChart(ProposedRmfm.builder().build(), samples,
                MissingRates.grid(5), 1111L, "synthetic MOSI-shaped data");
        assertEquals(List.of("y = r", "Text", "Audio", "Vision"), List.copyOf(chart.getSeriesMap().keySet()));
        double[] audio = chart.getSeriesMap().get("Audio").getYData();
        assertEquals(0.0, audio[0]);
        assertEquals(1.0, audio[5]);
        BufferedImage png = BitmapEncoder.getBufferedImage(chart);
        assertEquals(640, png.getWidth());
        Path out = Path.of("target", "missing-charts");
        Files.createDirectories(out);
        BitmapEncoder.saveBitmap(chart, out.resolve("drop-fraction").toString(), BitmapEncoder.BitmapFormat.PNG);
        javax.imageio.ImageIO.write(MissingCharts.patternPicture(ProposedRmfm.builder().build(), UN, RATES, 11L),
                "png", out.resolve("rmfm.png").toFile());
        assertTrue(Files.size(out.resolve("rmfm.png")) > 1000);
    }

    @Test
    void perSampleHistogramCountsEverySample() {
        double[] f = {0.0, 0.05, 0.5, 0.51, 0.99, 1.0, Double.NaN};
        org.knowm.xchart.CategoryChart chart = MissingCharts.perSampleHistogram("h", java.util.Map.of("x", f), 10);
        List<? extends Number> counts = List.copyOf(chart.getSeriesMap().get("x").getYData());
        assertEquals(10, counts.size());
        assertEquals(2.0, counts.get(0).doubleValue());
        assertEquals(2.0, counts.get(5).doubleValue());
        assertEquals(2.0, counts.get(9).doubleValue());
        assertEquals(6.0, counts.stream().mapToDouble(Number::doubleValue).sum(), "NaN skipped");
        assertThrows(IllegalArgumentException.class, () -> MissingCharts.perSampleHistogram("h", java.util.Map.of(), 0));
    }
}
