package dev.cider.plot;

import dev.cider.data.MultimodalData;
import dev.cider.data.OodRepartition;
import dev.cider.data.Sample;
import dev.cider.data.SyntheticCider;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Charts (XChart) and tables (Tablesaw) of notebook 01 (data): the sample schema, the synthetic
 * generator's planted mechanisms, the MOSI transcripts and the OOD repartition. Every title of
 * synthetic data carries the dataset's label, which says SYNTHETIC.
 */
public final class DataCharts {
    private DataCharts() {}

    private static final int W = 640;
    private static final int H = 400;

    /** One row per field of a sample: name, shape and a short example value. */
    public static Table schema(Sample s) {
        StringColumn field = StringColumn.create("field");
        StringColumn shape = StringColumn.create("shape");
        StringColumn example = StringColumn.create("example");
        add(field, shape, example, "id", "string", s.id());
        add(field, shape, example, "raw text", "string", s.rawText());
        add(field, shape, example, "input ids", "int[" + s.textFrames() + "]", head(s.inputIds(), 12));
        add(field, shape, example, "attention mask", "int[" + s.textFrames() + "]", head(s.attentionMask(), 12)
                + " (" + s.textLength() + " valid)");
        add(field, shape, example, "segment ids", "int[" + s.textFrames() + "]", head(s.segmentIds(), 6));
        add(field, shape, example, "audio", s.audioFrames() + " x " + s.audioDim(), "valid frames " + s.audioLength()
                + ", frame 0 = " + frame(s.audio(), s.audioDim(), 0));
        add(field, shape, example, "vision", s.visionFrames() + " x " + s.visionDim(), "valid frames " + s.visionLength()
                + ", frame 0 = " + frame(s.vision(), s.visionDim(), 0));
        add(field, shape, example, "regression", "float in [-3, 3]", String.valueOf(s.regression()));
        add(field, shape, example, "label3", "0 neg / 1 neu / 2 pos", String.valueOf(s.label3()));
        add(field, shape, example, "label7", "rint(clip(y)) + 3", String.valueOf(s.label7()));
        return Table.create("Sample schema", field, shape, example);
    }

    private static void add(StringColumn a, StringColumn b, StringColumn c, String x, String y, String z) {
        a.append(x);
        b.append(y);
        c.append(z);
    }

    private static String head(int[] a, int k) {
        String s = Arrays.toString(Arrays.copyOf(a, Math.min(k, a.length)));
        return a.length > k ? s.substring(0, s.length() - 1) + ", ...]" : s;
    }

    private static String frame(float[] x, int d, int t) {
        StringBuilder b = new StringBuilder("[");
        for (int k = 0; k < Math.min(d, 5); k++) {
            b.append(k > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.2f", x[t * d + k]));
        }
        return b.append(d > 5 ? ", ...]" : "]").toString();
    }

    /** Split sizes and class counts (negative / neutral / positive) of every split. */
    public static Table splitSummary(MultimodalData data) {
        StringColumn split = StringColumn.create("split");
        IntColumn n = IntColumn.create("samples");
        IntColumn neg = IntColumn.create("negative");
        IntColumn neu = IntColumn.create("neutral");
        IntColumn pos = IntColumn.create("positive");
        DoubleColumn words = DoubleColumn.create("mean words");
        for (Map.Entry<String, List<Sample>> e : data.splits().entrySet()) {
            int[] c = classCounts(e.getValue());
            split.append(e.getKey());
            n.append(e.getValue().size());
            neg.append(c[0]);
            neu.append(c[1]);
            pos.append(c[2]);
            words.append(round(e.getValue().stream().mapToInt(s -> s.textLength() - 2).average().orElse(0)));
        }
        return Table.create(data.label(), split, n, neg, neu, pos, words);
    }

    /** 3-class counts of samples. */
    public static int[] classCounts(List<Sample> samples) {
        int[] c = new int[3];
        for (Sample s : samples) {
            c[s.label3()]++;
        }
        return c;
    }

    /** Scatter of the regression label against the mean audio and vision cue of each sample (synthetic data). */
    public static XYChart labelVsCues(MultimodalData data, String split) {
        List<Sample> samples = data.split(split);
        XYChart chart = new XYChartBuilder().width(W).height(H)
                .title("Label vs cue, " + data.label() + ", " + split)
                .xAxisTitle("mean projection of valid frames on the cue direction").yAxisTitle("regression label").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(4);
        double[] y = samples.stream().mapToDouble(Sample::regression).toArray();
        chart.addSeries("audio cue", samples.stream().mapToDouble(SyntheticCider::audioCue).toArray(), y);
        chart.addSeries("vision cue", samples.stream().mapToDouble(SyntheticCider::visionCue).toArray(), y);
        return chart;
    }

    /**
     * For each synthetic bias word, the share of positive samples among the non-neutral samples that
     * contain it, in each of the given splits: the planted language bias and its flip.
     */
    public static CategoryChart biasWordShift(MultimodalData data, String... splits) {
        List<String> words = new ArrayList<>(SyntheticCider.BIAS_POSITIVE_WORDS);
        words.addAll(SyntheticCider.BIAS_NEGATIVE_WORDS);
        CategoryChart chart = new CategoryChartBuilder().width(W + 160).height(H)
                .title("Bias words: P(positive | word), " + data.label())
                .xAxisTitle("bias word (first six: 'positive' group in training)").yAxisTitle("share of positive samples").build();
        for (String split : splits) {
            List<Double> share = new ArrayList<>();
            for (String w : words) {
                share.add(positiveShare(data.split(split), w));
            }
            chart.addSeries(split, words, share);
        }
        return chart;
    }

    /** Share of positive samples among the non-neutral samples whose raw text contains {@code word} (NaN if none). */
    public static double positiveShare(List<Sample> samples, String word) {
        int pos = 0;
        int total = 0;
        for (Sample s : samples) {
            if (s.label3() == 1 || s.rawText() == null) {
                continue;
            }
            if (Arrays.asList(s.rawText().split(" ")).contains(word)) {
                total++;
                pos += s.label3() == 2 ? 1 : 0;
            }
        }
        return total == 0 ? Double.NaN : pos / (double) total;
    }

    /** Histogram of the number of words per utterance (valid tokens minus [CLS] and [SEP], or the raw text's words). */
    public static CategoryChart lengthHistogram(MultimodalData data, String split, boolean rawWords) {
        List<Sample> samples = data.split(split);
        int[] len = samples.stream().mapToInt(s -> rawWords ? OodRepartition.words(s.rawText()).size() : s.textLength() - 2).toArray();
        return histogram("Words per utterance, " + data.label() + ", " + split, rawWords ? "words in the raw text"
                : "BERT tokens without [CLS]/[SEP]", Arrays.stream(len).asDoubleStream().toArray(), 0, 50, 5);
    }

    /** Histogram of the regression labels in steps of 0.5 over [-3, 3]. */
    public static CategoryChart labelHistogram(MultimodalData data, String split) {
        double[] y = data.split(split).stream().mapToDouble(Sample::regression).toArray();
        return histogram("Sentiment scores, " + data.label() + ", " + split, "regression label", y, -3, 3.5, 0.5);
    }

    private static CategoryChart histogram(String title, String xTitle, double[] values, double lo, double hi, double step) {
        int bins = (int) Math.round((hi - lo) / step);
        int[] counts = new int[bins];
        for (double v : values) {
            int b = (int) Math.floor((v - lo) / step);
            counts[Math.max(0, Math.min(bins - 1, b))]++;
        }
        List<String> labels = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            labels.add(String.format(Locale.ROOT, "%s", trim(lo + b * step)));
            ys.add(counts[b]);
        }
        CategoryChart chart = new CategoryChartBuilder().width(W).height(H).title(title).xAxisTitle(xTitle + " (bin start)")
                .yAxisTitle("samples").build();
        chart.getStyler().setLegendVisible(false);
        chart.addSeries("count", labels, ys);
        return chart;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** Each kept word's lean (-1 negative .. +1 positive) in train vs in test, before and after the repartition. */
    public static XYChart wordLeans(OodRepartition.Result r) {
        XYChart chart = new XYChartBuilder().width(W).height(H).title("Word-label lean, train vs test")
                .xAxisTitle("lean in train").yAxisTitle("lean in test").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(5);
        chart.addSeries(String.format(Locale.ROOT, "before (r = %.2f)", r.before().leanAgreement()),
                r.before().trainLean(), r.before().testLean());
        chart.addSeries(String.format(Locale.ROOT, "after (r = %.2f)", r.after().leanAgreement()),
                r.after().trainLean(), r.after().testLean());
        return chart;
    }

    /** Training class counts before and after a repartition beside the paper's MOSI IID and OOD training counts. */
    public static Table repartitionCounts(OodRepartition.Result r) {
        StringColumn what = StringColumn.create("training split");
        IntColumn n = IntColumn.create("samples");
        IntColumn neg = IntColumn.create("negative");
        IntColumn neu = IntColumn.create("neutral");
        IntColumn pos = IntColumn.create("positive");
        Object[][] rows = {
                {"this data, before (given split)", r.before().trainClassCounts()},
                {"this data, after (OOD repartition)", r.after().trainClassCounts()},
                {"paper MOSI IID (spec 2.2)", new int[]{552, 53, 679}},
                {"paper MOSI OOD (spec 2.2)", new int[]{626, 55, 603}},
        };
        for (Object[] row : rows) {
            int[] c = (int[]) row[1];
            what.append((String) row[0]);
            n.append(c[0] + c[1] + c[2]);
            neg.append(c[0]);
            neu.append(c[1]);
            pos.append(c[2]);
        }
        return Table.create("Training class counts", what, n, neg, neu, pos);
    }

    /** The words whose lean moved most, with their lean in train and test after the repartition. */
    public static Table topShiftedWords(OodRepartition.Result r, int k) {
        Integer[] order = new Integer[r.words().size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        double[] tr = r.after().trainLean();
        double[] te = r.after().testLean();
        Arrays.sort(order, (a, b) -> Double.compare(Math.abs(tr[b] - te[b]), Math.abs(tr[a] - te[a])));
        StringColumn word = StringColumn.create("word");
        DoubleColumn beforeTrain = DoubleColumn.create("lean train (before)");
        DoubleColumn beforeTest = DoubleColumn.create("lean test (before)");
        DoubleColumn afterTrain = DoubleColumn.create("lean train (after)");
        DoubleColumn afterTest = DoubleColumn.create("lean test (after)");
        for (int i = 0; i < Math.min(k, order.length); i++) {
            int w = order[i];
            word.append(r.words().get(w));
            beforeTrain.append(round(r.before().trainLean()[w]));
            beforeTest.append(round(r.before().testLean()[w]));
            afterTrain.append(round(tr[w]));
            afterTest.append(round(te[w]));
        }
        return Table.create("Most shifted words", word, beforeTrain, beforeTest, afterTrain, afterTest);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
