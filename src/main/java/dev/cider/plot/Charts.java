package dev.cider.plot;

import dev.cider.util.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * General XChart helpers for the study (headless): metric-vs-missing-rate line charts with several series
 * (e.g. paper vs ours, or protocols), grouped bar charts (e.g. paper vs ours per table row), a simple
 * heatmap, and atomic PNG export. In a notebook show a chart with
 * {@code display(BitmapEncoder.getBufferedImage(chart))}.
 */
public final class Charts {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Charts() {}

    /** Default chart width in pixels. */
    public static final int WIDTH = 720;
    /** Default chart height in pixels. */
    public static final int HEIGHT = 440;

    /**
     * Line chart of a metric against the missing rate, one line (with markers) per series.
     *
     * @param rates  x values (e.g. 0.0..1.0), shared by every series
     * @param series name &rarr; y values (same length as {@code rates}); NaN marks a missing point
     * @throws IllegalArgumentException on empty input, length mismatch or infinite values
     */
    public static XYChart metricVsRate(String title, String metric, double[] rates, Map<String, double[]> series) {
        requireNonEmpty(series, "series");
        checkFinite("rates", rates, false);
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("missing rate").yAxisTitle(metric).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisDecimalPattern("0.0");
        for (var e : series.entrySet()) {
            double[] y = e.getValue();
            if (y == null || y.length != rates.length) {
                throw new IllegalArgumentException("series '" + e.getKey() + "' has " + (y == null ? 0 : y.length)
                        + " values for " + rates.length + " rates");
            }
            checkFinite("series '" + e.getKey() + "'", y, true);
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < y.length; i++) {
                if (!Double.isNaN(y[i])) {
                    xs.add(rates[i]);
                    ys.add(y[i]);
                }
            }
            if (xs.isEmpty()) {
                throw new IllegalArgumentException("series '" + e.getKey() + "' has no finite value");
            }
            XYSeries s = chart.addSeries(e.getKey(), xs, ys);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    /**
     * Line chart from a tidy table: x from {@code xColumn} (numeric or numeric text), y from {@code yColumn},
     * one series per distinct value of {@code seriesColumn}; rows with a missing y are skipped.
     */
    public static XYChart lines(Table t, String xColumn, String yColumn, String seriesColumn, String title) {
        Map<String, TreeMap<Double, Double>> bySeries = new LinkedHashMap<>();
        for (Row r : t) {
            String name = r.getObject(seriesColumn).toString();
            Object xo = r.getObject(xColumn);
            Object yo = r.getObject(yColumn);
            if (xo == null || yo == null || xo.toString().isEmpty()) continue;
            double x = Double.parseDouble(xo.toString());
            double y = ((Number) yo).doubleValue();
            if (Double.isNaN(y)) continue;
            if (bySeries.computeIfAbsent(name, k -> new TreeMap<>()).put(x, y) != null) {
                throw new IllegalArgumentException("table '" + t.name() + "': two rows for series '" + name + "' at "
                        + xColumn + " = " + x + "; filter the table first");
            }
        }
        requireNonEmpty(bySeries, "rows of table '" + t.name() + "'");
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xColumn).yAxisTitle(yColumn).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        for (var e : bySeries.entrySet()) {
            XYSeries s = chart.addSeries(e.getKey(), new ArrayList<>(e.getValue().keySet()),
                    new ArrayList<>(e.getValue().values()));
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    /**
     * Grouped bar chart: one group per category (e.g. table row or metric), one bar per series (e.g. "paper",
     * "ours").
     */
    public static CategoryChart groupedBars(String title, String yTitle, List<String> categories,
                                            Map<String, double[]> series) {
        requireNonEmpty(series, "series");
        if (categories == null || categories.isEmpty()) {
            throw new IllegalArgumentException("grouped bar chart needs at least one category");
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("").yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setOverlapped(false);
        for (var e : series.entrySet()) {
            double[] y = e.getValue();
            if (y == null || y.length != categories.size()) {
                throw new IllegalArgumentException("series '" + e.getKey() + "' has " + (y == null ? 0 : y.length)
                        + " values for " + categories.size() + " categories");
            }
            checkFinite("series '" + e.getKey() + "'", y, true);
            List<Double> ys = new ArrayList<>();
            for (double v : y) ys.add(Double.isNaN(v) ? 0.0 : v);
            chart.addSeries(e.getKey(), new ArrayList<>(categories), ys);
        }
        return chart;
    }

    /**
     * Heatmap of {@code values[row][col]} with labelled axes and the values printed in the cells
     * (e.g. metric over missing pattern &times; rate). Row 0 is drawn at the bottom, as XChart does.
     */
    public static HeatMapChart heatmap(String title, List<String> columns, List<String> rows, double[][] values) {
        if (columns == null || rows == null || columns.isEmpty() || rows.isEmpty()) {
            throw new IllegalArgumentException("heatmap needs at least one row and one column label");
        }
        if (values == null || values.length != rows.size()) {
            throw new IllegalArgumentException("heatmap has " + rows.size() + " row labels but "
                    + (values == null ? 0 : values.length) + " value rows");
        }
        List<Number[]> cells = new ArrayList<>();
        for (int r = 0; r < values.length; r++) {
            if (values[r] == null || values[r].length != columns.size()) {
                throw new IllegalArgumentException("heatmap row " + r + " ('" + rows.get(r) + "') has "
                        + (values[r] == null ? 0 : values[r].length) + " values for " + columns.size() + " columns");
            }
            checkFinite("heatmap row '" + rows.get(r) + "'", values[r], false);
            for (int c = 0; c < values[r].length; c++) {
                cells.add(new Number[] {c, r, values[r][c]});
            }
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT).title(title).build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setLegendVisible(true);
        chart.addSeries(title, new ArrayList<>(columns), new ArrayList<>(rows), cells);
        return chart;
    }

    /**
     * Renders a chart to PNG atomically (temp file, then rename); creates parent folders.
     *
     * @return {@code path}
     */
    public static Path savePng(Chart<?, ?> chart, Path path) {
        if (!path.getFileName().toString().toLowerCase().endsWith(".png")) {
            throw new IllegalArgumentException("PNG path must end with .png: " + path);
        }
        BufferedImage img = BitmapEncoder.getBufferedImage(chart);
        AtomicFiles.write(path, out -> {
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
        return path;
    }

    private static void requireNonEmpty(Map<?, ?> m, String what) {
        if (m == null || m.isEmpty()) {
            throw new IllegalArgumentException("chart needs at least one entry in " + what);
        }
    }

    private static void checkFinite(String what, double[] v, boolean allowNaN) {
        if (v == null || v.length == 0) {
            throw new IllegalArgumentException(what + " is empty");
        }
        for (int i = 0; i < v.length; i++) {
            if (Double.isInfinite(v[i]) || (!allowNaN && Double.isNaN(v[i]))) {
                throw new IllegalArgumentException(what + "[" + i + "] is not finite: " + v[i]
                        + " (all: " + Arrays.toString(v) + ")");
            }
        }
    }
}
