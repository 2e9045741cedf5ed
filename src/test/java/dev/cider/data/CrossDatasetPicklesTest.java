package dev.cider.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cross-dataset loader on the tiny generated pickles of src/test/resources/cross (made once by
 * make_fixtures.py: aligned, d_a 25, d_v 171, T 8 for mosi.pkl and 12 for mosei.pkl, classification
 * labels all 1 so that label3 must come from the score's sign).
 */
class CrossDatasetPicklesTest {

    @TempDir
    Path tmp;

    static Path dir() {
        try {
            return Path.of(CrossDatasetPicklesTest.class.getResource("/cross/mosi.pkl").toURI()).getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonObject expected(String dataset, String split) throws IOException {
        return JsonParser.parseString(Files.readString(dir().resolve("expected.json"))).getAsJsonObject()
                .getAsJsonObject(dataset).getAsJsonObject(split);
    }

    static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }

    @Test
    void trainsOnMosiAndTestsOnMoseiCutToMosiLength() throws IOException {
        MultimodalData d = CrossDatasetPickles.read(dir(), "mosi");
        assertFalse(d.synthetic(), "the pickles' layout is real data's; only the fixture's values are synthetic");
        assertEquals("mosi->mosei", d.name());
        assertEquals(List.of("train", "valid", "test"), List.copyOf(d.splits().keySet()));
        assertEquals(8, d.dims().textLength());
        assertEquals(25, d.dims().audioDim());
        assertEquals(171, d.dims().visionDim());
        assertTrue(d.dims().aligned());
        for (String split : List.of("train", "valid")) {
            JsonObject e = expected("mosi", split);
            List<Sample> s = d.split(split);
            assertEquals(e.getAsJsonArray("ids").size(), s.size());
            for (int i = 0; i < s.size(); i++) {
                assertEquals(e.getAsJsonArray("ids").get(i).getAsString(), s.get(i).id());
                assertEquals(e.getAsJsonArray("label3").get(i).getAsInt(), s.get(i).label3(), split + " " + i);
            }
        }
        JsonObject e = expected("mosei", "test");
        List<Sample> test = d.split("test");
        assertEquals(List.of("mosei-te0", "mosei-te1"), test.stream().map(Sample::id).toList());
        assertArrayEquals(ints(e.getAsJsonArray("label3")), test.stream().mapToInt(Sample::label3).toArray());
        // sample 0 had 12 valid tokens: cut to 8 with [SEP] last; audio/vision lengths capped
        Sample cut = test.get(0);
        int[] ids0 = ints(e.getAsJsonArray("input_ids0"));
        assertEquals(8, cut.textFrames());
        assertEquals(8, cut.textLength());
        for (int t = 0; t < 7; t++) {
            assertEquals(ids0[t], cut.inputIds()[t]);
        }
        assertEquals(CrossDatasetPickles.SEP_ID, cut.inputIds()[7]);
        assertEquals(8, cut.audioLength());
        assertEquals(8 * 25, cut.audio().length);
        assertEquals(8 * 171, cut.vision().length);
        // sample 1 had 5 valid tokens: only padding removed
        assertEquals(5, test.get(1).textLength());
        assertEquals(5, test.get(1).visionLength());
        assertTrue(d.source().contains("1 of 2 test samples cut"), d.source());
    }

    @Test
    void trainsOnMoseiAndPadsMosiTestToMoseiLength() throws IOException {
        MultimodalData d = CrossDatasetPickles.read(dir(), "MOSEI");
        assertEquals("mosei->mosi", d.name());
        assertEquals(12, d.dims().textLength());
        JsonObject e = expected("mosi", "test");
        List<Sample> test = d.split("test");
        double audioSum = 0;
        double visionSum = 0;
        for (int i = 0; i < test.size(); i++) {
            Sample s = test.get(i);
            assertEquals(12, s.textFrames());
            assertEquals(e.getAsJsonArray("text_lengths").get(i).getAsInt(), s.textLength());
            assertEquals(e.getAsJsonArray("label3").get(i).getAsInt(), s.label3());
            for (float x : s.audio()) {
                audioSum += x;
            }
            for (float x : s.vision()) {
                visionSum += x;
            }
        }
        // padding adds zeros only: the feature sums are the file's
        assertEquals(e.get("audio_sum").getAsDouble(), audioSum, 1e-3);
        assertEquals(e.get("vision_sum").getAsDouble(), visionSum, 1e-3);
        assertEquals(expected("mosei", "train").getAsJsonArray("ids").size(), d.split("train").size());
    }

    @Test
    void badInputsAreNamed() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> CrossDatasetPickles.read(dir(), "sims"));
        Files.copy(dir().resolve("mosi.pkl"), tmp.resolve("mosi.pkl"));
        MmsaPickleException missing = assertThrows(MmsaPickleException.class, () -> CrossDatasetPickles.read(tmp, "mosi"));
        assertTrue(missing.getMessage().contains("mosei.pkl"), missing.getMessage());
        Files.write(tmp.resolve("mosei.pkl"), new byte[] {1, 2, 3});
        MmsaPickleException corrupt = assertThrows(MmsaPickleException.class, () -> CrossDatasetPickles.read(tmp, "mosi"));
        assertTrue(corrupt.getMessage().contains("mosei.pkl"), corrupt.getMessage());
    }

    @Test
    void combineNeedsSharedDimsAndAlignedData() {
        MultimodalData mosi = SyntheticCider.builder().setSeed(1).optDims(DatasetDims.MOSI_ALIGNED).optSizes(3, 2, 2)
                .build().iid();
        MultimodalData mosei = SyntheticCider.builder().setSeed(2).optDims(DatasetDims.MOSEI_ALIGNED)
                .optSizes(3, 2, 2).build().iid();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CrossDatasetPickles.combine(mosi, mosei, "x"));
        assertTrue(e.getMessage().contains("shared feature sizes"), e.getMessage());
        MultimodalData ua = SyntheticCider.builder().setSeed(1).optSizes(3, 2, 2).build().iid();
        assertThrows(IllegalArgumentException.class, () -> CrossDatasetPickles.combine(ua, ua, "x"));
        MultimodalData src = SyntheticCider.builder().setSeed(1).optDims(CrossDatasetPickles.MOSI_CROSS)
                .optSizes(3, 2, 2).build().iid();
        MultimodalData tgt = SyntheticCider.builder().setSeed(2).optDims(CrossDatasetPickles.MOSEI_CROSS)
                .optSizes(3, 2, 4).build().iid();
        MultimodalData c = CrossDatasetPickles.combine(src, tgt, "mosi->mosei");
        assertTrue(c.synthetic());
        assertTrue(c.name().startsWith("synthetic-"), c.name());
        assertEquals(4, c.split("test").size());
        assertEquals(44, c.split("test").get(0).textFrames());
        assertEquals(src.split("train"), c.split("train"));
    }
}
