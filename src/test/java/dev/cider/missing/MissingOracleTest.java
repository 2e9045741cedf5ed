package dev.cider.missing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cider.ProjectPaths;
import dev.cider.data.Sample;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The reference's deterministic facts from ../shared/oracle/missing_cases.json: the STMFM block-length
 * table, the STMFM start range, and the rate-0/1 outputs of every mode. Skipped when ../shared is absent.
 */
class MissingOracleTest {

    private static JsonObject cases;

    @BeforeAll
    static void load() throws IOException {
        Optional<Path> f = ProjectPaths.sharedFile("oracle/missing_cases.json");
        if (f.isPresent()) {
            cases = JsonParser.parseString(Files.readString(f.get())).getAsJsonObject();
        }
    }

    private static JsonObject cases() {
        assumeTrue(cases != null, "../shared/oracle/missing_cases.json not found: skipping oracle checks");
        return cases;
    }

    @Test
    void stmfmBlockLengthsMatchTheReferenceTable() {
        JsonObject t = cases().getAsJsonObject("stmfm_block_length");
        JsonArray lens = t.getAsJsonArray("text_lens");
        JsonArray rates = t.getAsJsonArray("rates");
        JsonObject byRate = t.getAsJsonObject("k_by_rate");
        assertEquals(49, lens.size());
        assertEquals(21, rates.size());
        int checked = 0;
        for (Map.Entry<String, JsonElement> e : byRate.entrySet()) {
            double r = Double.parseDouble(e.getKey());
            JsonArray ks = e.getValue().getAsJsonArray();
            for (int i = 0; i < lens.size(); i++) {
                int len = lens.get(i).getAsInt();
                assertEquals(ks.get(i).getAsInt(), StructuralTemporalModalityFeatureMissing.blockLength(len, r),
                        "k for len " + len + ", rate " + e.getKey());
                checked++;
            }
        }
        assertEquals(49 * 21, checked);
        // the halfway products (exact halves round to even; 35 * 0.1 is just above 3.5)
        for (JsonElement h : t.getAsJsonArray("halfway_products")) {
            JsonObject o = h.getAsJsonObject();
            assertEquals(o.get("k").getAsInt(), StructuralTemporalModalityFeatureMissing.blockLength(
                    o.get("text_len").getAsInt(), o.get("rate").getAsDouble()), o.toString());
        }
    }

    @Test
    void stmfmStartRangeMatchesTheReference() {
        for (JsonElement el : cases().getAsJsonArray("stmfm_start_range_observed")) {
            JsonObject o = el.getAsJsonObject();
            int len = o.get("text_len").getAsInt();
            double r = o.get("rate").getAsDouble();
            int k = StructuralTemporalModalityFeatureMissing.blockLength(len, r);
            assertEquals(o.get("k").getAsInt(), k);
            if (k == 0) {
                assertEquals("no block", o.get("documented_start_range").getAsString());
                continue;
            }
            JsonArray range = o.getAsJsonArray("documented_start_range");
            int lo = range.get(0).getAsInt();
            int hi = range.get(1).getAsInt();
            // the extremes of the uniform map exactly to the documented range ...
            assertEquals(lo, StructuralTemporalModalityFeatureMissing.blockStart(len, k, 0L));
            assertEquals(hi, StructuralTemporalModalityFeatureMissing.blockStart(len, k, 0xFFFFFFFFL));
            // ... and random draws cover all of it, nothing outside
            Sample s = HandSamples.make("stmfm-" + len, len, len, len, len, len, len, 0f);
            MissingPattern p = StructuralTemporalModalityFeatureMissing.builder().build();
            int[] seen = new int[len];
            SplittableRandom rng = new SplittableRandom(2024L);
            for (int i = 0; i < 400; i++) {
                MissingView v = p.apply(s, r, rng);
                int start = -1;
                for (int t = 0; t < len && start < 0; t++) {
                    if (v.isDropped(Modality.TEXT, t)) {
                        start = t;
                    }
                }
                assertTrue(start >= lo && start <= hi, "start " + start + " outside [" + lo + ", " + hi + "]");
                seen[start]++;
            }
            for (int st = lo; st <= hi; st++) {
                assertTrue(seen[st] > 0, "start " + st + " never drawn for len " + len + ", k " + k);
            }
        }
    }

    @Test
    void deterministicRateZeroAndOneCasesMatchTheReference() {
        JsonArray list = cases().getAsJsonObject("deterministic_cases_rate_0_or_1").getAsJsonArray("cases");
        assertEquals(10, list.size());
        for (JsonElement el : list) {
            JsonObject c = el.getAsJsonObject();
            String mode = c.get("mode").getAsString();
            boolean aligned = c.get("aligned").getAsBoolean();
            JsonArray rateArg = c.getAsJsonArray("missing_rate_arg");
            JsonObject in = c.getAsJsonObject("input");
            JsonObject out = c.getAsJsonObject("output");
            int n = in.getAsJsonArray("text_ids").size();
            for (int b = 0; b < n; b++) {
                String what = mode + " " + rateArg + " sample " + b;
                Sample s = sampleOf(in, b, what);
                MissingPattern p = MissingPatterns.parse(mode, aligned ? Alignment.ALIGNED : Alignment.UNALIGNED);
                MissingView v;
                if (rateArg.size() == 3) {
                    v = ((TraditionalRmfm) p).apply(s, rateArg.get(0).getAsDouble(), rateArg.get(1).getAsDouble(),
                            rateArg.get(2).getAsDouble(), 99L + b);
                } else {
                    v = p.apply(s, rateArg.get(0).getAsDouble(), 99L + b);
                }
                assertArrayEquals(ints(out, "text_m_ids", b), v.sample().inputIds(), what + " text ids");
                assertArrayEquals(floats(out, "text_missing_mask", b), v.textMissing(), what + " text missing");
                assertArrayEquals(floats(out, "audio_missing_mask", b), v.audioMissing(), what + " audio missing");
                assertArrayEquals(floats(out, "vision_missing_mask", b), v.visionMissing(), what + " vision missing");
                assertArrayEquals(floats(out, "audio_m_feature0", b), column0(v.sample().audio(), 2), what + " audio");
                assertArrayEquals(floats(out, "vision_m_feature0", b), column0(v.sample().vision(), 2), what + " vision");
                assertEquals(out.getAsJsonArray("text_input_len").get(b).getAsInt(), v.validCount(Modality.TEXT));
                assertArrayEquals(s.attentionMask(), v.sample().attentionMask(), what + " attention mask unchanged");
            }
        }
    }

    @Test
    void measuredStatisticsAgreeWithTheReference() {
        JsonObject st = cases().getAsJsonObject("measured_statistics");
        java.util.List<Sample> split = SyntheticSamples.split(dev.cider.data.DatasetDims.MOSI_UNALIGNED, 150, 31L);
        JsonObject train = st.getAsJsonObject("RMFM_train_drop_fraction");
        MissingStats.DropFractions f = MissingStats.dropFractions(
                TrainingMissing.referenceHalf().applyAll(split, new SplittableRandom(4L)));
        assertEquals(train.get("text_excluding_CLS_SEP").getAsDouble(), f.text(), 0.04);
        assertEquals(train.get("audio").getAsDouble(), f.audio(), 0.02);
        assertEquals(train.get("vision").getAsDouble(), f.vision(), 0.02);
        JsonObject test = st.getAsJsonObject("test_time");
        for (String mode : java.util.List.of("RMFM", "RMFM_same", "RMM", "TMFM", "STMFM")) {
            JsonObject m = test.getAsJsonObject(mode);
            MissingPattern p = MissingPatterns.parse(mode);
            if (m.has("audio_drop_fraction_by_rate")) {
                double tol = mode.equals("RMM") ? 0.1 : 0.02;   // RMM: 150 whole-modality draws per rate
                for (Map.Entry<String, JsonElement> e : m.getAsJsonObject("audio_drop_fraction_by_rate").entrySet()) {
                    double r = Double.parseDouble(e.getKey());
                    double mine = MissingStats.dropFractions(p.applyAll(split, r, MissingSeeds.REFERENCE_TEST_SEED)).audio();
                    assertEquals(e.getValue().getAsDouble(), mine, tol, mode + " audio at " + r);
                }
            }
            // nested wherever the reference is nested; STMFM is nested here by design although the reference's is not
            java.util.List<Sample> data = p.requiresAligned()
                    ? SyntheticSamples.split(dev.cider.data.DatasetDims.MOSI_ALIGNED, 40, 32L) : split.subList(0, 40);
            assertEquals(0L, MissingStats.nestingViolations(p, data, MissingRates.paperGrid(), 1111L), mode);
            assertEquals(!mode.equals("STMFM"), m.get("nested_across_rates_with_seed_1111").getAsBoolean(), mode);
        }
    }

    /** A sample from the case's inputs; features have 2 columns: the given feature 0 and its negative. */
    private static Sample sampleOf(JsonObject in, int b, String what) {
        int[] ids = ints(in, "text_ids", b);
        int[] mask = ints(in, "text_mask", b);
        float[] a0 = floats(in, "audio_feature0", b);
        float[] v0 = floats(in, "vision_feature0", b);
        int la = in.getAsJsonArray("audio_lengths").get(b).getAsInt();
        int lv = in.getAsJsonArray("vision_lengths").get(b).getAsInt();
        return new Sample("oracle-" + what, "", ids, mask, new int[ids.length], twoColumns(a0), a0.length, 2, la,
                twoColumns(v0), v0.length, 2, lv, 1f, 2);
    }

    private static float[] twoColumns(float[] c0) {
        float[] x = new float[c0.length * 2];
        for (int t = 0; t < c0.length; t++) {
            x[2 * t] = c0[t];
            x[2 * t + 1] = -c0[t];
        }
        return x;
    }

    private static float[] column0(float[] x, int d) {
        float[] c = new float[x.length / d];
        for (int t = 0; t < c.length; t++) {
            c[t] = x[t * d];
            assertEquals(-c[t], x[t * d + 1], 0f, "whole frame treated alike at t=" + t);
        }
        return c;
    }

    private static int[] ints(JsonObject o, String key, int b) {
        JsonArray a = o.getAsJsonArray(key).get(b).getAsJsonArray();
        int[] r = new int[a.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.get(i).getAsInt();
        }
        return r;
    }

    private static float[] floats(JsonObject o, String key, int b) {
        JsonArray a = o.getAsJsonArray(key).get(b).getAsJsonArray();
        float[] r = new float[a.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.get(i).getAsFloat();
        }
        return r;
    }
}
