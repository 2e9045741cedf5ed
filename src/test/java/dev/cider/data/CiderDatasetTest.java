package dev.cider.data;

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
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Record;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CiderDatasetTest {

    static List<Sample> tiny(String split) {
        return MmsaPickleReader.read(MmsaPickleReaderTest.fixture("unaligned_tiny.pkl")).split(split);
    }

    /** SYNTHETIC samples of the given sizes (random features, seeded), for shape checks at real sizes. */
    static List<Sample> synthetic(DatasetDims d, int n, long seed) {
        Random r = new Random(seed);
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] ids = new int[d.textLength()];
            int[] mask = new int[d.textLength()];
            ids[0] = 101;
            ids[1] = 2000 + i;
            ids[2] = 102;
            mask[0] = mask[1] = mask[2] = 1;
            float[] a = new float[d.audioLength() * d.audioDim()];
            float[] v = new float[d.visionLength() * d.visionDim()];
            a[0] = r.nextFloat();
            v[0] = r.nextFloat();
            float y = (float) (r.nextInt(61) - 30) / 10f;
            out.add(new Sample("synthetic_" + i, "synthetic", ids, mask, new int[d.textLength()], a, d.audioLength(),
                    d.audioDim(), d.aligned() ? 3 : d.audioLength() - i, v, d.visionLength(), d.visionDim(),
                    d.aligned() ? 3 : d.visionLength() - 1, y, Labels.label3FromScore(y)));
        }
        return out;
    }

    @Test
    void recordLayoutMatchesTheSample() {
        List<Sample> samples = tiny("train");
        CiderDataset ds = CiderDataset.builder().setSamples(samples).setTask(Labels.Task.BINARY)
                .setSampling(2, false).build();
        assertEquals(samples.size(), ds.size());
        try (NDManager m = NDManager.newBaseManager()) {
            for (int i = 0; i < samples.size(); i++) {
                Sample s = samples.get(i);
                Record r = ds.get(m, i);
                NDList d = r.getData();
                assertEquals(CiderDataset.DATA_SIZE, d.size());
                NDArray ids = d.get(CiderDataset.DATA_INPUT_IDS);
                assertEquals(DataType.INT64, ids.getDataType());
                assertEquals(new Shape(12), ids.getShape());
                assertArrayEquals(Arrays.stream(s.inputIds()).asLongStream().toArray(), ids.toLongArray());
                assertArrayEquals(Arrays.stream(s.attentionMask()).asLongStream().toArray(),
                        d.get(CiderDataset.DATA_ATTENTION_MASK).toLongArray());
                assertArrayEquals(new long[12], d.get(CiderDataset.DATA_SEGMENT_IDS).toLongArray());
                NDArray audio = d.get(CiderDataset.DATA_AUDIO);
                assertEquals(DataType.FLOAT32, audio.getDataType());
                assertEquals(new Shape(6, 5), audio.getShape());
                assertArrayEquals(s.audio(), audio.toFloatArray());
                assertEquals(new Shape(), d.get(CiderDataset.DATA_AUDIO_LENGTH).getShape());
                assertEquals(s.audioLength(), d.get(CiderDataset.DATA_AUDIO_LENGTH).getLong());
                assertEquals(new Shape(7, 20), d.get(CiderDataset.DATA_VISION).getShape());
                assertArrayEquals(s.vision(), d.get(CiderDataset.DATA_VISION).toFloatArray());
                assertEquals(s.visionLength(), d.get(CiderDataset.DATA_VISION_LENGTH).getLong());
                NDList l = r.getLabels();
                assertEquals(DataType.INT64, l.get(CiderDataset.LABEL_CLASS).getDataType());
                assertEquals(s.label3(), l.get(CiderDataset.LABEL_CLASS).getLong());
                assertEquals(s.regression(), l.get(CiderDataset.LABEL_REGRESSION).getFloat());
            }
        }
    }

    @Test
    void sevenClassTaskUsesLabel7() {
        List<Sample> samples = tiny("train");
        CiderDataset ds = CiderDataset.builder().setSamples(samples).setTask(Labels.Task.SEVEN).setSampling(1, false).build();
        try (NDManager m = NDManager.newBaseManager()) {
            for (int i = 0; i < samples.size(); i++) {
                assertEquals(samples.get(i).label7(), ds.classLabel(m, i).getLong());
            }
        }
    }

    @Test
    void batchesStackInOrderWithAPartialLastBatch() throws Exception {
        List<Sample> samples = new ArrayList<>(tiny("train"));
        samples.addAll(tiny("valid"));
        samples.addAll(tiny("test")); // 8 samples
        CiderDataset ds = CiderDataset.builder().setSamples(samples).setTask(Labels.Task.BINARY).setSampling(3, false).build();
        List<Long> sizes = new ArrayList<>();
        List<Long> labels = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            for (Batch b : ds.getData(m)) {
                NDList d = b.getData();
                long bs = d.get(0).getShape().get(0);
                sizes.add(bs);
                assertEquals(new Shape(bs, 12), d.get(CiderDataset.DATA_INPUT_IDS).getShape());
                assertEquals(new Shape(bs, 6, 5), d.get(CiderDataset.DATA_AUDIO).getShape());
                assertEquals(new Shape(bs), d.get(CiderDataset.DATA_AUDIO_LENGTH).getShape());
                assertEquals(new Shape(bs, 7, 20), d.get(CiderDataset.DATA_VISION).getShape());
                assertEquals(new Shape(bs), b.getLabels().get(CiderDataset.LABEL_CLASS).getShape());
                for (long v : b.getLabels().get(CiderDataset.LABEL_CLASS).toLongArray()) {
                    labels.add(v);
                }
                b.close();
            }
        }
        assertEquals(List.of(3L, 3L, 2L), sizes);
        assertEquals(samples.stream().map(s -> (long) s.label3()).toList(), labels);
    }

    private static List<Long> epochOrder(CiderDataset ds, NDManager m) throws Exception {
        List<Long> order = new ArrayList<>();
        for (Batch b : ds.getData(m)) {
            for (float y : b.getLabels().get(CiderDataset.LABEL_REGRESSION).toFloatArray()) {
                order.add((long) Float.floatToIntBits(y));
            }
            b.close();
        }
        return order;
    }

    @Test
    void shuffleIsSeeded() throws Exception {
        List<Sample> samples = synthetic(DatasetDims.MOSI_ALIGNED, 24, 7);
        try (NDManager m = NDManager.newBaseManager()) {
            CiderDataset a = CiderDataset.builder().setSamples(samples).setTask(Labels.Task.BINARY)
                    .setSampling(5, true).optSeed(1111).build();
            CiderDataset b = CiderDataset.builder().setSamples(samples).setTask(Labels.Task.BINARY)
                    .setSampling(5, true).optSeed(1111).build();
            CiderDataset c = CiderDataset.builder().setSamples(samples).setTask(Labels.Task.BINARY)
                    .setSampling(5, true).optSeed(2222).build();
            List<Long> a1 = epochOrder(a, m);
            List<Long> a2 = epochOrder(a, m);
            assertEquals(a1, epochOrder(b, m), "same seed, same order");
            assertEquals(a2, epochOrder(b, m), "same seed, same second epoch");
            assertNotEquals(a1, a2, "each epoch draws a new permutation");
            assertNotEquals(a1, epochOrder(c, m));
            List<Long> sorted = new ArrayList<>(a1);
            sorted.sort(null);
            List<Long> all = new ArrayList<>(samples.stream().map(s -> (long) Float.floatToIntBits(s.regression())).toList());
            all.sort(null);
            assertEquals(all, sorted, "a permutation of every sample");
        }
    }

    @Test
    void realSizesMosiAndMosei() {
        for (DatasetDims d : List.of(DatasetDims.MOSI_UNALIGNED, DatasetDims.MOSEI_UNALIGNED, DatasetDims.MOSI_ALIGNED,
                DatasetDims.MOSEI_ALIGNED)) {
            CiderDataset ds = CiderDataset.builder().setSamples(synthetic(d, 2, 3)).setTask(Labels.Task.BINARY)
                    .optDims(d).setSampling(2, false).build();
            try (NDManager m = NDManager.newBaseManager()) {
                NDList x = ds.get(m, 1).getData();
                assertEquals(new Shape(d.textLength()), x.get(CiderDataset.DATA_INPUT_IDS).getShape());
                assertEquals(new Shape(d.audioLength(), d.audioDim()), x.get(CiderDataset.DATA_AUDIO).getShape());
                assertEquals(new Shape(d.visionLength(), d.visionDim()), x.get(CiderDataset.DATA_VISION).getShape());
            }
        }
    }

    @Test
    void badConfigurationIsRejected() {
        List<Sample> samples = tiny("train");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CiderDataset.builder().setSamples(samples).setTask(Labels.Task.BINARY).optDims(DatasetDims.MOSI_UNALIGNED)
                        .setSampling(2, false).build());
        assertTrue(e.getMessage().contains("text length 12, expected 50"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CiderDataset.builder().setSamples(samples).setTask(Labels.Task.BINARY).setSampling(2, true).build());
        assertTrue(e.getMessage().contains("optSeed"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> CiderDataset.builder().setSamples(samples).setSampling(2, false).build());
        assertThrows(IllegalArgumentException.class,
                () -> CiderDataset.builder().setSamples(List.of()).setTask(Labels.Task.BINARY).setSampling(2, false).build());
        assertThrows(IllegalArgumentException.class,
                () -> CiderDataset.builder().setSamples(samples).setTask(Labels.Task.BINARY).setSampling(0, false).build());
        List<Sample> mixed = new ArrayList<>(samples);
        mixed.addAll(synthetic(DatasetDims.MOSI_ALIGNED, 1, 1));
        e = assertThrows(IllegalArgumentException.class,
                () -> CiderDataset.builder().setSamples(mixed).setTask(Labels.Task.BINARY).setSampling(2, false).build());
        assertTrue(e.getMessage().contains("synthetic_0"), e.getMessage());
    }
}
