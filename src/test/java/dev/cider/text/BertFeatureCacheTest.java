package dev.cider.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The frozen-feature cache on a tiny random BERT. */
class BertFeatureCacheTest {
    @TempDir
    Path tmp;
    private NDManager manager;
    private BertWeights.Loaded bert;
    private final List<int[]> ids = new ArrayList<>();
    private final List<int[]> masks = new ArrayList<>();
    private final List<int[]> segs = new ArrayList<>();
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        manager = NDManager.newBaseManager();
        bert = new TinyBert(BertConfig.tiny(), 21).load(tmp.resolve("ckpt"), manager, true);
        Random rnd = new Random(5);
        int t = 9;
        for (int i = 0; i < 5; i++) {
            int len = 3 + rnd.nextInt(t - 2);
            int[] id = new int[t];
            int[] mk = new int[t];
            for (int j = 0; j < len; j++) {
                id[j] = j == 0 ? 101 : j == len - 1 ? 102 : 1 + rnd.nextInt(199);
                mk[j] = 1;
            }
            ids.add(id);
            masks.add(mk);
            segs.add(new int[t]);
        }
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private BertFeatureCache cache(BertFeatureCache.Precision p) {
        return BertFeatureCache.builder().setEncoder(bert.encoder()).setWeightsId(bert.weightsId())
                .optDirectory(tmp.resolve("cache")).optBatchSize(2).optPrecision(p).optProgress(log::add).build();
    }

    private float[] direct(int i) {
        try (NDManager m = manager.newSubManager()) {
            NDArray id = m.create(ids.get(i)).reshape(1, 9).toType(DataType.INT64, false);
            NDArray mk = m.create(masks.get(i)).reshape(1, 9).toType(DataType.INT64, false);
            return bert.encoder().forward(new ParameterStore(m, false), new NDList(id, mk), false).singletonOrThrow().toFloatArray();
        }
    }

    @Test
    void computesInBatchesStoresAndReloads() throws Exception {
        BertFeatureCache cache = cache(BertFeatureCache.Precision.FLOAT32);
        BertFeatures f = cache.computeOrLoad(manager, ids, masks, segs);
        assertEquals(5, f.size());
        assertEquals(9, f.seqLength());
        assertEquals(32, f.hidden());
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(direct(i), f.get(i), 1e-5f, "sequence " + i + " (batched vs alone)");
        }
        assertEquals(3, log.size(), "one progress line per batch of 2: " + log);
        assertTrue(log.get(2).startsWith("BERT features: batch 3/3 (5/5 sequences)"), log.get(2));
        Path file = cache.fileFor(f.key());
        assertTrue(Files.isRegularFile(file));
        try (Stream<Path> s = Files.list(file.getParent())) {
            assertEquals(1, s.count(), "no temporary files left");
        }
        NDArray batch = f.batch(manager, new int[] {3, 0});
        assertEquals(new Shape(2, 9, 32), batch.getShape());
        assertArrayEquals(f.get(3), batch.get(0).toFloatArray());
        assertArrayEquals(f.get(0), batch.get(1).toFloatArray());
        assertThrows(IndexOutOfBoundsException.class, () -> f.batch(manager, new int[] {5}));
        BertFeatures again = cache.computeOrLoad(manager, ids, masks, segs);
        assertTrue(log.get(3).startsWith("BERT features: loaded"), log.get(3));
        assertEquals(f.key(), again.key());
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(f.get(i), again.get(i));
        }
    }

    @Test
    void float16HalvesTheFileAndStaysClose() {
        BertFeatures f32 = cache(BertFeatureCache.Precision.FLOAT32).computeOrLoad(manager, ids, masks, segs);
        BertFeatureCache c16 = cache(BertFeatureCache.Precision.FLOAT16);
        BertFeatures f16 = c16.computeOrLoad(manager, ids, masks, segs);
        assertNotEquals(f32.key(), f16.key());
        BertFeatures reread = BertFeatureCache.read(c16.fileFor(f16.key()));
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(f16.get(i), reread.get(i), "stored values equal the returned ones");
            for (int j = 0; j < f32.get(i).length; j++) {
                float a = f32.get(i)[j];
                assertEquals(a, f16.get(i)[j], Math.abs(a) * 1e-3f + 1e-4f);
            }
        }
    }

    @Test
    void keyDependsOnIdsAndWeights() {
        BertFeatureCache cache = cache(BertFeatureCache.Precision.FLOAT16);
        String k1 = cache.key(ids, masks, segs);
        assertEquals(k1, cache.key(ids, masks, segs));
        List<int[]> changed = new ArrayList<>(ids);
        int[] first = changed.get(0).clone();
        first[1] = first[1] == 7 ? 8 : 7;
        changed.set(0, first);
        assertNotEquals(k1, cache.key(changed, masks, segs));
        BertFeatureCache otherWeights = BertFeatureCache.builder().setEncoder(bert.encoder()).setWeightsId("other")
                .optDirectory(tmp).build();
        assertNotEquals(k1, otherWeights.key(ids, masks, segs));
    }

    @Test
    void corruptOrTruncatedFilesFailWithTheFileName() throws Exception {
        BertFeatureCache cache = cache(BertFeatureCache.Precision.FLOAT16);
        BertFeatures f = cache.computeOrLoad(manager, ids, masks, segs);
        Path file = cache.fileFor(f.key());
        byte[] bytes = Files.readAllBytes(file);
        byte[] flipped = bytes.clone();
        flipped[100] ^= 0x01;
        Path bad = tmp.resolve("flipped.bin");
        Files.write(bad, flipped);
        IllegalArgumentException crc = assertThrows(IllegalArgumentException.class, () -> BertFeatureCache.read(bad));
        assertTrue(crc.getMessage().contains("flipped.bin") && crc.getMessage().contains("CRC"), crc.getMessage());
        Path cut = tmp.resolve("cut.bin");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 50));
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> BertFeatureCache.read(cut));
        assertTrue(size.getMessage().contains("cut.bin"), size.getMessage());
        Path foreign = tmp.resolve("foreign.bin");
        Files.write(foreign, new byte[200]);
        assertThrows(IllegalArgumentException.class, () -> BertFeatureCache.read(foreign));
    }

    @Test
    void rejectsBadInput() {
        BertFeatureCache cache = cache(BertFeatureCache.Precision.FLOAT16);
        List<int[]> outOfVocab = new ArrayList<>(ids);
        outOfVocab.set(2, new int[] {101, 5000, 102, 0, 0, 0, 0, 0, 0});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cache.computeOrLoad(manager, outOfVocab, masks, segs));
        assertTrue(e.getMessage().contains("sequence 2") && e.getMessage().contains("5000"), e.getMessage());
        List<int[]> ragged = new ArrayList<>(ids);
        ragged.set(1, new int[] {101, 102});
        assertThrows(IllegalArgumentException.class, () -> cache.computeOrLoad(manager, ragged, masks, segs));
        List<int[]> badMask = new ArrayList<>(masks);
        badMask.set(0, new int[] {1, 2, 1, 0, 0, 0, 0, 0, 0});
        assertThrows(IllegalArgumentException.class, () -> cache.computeOrLoad(manager, ids, badMask, segs));
        assertThrows(IllegalArgumentException.class, () -> cache.computeOrLoad(manager, ids, masks.subList(0, 3), segs));
        assertThrows(IllegalArgumentException.class, () -> BertFeatureCache.builder().setEncoder(bert.encoder()).build());
        assertThrows(IllegalArgumentException.class,
                () -> BertFeatureCache.builder().setEncoder(bert.encoder()).setWeightsId("w").optBatchSize(0).build());
    }

    /** The Java float16 conversion agrees with libtorch's (round to nearest even), normals, subnormals and overflow. */
    @Test
    void halfConversionMatchesTorch() {
        Random rnd = new Random(3);
        float[] v = new float[4000];
        for (int i = 0; i < v.length; i++) {
            double mag = Math.pow(2, -28 + rnd.nextDouble() * 46); // 2^-28 .. 2^18: subnormal .. overflow
            v[i] = (float) (rnd.nextBoolean() ? mag : -mag);
        }
        v[0] = 0f;
        v[1] = -0f;
        v[2] = 65504f;
        v[3] = 65520f; // rounds to infinity
        NDArray torch = manager.create(v).toType(DataType.FLOAT16, false).toType(DataType.FLOAT32, false);
        float[] want = torch.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            float got = BertFeatureCache.Half.toFloat(BertFeatureCache.Half.fromFloat(v[i]));
            assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(got), "value " + v[i] + ": torch " + want[i] + ", java " + got);
        }
        assertEquals(new Shape(4000), torch.getShape());
    }
}
