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
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link MmsaPickleReader} on the committed tiny SYNTHETIC fixtures in MMSA layout
 * (src/test/resources/mmsa, made once by make_fixtures.py; expected values in expected.json).
 */
class MmsaPickleReaderTest {

    @TempDir
    Path tmp;

    static Path fixture(String name) {
        try {
            return Path.of(MmsaPickleReaderTest.class.getResource("/mmsa/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonObject expected(String variant) throws IOException {
        return JsonParser.parseString(Files.readString(fixture("expected.json"))).getAsJsonObject()
                .getAsJsonObject(variant);
    }

    static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }

    static float[] floats(JsonArray a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsFloat();
        }
        return out;
    }

    /** Compares every split with expected.json: sizes, ids, texts, labels, lengths, features. */
    static void assertMatches(MultimodalData data, JsonObject exp) {
        assertEquals(List.of("train", "valid", "test"), List.copyOf(data.splits().keySet()));
        for (String split : data.splits().keySet()) {
            JsonObject e = exp.getAsJsonObject(split);
            List<Sample> s = data.split(split);
            assertEquals(e.get("n").getAsInt(), s.size(), split);
            double audioSum = 0;
            double visionSum = 0;
            for (int i = 0; i < s.size(); i++) {
                Sample x = s.get(i);
                assertEquals(e.getAsJsonArray("ids").get(i).getAsString(), x.id());
                assertEquals(e.getAsJsonArray("raw_text").get(i).getAsString(), x.rawText());
                assertEquals(e.getAsJsonArray("regression").get(i).getAsFloat(), x.regression());
                assertEquals(e.getAsJsonArray("label3").get(i).getAsInt(), x.label3());
                assertEquals(Labels.label7(x.regression()), x.label7());
                assertEquals(e.getAsJsonArray("audio_lengths").get(i).getAsInt(), x.audioLength());
                assertEquals(e.getAsJsonArray("vision_lengths").get(i).getAsInt(), x.visionLength());
                for (float f : x.audio()) {
                    audioSum += f;
                }
                for (float f : x.vision()) {
                    visionSum += f;
                }
            }
            assertArrayEquals(ints(e.getAsJsonArray("input_ids0")), s.get(0).inputIds());
            assertArrayEquals(ints(e.getAsJsonArray("mask0")), s.get(0).attentionMask());
            assertEquals(101, s.get(0).inputIds()[0], "[CLS] first");
            assertArrayEquals(floats(e.getAsJsonArray("audio_first")), Arrays.copyOf(s.get(0).audio(), 8));
            float[] lastV = s.get(s.size() - 1).vision();
            assertArrayEquals(floats(e.getAsJsonArray("vision_last")), Arrays.copyOfRange(lastV, lastV.length - 8, lastV.length));
            assertEquals(e.get("audio_sum").getAsDouble(), audioSum, 1e-4);
            assertEquals(e.get("vision_sum").getAsDouble(), visionSum, 1e-4);
            JsonArray sa = e.getAsJsonArray("shape_audio");
            assertEquals(sa.get(1).getAsInt(), s.get(0).audioFrames());
            assertEquals(sa.get(2).getAsInt(), s.get(0).audioDim());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"unaligned_tiny.pkl", "unaligned_tiny_p5.pkl", "ood_tiny.joblib", "ood_tiny_zlib.joblib"})
    void readsUnalignedInEveryEncoding(String name) throws IOException {
        MultimodalData data = MmsaPickleReader.read(fixture(name));
        assertFalse(data.synthetic(), "the reader reads files; the fixture's own synthetic-ness is in its name");
        assertTrue(data.source().contains(name), data.source());
        DatasetDims d = data.dims();
        assertEquals(List.of(12, 6, 7, 768, 5, 20, false),
                List.of(d.textLength(), d.audioLength(), d.visionLength(), d.textDim(), d.audioDim(), d.visionDim(), d.aligned()));
        assertMatches(data, expected("unaligned"));
        if (name.endsWith("joblib")) {
            assertTrue(data.source().contains("joblib"), data.source());
        }
    }

    @Test
    void readsGzipWrappedPickles() throws IOException {
        Path gz = tmp.resolve("unaligned_tiny.pkl.gz");
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(good());
        }
        MultimodalData data = MmsaPickleReader.read(gz);
        assertTrue(data.source().contains("gzip"), data.source());
        assertMatches(data, expected("unaligned"));
        MmsaPickleException e = bad("x.joblib.xz", new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0});
        assertTrue(e.getMessage().contains("compressed with xz"), e.getMessage());
    }

    @Test
    void audioMinusInfinityBecomesZero() {
        // make_fixtures.py sets train audio[1, 0, 2] = -inf
        MultimodalData data = MmsaPickleReader.read(fixture("unaligned_tiny.pkl"));
        Sample s = data.split("train").get(1);
        assertEquals(0f, s.audio()[2]);
        assertTrue(data.source().contains("1 audio -inf set to 0"), data.source());
        for (float f : s.audio()) {
            assertTrue(Float.isFinite(f));
        }
    }

    @Test
    void readsAlignedProtocol2WithTextLengths() throws IOException {
        MultimodalData data = MmsaPickleReader.read(fixture("aligned_tiny.pkl"));
        assertTrue(data.dims().aligned());
        assertEquals(10, data.dims().textLength());
        assertEquals(10, data.dims().audioLength());
        assertMatches(data, expected("aligned"));
        for (Sample s : data.split("train")) {
            assertEquals(s.textLength(), s.audioLength(), "aligned uses the text length (spec 3.1)");
            assertEquals(s.textLength(), s.visionLength());
        }
    }

    @Test
    void expectedDimsAreChecked() {
        MmsaPickleException e = assertThrows(MmsaPickleException.class,
                () -> MmsaPickleReader.read(fixture("unaligned_tiny.pkl"), DatasetDims.MOSI_UNALIGNED));
        assertEquals("train", e.split());
        assertEquals("text_bert", e.field());
        assertTrue(e.getMessage().contains("unaligned_tiny.pkl") && e.getMessage().contains("[4, 3, 50]"), e.getMessage());
    }

    // ---------------------------------------------------------------- bad input

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static byte[] good() throws IOException {
        return Files.readAllBytes(fixture("unaligned_tiny.pkl"));
    }

    /** Replaces the first (or last) occurrence of {@code find}; fails when it is absent. */
    static byte[] patch(byte[] data, byte[] find, byte[] replace, boolean last) {
        int at = -1;
        for (int i = 0; i + find.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + find.length, find, 0, find.length)) {
                at = i;
                if (!last) {
                    break;
                }
            }
        }
        assertTrue(at >= 0, "pattern not in fixture");
        byte[] out = data.clone();
        System.arraycopy(replace, 0, out, at, replace.length);
        return out;
    }

    static byte[] f32(float v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v).array();
    }

    private MmsaPickleException bad(String name, byte[] bytes) throws IOException {
        Path p = write(name, bytes);
        MmsaPickleException e = assertThrows(MmsaPickleException.class, () -> MmsaPickleReader.read(p));
        assertTrue(e.getMessage().startsWith(p.toString()), "message names the file: " + e.getMessage());
        assertEquals(p, e.file());
        return e;
    }

    @Test
    void truncatedFileIsRejected() throws IOException {
        byte[] g = good();
        for (int len : new int[] {1, 50, g.length / 2, g.length - 1}) {
            MmsaPickleException e = bad("trunc" + len + ".pkl", Arrays.copyOf(g, len));
            assertTrue(e.getMessage().contains("cannot unpickle"), e.getMessage());
        }
        byte[] joblib = Files.readAllBytes(fixture("ood_tiny.joblib"));
        bad("trunc.joblib", Arrays.copyOf(joblib, joblib.length - 100));
    }

    @Test
    void nonPickleAndEmptyFilesAreRejected() throws IOException {
        MmsaPickleException e = bad("notes.pkl", "id,text\n1,hello\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(e.getMessage().contains("not a pickle"), e.getMessage());
        e = bad("empty.pkl", new byte[0]);
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        Path missing = tmp.resolve("absent.pkl");
        assertThrows(MmsaPickleException.class, () -> MmsaPickleReader.read(missing));
    }

    @Test
    void missingKeyNamesSplitAndField() throws IOException {
        byte[] b = patch(good(), "regression_labels".getBytes(StandardCharsets.US_ASCII),
                "regression_labelz".getBytes(StandardCharsets.US_ASCII), false);
        MmsaPickleException e = bad("nokey.pkl", b);
        assertEquals("train", e.split());
        assertEquals("regression_labels", e.field());
        assertTrue(e.getMessage().contains("missing key"), e.getMessage());
    }

    @Test
    void missingSplitIsRejected() throws IOException {
        byte[] b = patch(good(), "valid".getBytes(StandardCharsets.US_ASCII), "vali_".getBytes(StandardCharsets.US_ASCII), false);
        MmsaPickleException e = bad("nosplit.pkl", b);
        assertEquals("valid", e.split());
    }

    @Test
    void wrongShapeNamesSplitAndField() throws IOException {
        // test vision (2, 7, 20) -> (2, 20, 7): same byte count, wrong shape
        byte[] b = patch(good(), new byte[] {'K', 2, 'K', 7, 'K', 20}, new byte[] {'K', 2, 'K', 20, 'K', 7}, true);
        MmsaPickleException e = bad("shape.pkl", b);
        assertEquals("test", e.split());
        assertEquals("vision", e.field());
        assertTrue(e.getMessage().contains("wrong shape [2, 20, 7]"), e.getMessage());
    }

    @Test
    void wrongDtypeNamesField() throws IOException {
        // the first float32 dtype in the stream is audio's; make it int32 (same item size)
        byte[] f4 = {(byte) 0x8c, 2, 'f', '4'};
        byte[] i4 = {(byte) 0x8c, 2, 'i', '4'};
        MmsaPickleException e = bad("dtype.pkl", patch(good(), f4, i4, false));
        assertEquals("train", e.split());
        assertEquals("audio", e.field());
        assertTrue(e.getMessage().contains("wrong dtype int32"), e.getMessage());
    }

    @Test
    void nanAndPlusInfinityFeaturesAreRejected() throws IOException {
        JsonObject exp = expected("unaligned");
        float a0 = exp.getAsJsonObject("train").getAsJsonArray("audio_first").get(0).getAsFloat();
        MmsaPickleException e = bad("nan.pkl", patch(good(), f32(a0), f32(Float.NaN), false));
        assertEquals("train", e.split());
        assertEquals("audio", e.field());
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("sample 0"), e.getMessage());

        float t0 = exp.getAsJsonObject("test").getAsJsonArray("audio_first").get(0).getAsFloat();
        e = bad("inf.pkl", patch(good(), f32(t0), f32(Float.POSITIVE_INFINITY), false));
        assertEquals("test", e.split());
        assertEquals("audio", e.field());
        assertTrue(e.getMessage().contains("Infinity"), e.getMessage());

        // vision: only audio -inf is repaired (as in the reference); vision -inf is an error
        float v0 = MmsaPickleReader.read(fixture("unaligned_tiny.pkl")).split("valid").get(1).vision()[0];
        e = bad("vinf.pkl", patch(good(), f32(v0), f32(Float.NEGATIVE_INFINITY), false));
        assertEquals("valid", e.split());
        assertEquals("vision", e.field());
        assertTrue(e.getMessage().contains("sample 1"), e.getMessage());
    }

    @Test
    void unknownLabelIsRejected() throws IOException {
        byte[] g = good();
        byte[] key = "classification_labels".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(g, key, 0);
        // the train labels: SHORT_BINBYTES ('C') of 4 float64 values after the key
        int payload = indexOf(g, new byte[] {'C', 32}, at) + 2;
        byte[] b = g.clone();
        ByteBuffer.wrap(b, payload, 8).order(ByteOrder.LITTLE_ENDIAN).putDouble(7.0);
        MmsaPickleException e = bad("label.pkl", b);
        assertEquals("train", e.split());
        assertEquals("classification_labels", e.field());
        assertTrue(e.getMessage().contains("unknown label 7.0"), e.getMessage());
    }

    static int indexOf(byte[] data, byte[] find, int from) {
        for (int i = from; i + find.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + find.length, find, 0, find.length)) {
                return i;
            }
        }
        throw new AssertionError("pattern not in fixture");
    }
}
