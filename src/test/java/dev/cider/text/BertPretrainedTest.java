package dev.cider.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Google's BERT-Base Uncased loaded from the Maven Central artifact (skipped, with the set-up
 * command, when it is not in the local repository).
 */
class BertPretrainedTest {
    private static NDManager manager;
    private static BertCheckpoint ckpt;
    private static BertWeights.Loaded bert;
    private static HuggingFaceTokenizer tokenizer;

    @BeforeAll
    static void load() throws Exception {
        Optional<Path> jar = BertArtifact.locate();
        if (jar.isEmpty()) {
            System.err.println("BertPretrainedTest skipped: " + BertArtifact.missingMessage());
            return;
        }
        long t0 = System.nanoTime();
        ckpt = BertCheckpoint.ofEasyBertJar(jar.get());
        long t1 = System.nanoTime();
        manager = NDManager.newBaseManager();
        bert = BertWeights.loadPretrained(ckpt, manager, true, true);
        long t2 = System.nanoTime();
        System.out.printf("BERT jar: index+vocab pass %.1f s, weights pass %.1f s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        try (InputStream in = BertPretrainedTest.class.getResourceAsStream("/bert-tokenizer.json")) {
            tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of("padding", "false", "truncation", "false"));
        }
    }

    /** Each test is skipped, with the set-up command, when the artifact is not in the local Maven repository. */
    @BeforeEach
    void requireArtifact() {
        Assumptions.assumeTrue(bert != null, BertArtifact.missingMessage());
    }

    @AfterAll
    static void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
        if (manager != null) {
            manager.close();
        }
    }

    @Test
    void indexDescribesTheWholeCheckpoint() {
        Map<String, TfCheckpointReader.Entry> index = ckpt.index();
        assertEquals(204, index.size());
        assertEquals("module/", ckpt.prefix());
        assertArrayEquals(new long[] {30522, 768}, index.get("module/bert/embeddings/word_embeddings").shape());
        assertArrayEquals(new long[] {768, 3072}, index.get("module/bert/encoder/layer_11/intermediate/dense/kernel").shape());
        // The variables tile the data shard without gaps: offsets are cumulative sizes.
        List<TfCheckpointReader.Entry> sorted = new ArrayList<>(index.values());
        sorted.sort(Comparator.comparingLong(TfCheckpointReader.Entry::offset));
        long pos = 0;
        for (TfCheckpointReader.Entry e : sorted) {
            assertEquals(pos, e.offset(), e.name());
            assertEquals(TfCheckpointReader.DT_FLOAT, e.dtype(), e.name());
            pos += e.size();
        }
        assertEquals(440_419_560L, pos, "size of variables.data-00000-of-00001 in the jar listing");
    }

    @Test
    void vocabularyMatchesTheTokenizer() {
        List<String> vocab = ckpt.vocab();
        assertEquals(30522, vocab.size());
        assertEquals("[PAD]", vocab.get(0));
        assertEquals("[UNK]", vocab.get(100));
        assertEquals("[CLS]", vocab.get(101));
        assertEquals("[SEP]", vocab.get(102));
        assertEquals("[MASK]", vocab.get(103));
        Encoding enc = tokenizer.encode("the capital of france is [MASK] .");
        String[] tokens = enc.getTokens();
        long[] ids = enc.getIds();
        for (int i = 0; i < ids.length; i++) {
            assertEquals(vocab.get((int) ids[i]), tokens[i], "token " + i);
        }
    }

    @Test
    void maskedLanguageModelFillsInKnownFacts() {
        assertEquals("paris", predictMask("the capital of france is [MASK] ."));
        assertEquals("tokyo", predictMask("the capital of japan is [MASK] ."));
    }

    /** Real MOSI-like sentences: shapes, finite values, and padding does not change real tokens' states. */
    @Test
    void paddingDoesNotChangeRealTokenStates() {
        String sentence = "i thought the movie was really good but the ending was a bit too long";
        Encoding enc = tokenizer.encode(sentence);
        long[] ids = enc.getIds();
        int n = ids.length;
        int t = 50;
        try (NDManager m = manager.newSubManager()) {
            NDArray shortOut = forward(m, ids, ones(n), n);
            long[] padded = new long[t];
            long[] mask = new long[t];
            System.arraycopy(ids, 0, padded, 0, n);
            System.arraycopy(ones(n), 0, mask, 0, n);
            NDArray longOut = forward(m, padded, mask, t);
            assertEquals(new ai.djl.ndarray.types.Shape(1, t, 768), longOut.getShape());
            assertFalse(longOut.isNaN().any().getBoolean());
            NDArray head = longOut.get(":, 0:" + n + ", :");
            float maxDiff = head.sub(shortOut).abs().max().getFloat();
            assertTrue(maxDiff < 1e-3f, "max diff " + maxDiff);
            // Different sentences give different [CLS] states.
            NDArray other = forward(m, tokenizer.encode("this is the worst thing i have ever seen").getIds(),
                    ones(tokenizer.encode("this is the worst thing i have ever seen").getIds().length), -1);
            assertTrue(other.get(":, 0, :").sub(shortOut.get(":, 0, :")).abs().max().getFloat() > 0.1f);
        }
    }

    /** Real MOSI transcripts through the feature cache (batched, padded to 50, float16) match single unpadded passes. */
    @Test
    void featureCacheOnRealMosiTranscripts(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Optional<Path> csv = dev.cider.ProjectPaths.sharedFile("data/mosi/transcripts.csv");
        Assumptions.assumeTrue(csv.isPresent(), "../shared/data/mosi/transcripts.csv not found");
        List<String> lines = java.nio.file.Files.readAllLines(csv.get()).subList(1, 5);
        List<int[]> ids = new ArrayList<>();
        List<int[]> masks = new ArrayList<>();
        List<long[]> raw = new ArrayList<>();
        for (String line : lines) {
            long[] e = tokenizer.encode(line.split(",")[1]).getIds();
            raw.add(e);
            int[] id = new int[50];
            int[] mk = new int[50];
            for (int i = 0; i < e.length; i++) {
                id[i] = (int) e[i];
                mk[i] = 1;
            }
            ids.add(id);
            masks.add(mk);
        }
        BertFeatureCache cache = BertFeatureCache.builder().setEncoder(bert.encoder()).setWeightsId(bert.weightsId())
                .optDirectory(tmp).optBatchSize(2).build();
        BertFeatures f = cache.computeOrLoad(manager, ids, masks, null);
        assertEquals(4, f.size());
        assertEquals(768, f.hidden());
        for (int s = 0; s < 4; s++) {
            int n = raw.get(s).length;
            try (NDManager m = manager.newSubManager()) {
                float[] alone = forward(m, raw.get(s), ones(n), n).toFloatArray();
                for (int j = 0; j < n * 768; j++) {
                    assertEquals(alone[j], f.get(s)[j], 2e-3f * Math.abs(alone[j]) + 2e-3f, "sequence " + s + " value " + j);
                }
            }
            for (float x : f.get(s)) {
                assertTrue(Float.isFinite(x));
            }
        }
    }

    private static long[] ones(int n) {
        long[] a = new long[n];
        java.util.Arrays.fill(a, 1L);
        return a;
    }

    private static NDArray forward(NDManager m, long[] ids, long[] mask, int t) {
        int len = ids.length;
        NDArray idArr = m.create(ids).reshape(1, len);
        NDArray maskArr = m.create(mask).reshape(1, len);
        NDArray seg = m.zeros(idArr.getShape(), ai.djl.ndarray.types.DataType.INT64);
        return bert.encoder().forward(new ParameterStore(m, false), new NDList(idArr, maskArr, seg), false).singletonOrThrow();
    }

    private String predictMask(String text) {
        Encoding enc = tokenizer.encode(text);
        long[] ids = enc.getIds();
        assertEquals(101, ids[0]);
        assertEquals(102, ids[ids.length - 1]);
        int maskAt = -1;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == 103) {
                maskAt = i;
            }
        }
        assertTrue(maskAt > 0, "no [MASK] in " + text);
        try (NDManager m = manager.newSubManager()) {
            NDArray hidden = forward(m, ids, ones(ids.length), ids.length);
            assertFalse(hidden.isNaN().any().getBoolean());
            NDArray logits = bert.head().forward(new ParameterStore(m, false),
                    new NDList(hidden, bert.encoder().getWordEmbeddings().getArray()), false).singletonOrThrow();
            assertEquals(30522, logits.getShape().get(2));
            int best = (int) logits.get(0, maskAt).argMax().getLong();
            return ckpt.vocab().get(best);
        }
    }
}
