package dev.cider.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The BERT block on the tiny configuration with random weights loaded through a TF bundle. */
class BertEncoderTest {
    @TempDir
    Path tmp;
    private NDManager manager;
    private final BertConfig tiny = BertConfig.tiny();

    // Two sequences of length 7: [CLS] w w w [SEP] [PAD] [PAD], and a full one with segment ids.
    private final int[][] ids = {{101 % 200, 17, 42, 5, 102 % 200, 0, 0}, {101 % 200, 9, 150, 77, 3, 60, 102 % 200}};
    private final int[][] masks = {{1, 1, 1, 1, 1, 0, 0}, {1, 1, 1, 1, 1, 1, 1}};
    private final int[][] segs = {{0, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 1, 1, 1, 1}};

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed(1234);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private NDList inputs(NDManager m) {
        return new NDList(m.create(flat(ids)).reshape(2, 7).toType(DataType.INT64, false),
                m.create(flat(masks)).reshape(2, 7).toType(DataType.INT64, false),
                m.create(flat(segs)).reshape(2, 7).toType(DataType.INT64, false));
    }

    private static int[] flat(int[][] a) {
        int[] out = new int[a.length * a[0].length];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, out, i * a[0].length, a[0].length);
        }
        return out;
    }

    @Test
    void matchesAPlainJavaBertForwardPass() throws Exception {
        TinyBert ref = new TinyBert(tiny, 11);
        BertWeights.Loaded bert = ref.load(tmp, manager, true);
        NDArray out = bert.encoder().forward(new ParameterStore(manager, false), inputs(manager), false).singletonOrThrow();
        assertEquals(new Shape(2, 7, tiny.hiddenSize()), out.getShape());
        assertEquals(DataType.FLOAT32, out.getDataType());
        float[] got = out.toFloatArray();
        double maxDiff = 0;
        for (int b = 0; b < 2; b++) {
            double[][] want = ref.forward(ids[b], masks[b], segs[b]);
            for (int t = 0; t < 7; t++) {
                for (int j = 0; j < tiny.hiddenSize(); j++) {
                    maxDiff = Math.max(maxDiff, Math.abs(want[t][j] - got[(b * 7 + t) * tiny.hiddenSize() + j]));
                }
            }
        }
        assertTrue(maxDiff < 1e-4, "max |DJL - reference| = " + maxDiff);

        NDArray logits = bert.head().forward(new ParameterStore(manager, false),
                new NDList(out, bert.encoder().getWordEmbeddings().getArray()), false).singletonOrThrow();
        assertEquals(new Shape(2, 7, tiny.vocabSize()), logits.getShape());
        double[][] wantLogits = ref.mlmLogits(ref.forward(ids[1], masks[1], segs[1]));
        float[] gotLogits = logits.get(1).toFloatArray();
        double maxLogitDiff = 0;
        for (int t = 0; t < 7; t++) {
            for (int v = 0; v < tiny.vocabSize(); v++) {
                maxLogitDiff = Math.max(maxLogitDiff, Math.abs(wantLogits[t][v] - gotLogits[t * tiny.vocabSize() + v]));
            }
        }
        assertTrue(maxLogitDiff < 1e-3, "max |DJL - reference| logits = " + maxLogitDiff);
    }

    @Test
    void loadsKernelsTransposedAndVectorsAsIs() throws Exception {
        TinyBert ref = new TinyBert(tiny, 3);
        BertWeights.Loaded bert = ref.load(tmp, manager, false);
        BertLayer l0 = bert.encoder().layers.get(0);
        float[] kernel = ref.w.get("bert/encoder/layer_0/intermediate/dense/kernel"); // [32, 64]
        NDArray weight = l0.intermediate.getParameters().get("weight").getArray(); // [64, 32]
        assertEquals(new Shape(64, 32), weight.getShape());
        assertArrayEquals(BertWeights.transpose(kernel, 32, 64), weight.toFloatArray());
        assertArrayEquals(ref.w.get("bert/encoder/layer_0/intermediate/dense/bias"),
                l0.intermediate.getParameters().get("bias").getArray().toFloatArray());
        assertArrayEquals(ref.w.get("bert/embeddings/word_embeddings"), bert.encoder().getWordEmbeddings().getArray().toFloatArray());
    }

    @Test
    void paddingDoesNotChangeTheStatesOfRealTokens() {
        BertEncoder enc = initialised(true);
        NDArray full = enc.forward(new ParameterStore(manager, false), inputs(manager), false).singletonOrThrow();
        NDArray ids5 = manager.create(new long[] {ids[0][0], ids[0][1], ids[0][2], ids[0][3], ids[0][4]}).reshape(1, 5);
        NDArray mask5 = manager.ones(new Shape(1, 5), DataType.INT64);
        NDArray short5 = enc.forward(new ParameterStore(manager, false), new NDList(ids5, mask5), false).singletonOrThrow();
        float diff = full.get("0:1, 0:5, :").sub(short5).abs().max().getFloat();
        assertTrue(diff < 1e-5f, "diff " + diff);
    }

    @Test
    void exactErfGelu() {
        NDArray x = manager.linspace(-6f, 6f, 49);
        float[] got = Activation.gelu(x).toFloatArray();
        float[] xs = x.toFloatArray();
        for (int i = 0; i < xs.length; i++) {
            assertEquals(TinyBert.gelu(xs[i]), got[i], 1e-6, "gelu(" + xs[i] + ")");
        }
    }

    @Test
    void attentionBiasIsZeroAtTokensAndMaskBiasAtPadding() {
        BertEncoder enc = BertEncoder.builder().setConfig(tiny).build();
        NDArray bias = enc.attentionBias(manager.create(new long[] {1, 1, 0, 1, 0, 0}).reshape(2, 3));
        assertEquals(new Shape(2, 1, 1, 3), bias.getShape());
        float m = tiny.maskBias();
        assertArrayEquals(new float[] {0, 0, m, 0, m, m}, bias.toFloatArray(), 0f);
    }

    @Test
    void frozenEncoderHasNoGradientsAndNoDropout() {
        BertEncoder frozen = initialised(true);
        for (Pair<String, Parameter> p : frozen.getParameters()) {
            assertFalse(p.getValue().requiresGradient(), p.getKey());
        }
        NDArray train = frozen.forward(new ParameterStore(manager, false), inputs(manager), true).singletonOrThrow();
        NDArray eval = frozen.forward(new ParameterStore(manager, false), inputs(manager), false).singletonOrThrow();
        assertEquals(0f, train.sub(eval).abs().max().getFloat());
        assertTrue(frozen.isFrozen());
    }

    @Test
    void fineTuningEncoderUsesDropoutInTraining() {
        BertEncoder enc = initialised(false);
        NDArray train = enc.forward(new ParameterStore(manager, false), inputs(manager), true).singletonOrThrow();
        NDArray eval = enc.forward(new ParameterStore(manager, false), inputs(manager), false).singletonOrThrow();
        assertTrue(train.sub(eval).abs().max().getFloat() > 1e-3f);
    }

    /** Gradients survive a GC between forward and backward (platform notes: DJL scalar bug) and match a second run. */
    @Test
    void gradientsAreStableAcrossGarbageCollection() {
        BertEncoder enc = BertEncoder.builder().setConfig(tiny.toBuilder().optHiddenDropout(0).optAttentionDropout(0).build()).build();
        Shape s = new Shape(2, 7);
        enc.initialize(manager, DataType.FLOAT32, s, s, s);
        float[] g1 = gradOfQueryWeight(enc, true);
        float[] g2 = gradOfQueryWeight(enc, false);
        for (float v : g1) {
            assertTrue(Float.isFinite(v));
        }
        assertArrayEquals(g2, g1, 1e-6f);
        float norm = 0;
        for (float v : g1) {
            norm += v * v;
        }
        assertTrue(norm > 0, "non-zero gradient");
    }

    private float[] gradOfQueryWeight(BertEncoder enc, boolean gc) {
        try (NDManager m = manager.newSubManager(); GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.zeroGradients();
            NDArray out = enc.forward(new ParameterStore(m, false), inputs(m), true).singletonOrThrow();
            NDArray target = m.arange(out.size()).reshape(out.getShape()).toType(DataType.FLOAT32, false).sin();
            NDArray loss = out.mul(target).sum();
            if (gc) {
                System.gc();
                System.runFinalization();
            }
            collector.backward(loss);
            return enc.layers.get(1).query.getParameters().get("weight").getArray().getGradient().toFloatArray();
        }
    }

    /** Fine-tuning: every parameter tensor (embeddings, dense, LayerNorm) receives a gradient. */
    @Test
    void fineTuningReachesEveryParameter() {
        BertEncoder enc = initialised(false);
        try (NDManager m = manager.newSubManager(); GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.zeroGradients();
            NDArray out = enc.forward(new ParameterStore(m, false), inputs(m), true).singletonOrThrow();
            NDArray target = m.arange(out.size()).reshape(out.getShape()).toType(DataType.FLOAT32, false).cos();
            collector.backward(out.mul(target).sum());
            for (Pair<String, Parameter> p : enc.getParameters()) {
                float norm = p.getValue().getArray().getGradient().abs().sum().getFloat();
                assertTrue(norm > 0 && Float.isFinite(norm), p.getKey() + " gradient norm " + norm);
            }
        }
    }

    /** A (fine-tuned) encoder can be saved and reloaded with DJL's parameter files, bit-identically. */
    @Test
    void savesAndReloadsParameters() throws Exception {
        BertEncoder a = initialised(true);
        Path file = tmp.resolve("bert.params");
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(java.nio.file.Files.newOutputStream(file))) {
            a.saveParameters(out);
        }
        BertEncoder b = BertEncoder.builder().setConfig(tiny).optFrozen(true).build();
        Shape s = new Shape(2, 7);
        b.initialize(manager, DataType.FLOAT32, s, s, s);
        try (java.io.DataInputStream in = new java.io.DataInputStream(java.nio.file.Files.newInputStream(file))) {
            b.loadParameters(manager, in);
        }
        NDArray ya = a.forward(new ParameterStore(manager, false), inputs(manager), false).singletonOrThrow();
        NDArray yb = b.forward(new ParameterStore(manager, false), inputs(manager), false).singletonOrThrow();
        assertArrayEquals(ya.toFloatArray(), yb.toFloatArray());
    }

    @Test
    void parameterGroupsFollowTheReference() {
        BertEncoder enc = initialised(false);
        BertParameterGroups groups = enc.parameterGroups();
        int layers = tiny.numLayers();
        assertEquals(3 + 6 * layers, groups.decay().size(), "3 embedding tables + 6 dense kernels per layer");
        assertEquals(2 + 10 * layers, groups.noDecay().size(), "embedding LayerNorm + 6 biases and 2 LayerNorms per layer");
        for (Pair<String, Parameter> p : groups.noDecay()) {
            assertTrue(p.getValue().getType() != Parameter.Type.WEIGHT, p.getKey());
        }
        assertEquals(5e-5f, groups.learningRate());
        assertEquals(1e-3f, groups.weightDecay());
        String wordId = enc.getWordEmbeddings().getId();
        assertTrue(groups.isDecayed(wordId));
        String lnGamma = enc.embeddingLayerNorm.getParameters().get("gamma").getId();
        assertTrue(groups.isBert(lnGamma));
        assertFalse(groups.isDecayed(lnGamma));
        assertFalse(groups.isBert("not-a-bert-parameter"));
        int h = tiny.hiddenSize();
        int i = tiny.intermediateSize();
        long expected = (long) (tiny.vocabSize() + tiny.maxPositions() + tiny.typeVocabSize()) * h + 2L * h
                + layers * (4L * (h * h + h) + (long) h * i + i + (long) i * h + h + 4L * h);
        assertEquals(expected, groups.size());
    }

    @Test
    void rejectsBadInputsAndConfigurations() {
        BertEncoder enc = initialised(true);
        NDArray ids = manager.zeros(new Shape(1, 65), DataType.INT64);
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> enc.forward(new ParameterStore(manager, false), new NDList(ids, ids), false));
        assertTrue(tooLong.getMessage().contains("exceeds maxPositions 64"), tooLong.getMessage());
        NDArray a = manager.zeros(new Shape(1, 5), DataType.INT64);
        NDArray b = manager.zeros(new Shape(1, 4), DataType.INT64);
        assertThrows(IllegalArgumentException.class, () -> enc.forward(new ParameterStore(manager, false), new NDList(a, b), false));
        assertThrows(IllegalArgumentException.class, () -> BertConfig.builder().setHiddenSize(30).setNumHeads(4).build());
        assertThrows(IllegalArgumentException.class, () -> BertConfig.builder().optHiddenDropout(1.5f).build());
        assertThrows(IllegalArgumentException.class, () -> BertConfig.builder().optHiddenDropout(Float.NaN).build());
        assertThrows(IllegalArgumentException.class, () -> BertEncoder.builder().build());
    }

    @Test
    void loadingChecksShapesAndNames() throws Exception {
        new TinyBert(tiny, 5).write(tmp, "module/");
        BertCheckpoint ckpt = BertCheckpoint.ofDirectory(tmp);
        assertEquals("module/", ckpt.prefix());
        assertEquals(tiny, BertWeights.configOf(ckpt, tiny.numHeads()));
        BertConfig wider = tiny.toBuilder().setIntermediateSize(128).build();
        BertEncoder enc = BertEncoder.builder().setConfig(wider).build();
        Shape s = new Shape(1, 4);
        enc.initialize(manager, DataType.FLOAT32, s, s, s);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BertWeights.load(ckpt, enc, null));
        assertTrue(e.getMessage().contains("intermediate/dense/kernel"), e.getMessage());
        BertEncoder uninitialised = BertEncoder.builder().setConfig(tiny).build();
        assertThrows(IllegalStateException.class, () -> BertWeights.load(ckpt, uninitialised, null));
        assertNotNull(ckpt.weightsId());
    }

    private BertEncoder initialised(boolean frozen) {
        BertEncoder enc = BertEncoder.builder().setConfig(tiny).optFrozen(frozen).build();
        Shape s = new Shape(2, 7);
        enc.initialize(manager, DataType.FLOAT32, s, s, s);
        return enc;
    }
}
