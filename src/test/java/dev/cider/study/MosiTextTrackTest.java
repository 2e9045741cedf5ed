package dev.cider.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cider.Scale;
import dev.cider.data.MultimodalData;
import dev.cider.data.Sample;
import dev.cider.eval.Manifest;
import dev.cider.eval.Metric;
import dev.cider.eval.PaperNumbers;
import dev.cider.eval.ResultsWriter;
import dev.cider.text.BertFeatures;
import dev.cider.text.BertTokenizer;
import dev.cider.text.BertVocab;
import dev.cider.train.EmbeddingFeatures;
import dev.cider.train.TextFeatures;
import dev.cider.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * The real MOSI text track at a tiny size. BERT-base is not loaded here: its cached contextual
 * features are stood in for by a seeded random table (labelled so), which exercises the same paths.
 * Skips when ../shared (the real transcripts) is absent.
 */
class MosiTextTrackTest {
    static BertTokenizer tok;
    static MultimodalData all;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        tok = BertTokenizer.load();
    }

    private static MultimodalData tiny() {
        var csv = MosiTextTrack.transcripts();
        Assumptions.assumeTrue(csv.isPresent(), MosiTextTrack.missingMessage());
        MosiTextTrack.Settings s = new MosiTextTrack.Settings(Scale.SMOKE, 20, 8, 12, 1, 8, 3, 2, 500);
        return MosiTextTrack.data(s, csv.get(), tok);
    }

    /** Stand-in "contextual" features: a random table's encoding of the complete rows (NOT BERT). */
    private static MosiTextTrack.FrozenBertText standIn(MultimodalData data) {
        List<Sample> pooled = dev.cider.data.OodRepartition.pooled(data);
        TextFeatures ctx = EmbeddingFeatures.random(91, 768);
        List<float[]> rows = new ArrayList<>();
        for (Sample s : pooled) {
            rows.add(ctx.encode(s.inputIds(), s.segmentIds()));
        }
        return new MosiTextTrack.FrozenBertText(pooled, new BertFeatures(50, 768, rows, "test"),
                EmbeddingFeatures.random(92, 768), "TEST stand-in: random tables, not BERT");
    }

    @Test
    void subsetIsSeededRealAndSized() {
        MultimodalData a = tiny();
        MultimodalData b = tiny();
        assertFalse(a.synthetic());
        assertEquals(MosiTextTrack.DATA_NAME, a.name());
        assertEquals(20, a.split("train").size());
        assertEquals(8, a.split("valid").size());
        assertEquals(12, a.split("test").size());
        assertEquals(a.split("test").stream().map(Sample::id).toList(), b.split("test").stream().map(Sample::id).toList());
        assertTrue(a.source().startsWith("REAL"));
        assertEquals(0, a.split("train").get(0).audioLength());
    }

    @Test
    void frozenTextUsesTheCacheForCompleteRowsAndTheFallbackOtherwise() {
        MultimodalData data = tiny();
        MosiTextTrack.FrozenBertText text = standIn(data);
        Sample s = data.split("train").get(0);
        int[] dropped = s.inputIds().clone();
        dropped[1] = BertVocab.UNK;
        float[] both = text.encode(new int[][] {s.inputIds(), dropped}, new int[][] {s.segmentIds(), s.segmentIds()});
        int per = 50 * 768;
        float[] cached = EmbeddingFeatures.random(91, 768).encode(s.inputIds(), s.segmentIds());
        float[] fallback = EmbeddingFeatures.random(92, 768).encode(dropped, s.segmentIds());
        assertArrayEquals(cached, java.util.Arrays.copyOfRange(both, 0, per));
        assertArrayEquals(fallback, java.util.Arrays.copyOfRange(both, per, 2 * per));
        assertArrayEquals(new long[] {1, 1}, text.rowCounts());
        assertTrue(text.isCached(s.inputIds()));
        assertFalse(text.isCached(dropped));
        assertThrows(IllegalArgumentException.class, () -> new MosiTextTrack.FrozenBertText(List.of(s),
                new BertFeatures(50, 768, List.of(), "x"), EmbeddingFeatures.random(1, 768), "bad"));
        assertThrows(IllegalArgumentException.class, () -> new MosiTextTrack.FrozenBertText(List.of(s),
                new BertFeatures(50, 768, List.of(cached), "x"), EmbeddingFeatures.random(1, 16), "bad"));
    }

    @Test
    void tinyTrackGivesEveryVariantProtocolAndSettingAndWritesRealResults() throws Exception {
        MultimodalData data = tiny();
        MosiTextTrack.Settings s = new MosiTextTrack.Settings(Scale.SMOKE, 20, 8, 12, 1, 8, 3, 2, 500);
        MosiTextTrack.FrozenBertText text = standIn(data);
        TrainConfig c = MosiTextTrack.config(s, text);
        c.layers = 1;
        c.heads = 2;
        c.embedDim = 8;
        MosiTextTrack.OodSplit ood = MosiTextTrack.oodRepartition(data, s);
        assertEquals(20, ood.data().split("train").size());
        assertEquals(12, ood.data().split("test").size());
        assertFalse(ood.data().synthetic());
        List<MosiTextTrack.Row> rows = new ArrayList<>(MosiTextTrack.run(s, MosiTextTrack.STANDARD, data, text, c, null));
        rows.addAll(MosiTextTrack.run(s, MosiTextTrack.OOD, ood.data(), text, c, null));
        assertEquals(2 * 4 * 2, rows.size());
        for (MosiTextTrack.Row r : rows) {
            for (Metric m : MosiTextTrack.METRICS) {
                double v = r.point().values().get(m);
                assertTrue(v >= 0 && v <= 1, r + " " + m);
            }
            if (!r.variant().usesCounterfactual()) {
                assertEquals(0.0, r.point().taus().get(Metric.NON0_ACC_2));
            }
        }
        // the student and counterfactual passes went through the fallback, the complete text through the cache
        assertTrue(text.rowCounts()[0] > 0 && text.rowCounts()[1] > 0);
        // w/o counterfactual never beats CIDer under the paper protocol (tau = 0 is in CIDer's sweep)
        for (String setting : List.of(MosiTextTrack.STANDARD, MosiTextTrack.OOD)) {
            double full = MosiTextTrack.find(rows, setting, MosiTextTrack.Variant.CIDER,
                    dev.cider.train.Evaluator.Protocol.PAPER).point().values().get(Metric.NON0_ACC_2);
            double wo = MosiTextTrack.find(rows, setting, MosiTextTrack.Variant.WITHOUT_COUNTERFACTUAL,
                    dev.cider.train.Evaluator.Protocol.PAPER).point().values().get(Metric.NON0_ACC_2);
            assertTrue(full >= wo);
        }
        Table results = MosiTextTrack.resultsTable(rows);
        assertEquals(16, results.rowCount());
        Table vs = MosiTextTrack.paperComparison(rows);
        assertEquals(2, vs.rowCount());
        assertEquals(PaperNumbers.cell(PaperNumbers.table("IX"), "CIDer", "", "Acc2", Map.of("dataset", "MOSI",
                "modalities", "L")), vs.doubleColumn(1).get(0), 1e-9);
        String old = System.getProperty("cider.results");
        System.setProperty("cider.results", tmp.toString());
        try {
            Map<String, org.knowm.xchart.internal.chartpart.Chart<?, ?>> charts = new LinkedHashMap<>();
            charts.put("acc2", MosiTextTrack.chart(rows, Metric.NON0_ACC_2));
            Path dir = MosiTextTrack.write(s, data, ood, c, text, rows, charts, Manifest.start(MosiTextTrack.EXPERIMENT));
            assertTrue(Files.size(dir.resolve("acc2.png")) > 0);
            assertTrue(Files.readString(dir.resolve("manifest.json")).contains("language only"));
            Table csv = ResultsWriter.read(dir.resolve("results.csv"));
            assertTrue(csv.stringColumn("data_kind").asList().stream().allMatch("real"::equals));
            assertTrue(csv.stringColumn("dataset").asList().stream().allMatch(n -> n.startsWith(MosiTextTrack.DATA_NAME)));
            assertEquals(rows.stream().mapToInt(r -> r.point().values().size()).sum(), csv.rowCount());
        } finally {
            if (old == null) {
                System.clearProperty("cider.results");
            } else {
                System.setProperty("cider.results", old);
            }
        }
    }
}
