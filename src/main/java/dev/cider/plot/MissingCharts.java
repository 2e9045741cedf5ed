package dev.cider.plot;

import dev.cider.data.Sample;
import dev.cider.missing.MissingPattern;
import dev.cider.missing.MissingStats;
import dev.cider.missing.MissingView;
import dev.cider.missing.Modality;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Point;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * Pictures of the missing patterns (the idea of the paper's Fig. 1): modality x time maps of one
 * sample at several rates, a "first rate at which each position drops" map that shows the nesting of
 * masks across rates, and XChart line charts of the measured drop fraction against the rate.
 *
 * <p>In the maps every modality is stretched to the same width (MOSI unaligned: 50 text tokens, 375
 * audio frames, 500 vision frames), so a column is a relative time, not an aligned time step.
 */
public final class MissingCharts {
    private MissingCharts() {}

    /** Colour of a present (kept) valid position. */
    public static final Color PRESENT = new Color(70, 130, 180);
    /** Colour of a dropped position ([UNK] token or zero frame). */
    public static final Color DROPPED = new Color(230, 85, 13);
    /** Colour of padding (never touched). */
    public static final Color PADDING = new Color(228, 228, 228);
    /** Colour of [CLS]/[SEP] (protected, always present). */
    public static final Color SPECIAL = new Color(20, 40, 95);

    static final int LEFT = 110;
    static final int STRIP = 640;
    static final int BAND = 14;
    static final int BAND_GAP = 2;
    static final int PANEL_GAP = 12;
    static final int TOP = 34;
    static final int LEGEND = 34;

    private static int panelHeight() {
        return 3 * BAND + 2 * BAND_GAP;
    }

    /**
     * Pixel centre of time step {@code t} of a modality with {@code frames} steps in panel {@code panel}
     * (0 = first rate) of a picture made by {@link #patternPicture} or {@link #firstDropPicture}.
     */
    public static Point cellCenter(int panel, Modality m, int frames, int t) {
        int x0 = LEFT + (int) ((long) t * STRIP / frames);
        int x1 = Math.max(x0 + 1, LEFT + (int) ((long) (t + 1) * STRIP / frames));
        int y0 = TOP + panel * (panelHeight() + PANEL_GAP) + m.ordinal() * (BAND + BAND_GAP);
        return new Point((x0 + x1 - 1) / 2, y0 + BAND / 2);
    }

    /**
     * One sample under one pattern at several rates: a panel per rate, rows L / A / V, columns time;
     * present, dropped, padding and [CLS]/[SEP] in four colours. All rates use the same seed, so the
     * panels show the nesting (what is orange at r stays orange at every larger r).
     */
    public static BufferedImage patternPicture(MissingPattern pattern, Sample sample, double[] rates, long seed) {
        if (rates.length == 0) {
            throw new IllegalArgumentException("patternPicture needs at least one rate");
        }
        MissingView[] views = new MissingView[rates.length];
        for (int i = 0; i < rates.length; i++) {
            views[i] = pattern.apply(sample, rates[i], seed);
        }
        int h = TOP + rates.length * (panelHeight() + PANEL_GAP) + LEGEND;
        BufferedImage img = canvas(h);
        Graphics2D g = graphics(img);
        title(g, pattern.label() + " (" + pattern.name() + ") - " + sample.id() + ", seed " + seed);
        for (int i = 0; i < rates.length; i++) {
            MissingView v = views[i];
            panelLabel(g, i, String.format(Locale.ROOT, "r = %.2f", rates[i]));
            for (Modality m : Modality.values()) {
                float[] mask = v.mask(m);
                int textLen = v.validCount(Modality.TEXT);
                for (int t = 0; t < mask.length; t++) {
                    Color c;
                    if (mask[t] < 0.5f) {
                        c = PADDING;
                    } else if (v.isDropped(m, t)) {
                        c = DROPPED;
                    } else if (m == Modality.TEXT && (t == 0 || t == textLen - 1)) {
                        c = SPECIAL;
                    } else {
                        c = PRESENT;
                    }
                    cell(g, i, m, mask.length, t, c);
                }
            }
        }
        legend(g, h, new Color[] {PRESENT, DROPPED, PADDING, SPECIAL},
                new String[] {"present", "dropped ([UNK] / zero frame)", "padding", "[CLS]/[SEP]"});
        g.dispose();
        return img;
    }

    /**
     * For one sample and one pattern, the smallest rate of {@code rates} (increasing) at which each
     * position is dropped, as a colour from light yellow (dropped already at the first rate) through
     * orange and red to purple (only at the last); blue = never dropped on the grid. Because the masks are nested, this one
     * map determines the masks at every rate of the grid: at rate r exactly the cells coloured for a rate
     * &lt;= r are dropped.
     */
    public static BufferedImage firstDropPicture(MissingPattern pattern, Sample sample, double[] rates, long seed) {
        int n = rates.length;
        if (n == 0) {
            throw new IllegalArgumentException("firstDropPicture needs at least one rate");
        }
        MissingView[] views = new MissingView[n];
        for (int i = 0; i < n; i++) {
            views[i] = pattern.apply(sample, rates[i], seed);
            if (i > 0 && !(rates[i] > rates[i - 1])) {
                throw new IllegalArgumentException("rates must increase: " + rates[i - 1] + " then " + rates[i]);
            }
        }
        int h = TOP + (panelHeight() + PANEL_GAP) + LEGEND;
        BufferedImage img = canvas(h);
        Graphics2D g = graphics(img);
        title(g, "First rate at which each position drops - " + pattern.name() + ", " + sample.id() + ", seed " + seed);
        for (Modality m : Modality.values()) {
            float[] mask = views[0].mask(m);
            for (int t = 0; t < mask.length; t++) {
                Color c = PRESENT;
                if (mask[t] < 0.5f) {
                    c = PADDING;
                } else {
                    for (int i = 0; i < n; i++) {
                        if (views[i].isDropped(m, t)) {
                            c = ramp(n == 1 ? 0.0 : (double) i / (n - 1));
                            break;
                        }
                    }
                }
                cell(g, 0, m, mask.length, t, c);
            }
        }
        panelLabel(g, 0, "");
        // colour ramp legend
        int y = h - LEGEND - 4;
        g.setColor(Color.DARK_GRAY);
        g.drawString(String.format(Locale.ROOT, "first dropped at r = %.2f", rates[0]), LEFT - 60, y + 22);
        int rampW = 200;
        int rx = LEFT + 150;
        for (int x = 0; x < rampW; x++) {
            g.setColor(ramp((double) x / (rampW - 1)));
            g.fillRect(rx + x, y + 12, 1, 12);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString(String.format(Locale.ROOT, "... r = %.2f", rates[n - 1]), rx + rampW + 8, y + 22);
        g.setColor(PRESENT);
        g.fillRect(rx + rampW + 110, y + 12, 12, 12);
        g.setColor(Color.DARK_GRAY);
        g.drawString("never", rx + rampW + 126, y + 22);
        g.dispose();
        return img;
    }

    /**
     * Measured drop fraction (text over droppable tokens, audio/vision over valid frames) against the
     * rate, for one pattern over {@code samples} (seeded per sample from {@code splitSeed}), with the
     * line y = r for reference.
     */
    public static XYChart dropFractionChart(MissingPattern pattern, List<Sample> samples, double[] rates,
                                            long splitSeed, String dataLabel) {
        double[][] curves = MissingStats.dropFractionCurves(pattern, samples, rates, splitSeed);
        return dropFractionChart(pattern.name() + " on " + samples.size() + " samples of " + dataLabel, rates, curves);
    }

    /** Line chart of drop-fraction curves: {@code curves[modality.ordinal()][rate index]}. */
    public static XYChart dropFractionChart(String title, double[] rates, double[][] curves) {
        if (curves.length != 3) {
            throw new IllegalArgumentException("need 3 curves (text, audio, vision), got " + curves.length);
        }
        XYChart chart = new XYChartBuilder().width(640).height(400).title(title)
                .xAxisTitle("missing rate r").yAxisTitle("measured drop fraction").build();
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setXAxisMin(0.0).setXAxisMax(1.0)
                .setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        XYSeries diag = chart.addSeries("y = r", new double[] {0, 1}, new double[] {0, 1});
        diag.setMarker(SeriesMarkers.NONE);
        diag.setLineColor(Color.GRAY);
        diag.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
        Color[] colors = {new Color(31, 119, 180), new Color(44, 160, 44), new Color(214, 39, 40)};
        for (Modality m : Modality.values()) {
            double[] y = curves[m.ordinal()];
            if (y.length != rates.length) {
                throw new IllegalArgumentException(m + " curve has " + y.length + " points for " + rates.length + " rates");
            }
            XYSeries s = chart.addSeries(m.title(), rates, y);
            s.setLineColor(colors[m.ordinal()]);
            s.setMarkerColor(colors[m.ordinal()]);
        }
        return chart;
    }

    /**
     * Histogram of per-sample drop fractions (values in [0, 1]; NaN skipped), one series per entry, e.g.
     * the two training-time generators of {@link dev.cider.missing.TrainingMissing}.
     */
    public static CategoryChart perSampleHistogram(String title, Map<String, double[]> fractions, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1, got " + bins);
        }
        CategoryChart chart = new CategoryChartBuilder().width(640).height(400).title(title)
                .xAxisTitle("per-sample drop fraction").yAxisTitle("samples").build();
        chart.getStyler().setOverlapped(true).setXAxisDecimalPattern("0.00")
                .setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideN);
        List<Double> centres = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            centres.add((b + 0.5) / bins);
        }
        for (Map.Entry<String, double[]> e : fractions.entrySet()) {
            List<Double> counts = new ArrayList<>();
            double[] c = new double[bins];
            for (double f : e.getValue()) {
                if (!Double.isNaN(f)) {
                    c[Math.min(bins - 1, Math.max(0, (int) (f * bins)))]++;
                }
            }
            for (double x : c) {
                counts.add(x);
            }
            chart.addSeries(e.getKey(), centres, counts);
        }
        return chart;
    }

    // ---------------------------------------------------------------- drawing helpers

    private static BufferedImage canvas(int h) {
        BufferedImage img = new BufferedImage(LEFT + STRIP + 20, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.dispose();
        return img;
    }

    private static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        return g;
    }

    private static void title(Graphics2D g, String text) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(text, 8, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    }

    private static void panelLabel(Graphics2D g, int panel, String text) {
        int y0 = TOP + panel * (panelHeight() + PANEL_GAP);
        g.setColor(Color.BLACK);
        g.drawString(text, 8, y0 + panelHeight() / 2 + 5);
        for (Modality m : Modality.values()) {
            g.setColor(Color.DARK_GRAY);
            g.drawString(m.letter(), LEFT - 16, y0 + m.ordinal() * (BAND + BAND_GAP) + BAND - 2);
        }
    }

    private static void cell(Graphics2D g, int panel, Modality m, int frames, int t, Color c) {
        int x0 = LEFT + (int) ((long) t * STRIP / frames);
        int x1 = Math.max(x0 + 1, LEFT + (int) ((long) (t + 1) * STRIP / frames));
        int y0 = TOP + panel * (panelHeight() + PANEL_GAP) + m.ordinal() * (BAND + BAND_GAP);
        g.setColor(c);
        g.fillRect(x0, y0, x1 - x0, BAND);
        if (frames <= 100 && x1 - x0 >= 4) {
            g.setColor(Color.WHITE);
            g.drawLine(x1 - 1, y0, x1 - 1, y0 + BAND - 1);
        }
    }

    private static void legend(Graphics2D g, int h, Color[] colors, String[] names) {
        int x = LEFT;
        int y = h - LEGEND + 10;
        for (int i = 0; i < colors.length; i++) {
            g.setColor(colors[i]);
            g.fillRect(x, y, 12, 12);
            g.setColor(Color.DARK_GRAY);
            g.drawString(names[i], x + 16, y + 11);
            x += 24 + g.getFontMetrics().stringWidth(names[i]);
        }
    }

    /** Light yellow (0) through orange and red to purple (1), an inferno-like ramp without blue. */
    static Color ramp(double f) {
        double[][] stops = {{252, 255, 164}, {250, 193, 39}, {245, 125, 21}, {212, 72, 66}, {159, 42, 99}, {101, 21, 110}};
        double p = Math.max(0, Math.min(1, f)) * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) p);
        double w = p - i;
        return new Color((int) Math.round(stops[i][0] * (1 - w) + stops[i + 1][0] * w),
                (int) Math.round(stops[i][1] * (1 - w) + stops[i + 1][1] * w),
                (int) Math.round(stops[i][2] * (1 - w) + stops[i + 1][2] * w));
    }
}
