package dev.cider.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.cider.data.DatasetDims;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Shapes, ablation switches, positional modes, input checks, determinism and the update's step counts (synthetic inputs). */
class CiderModelTest {
    /** Small synthetic dims: T_l 6, T_a 9, T_v 8, d 16/3/4. */
    static final DatasetDims TINY = new DatasetDims("tiny-synthetic", 6, 9, 8, 16, 3, 4, false);
    static final DatasetDims TINY_ALIGNED = new DatasetDims("tiny-synthetic", 6, 6, 6, 16, 3, 4, true);

    static CiderModel model(NDManager m, DatasetDims d, CiderModel.Builder extra) {
        Engine.getInstance().setRandomSeed(11);
        return extra.setDims(d).setNumClasses(3).optLayers(2).optHeads(4).optEmbedDim(8).optAllDropouts(0f).build()
                .initialize(m);
    }

    /** A synthetic batch: lengths vary per sample, features random from the engine RNG (seeded). */
    static CiderInput input(NDManager m, DatasetDims d, int b, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        int[] tl = new int[b];
        float[] tm = new float[b * d.textLength()];
        float[] am = new float[b * d.audioLength()];
        float[] vm = new float[b * d.visionLength()];
        for (int i = 0; i < b; i++) {
            tl[i] = d.textLength() - (i % 3);
            for (int t = 0; t < tl[i]; t++) {
                tm[i * d.textLength() + t] = 1;
            }
            for (int t = 0; t < d.audioLength() - i % 2; t++) {
                am[i * d.audioLength() + t] = 1;
            }
            for (int t = 0; t < d.visionLength() - i % 3; t++) {
                vm[i * d.visionLength() + t] = 1;
            }
        }
        int p = d.prototypeDim();
        return CiderInput.ofFeatures(m.randomNormal(new Shape(b, d.textLength(), d.textDim())),
                m.create(tm, new Shape(b, d.textLength())),
                m.randomNormal(new Shape(b, d.audioLength(), d.audioDim())), m.create(am, new Shape(b, d.audioLength())),
                m.randomNormal(new Shape(b, d.visionLength(), d.visionDim())), m.create(vm, new Shape(b, d.visionLength())),
                m.randomNormal(new Shape(3, p)), m.create(new float[] {0.3f, 0.2f, 0.5f}));
    }

    private static void assertLogProbs(NDArray pred, long b) {
        assertEquals(new Shape(b, 3), pred.getShape());
        float[] lse = pred.exp().sum(new int[] {1}).toFloatArray();
        for (float v : lse) {
            assertEquals(1.0, v, 1e-5);
        }
    }

    @Test
    void forwardShapesForEveryVariant() {
        CiderModel.Builder[] variants = {
            CiderModel.builder(),
            CiderModel.builder().optUseWsam(false),
            CiderModel.builder().optMctVariant(MctVariant.PLAIN),
            CiderModel.builder().optUseMcm(false),
            CiderModel.builder().optPositionalMode(PositionalMode.SEQUENCE_POSITION),
        };
        for (DatasetDims d : new DatasetDims[] {TINY, TINY_ALIGNED}) {
            for (CiderModel.Builder v : variants) {
                try (NDManager m = NDManager.newBaseManager()) {
                    CiderModel model = model(m, d, v);
                    CiderOutput o = model.forward(new ParameterStore(m, false), input(m, d, 4, 3), true, true, null);
                    assertLogProbs(o.pred(), 4);
                    assertEquals(new Shape(4, 24), o.jointRep().getShape());
                    assertEquals(new Shape(16, 18, 18), o.attentionScores().getShape());
                    assertEquals(new Shape(4, 18, 8), o.mctOut().getShape());
                    assertEquals(new Shape(4, d.audioLength(), 3), o.reconAudio().getShape());
                    assertEquals(new Shape(4, d.visionLength(), 4), o.reconVision().getShape());
                    assertEquals(new Shape(4, 6, 16), o.reconText().getShape());
                }
            }
        }
    }

    @Test
    void wsamMaskZeroesClsSepAndPadding() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray tm = m.create(new float[] {1, 1, 1, 1, 0, 0}, new Shape(1, 6));
            NDArray am = m.create(new long[] {1, 1, 0}, new Shape(1, 3));
            float[] mask = Wsam.referenceMask(tm, am).toFloatArray();
            for (int t = 0; t < 6; t++) {
                for (int k = 0; k < 3; k++) {
                    float expected = (t == 1 || t == 2) && k < 2 ? 1f : 0f;
                    assertEquals(expected, mask[t * 3 + k], "row " + t + " key " + k);
                }
            }
        }
    }

    @Test
    void wsamRowsOutsideTheMaskEqualTheOutProjBias() {
        try (NDManager m = NDManager.newBaseManager()) {
            CiderModel model = model(m, TINY, CiderModel.builder());
            Map<String, Parameter> sd = model.torchStateDict();
            sd.get("a_compress.out_proj.bias").getArray().set(new float[] {1, 2, 3, 4, 5, 6, 7, 8});
            Map<String, NDArray> trace = new HashMap<>();
            model.forward(new ParameterStore(m, false), input(m, TINY, 2, 5), false, false, trace);
            NDArray wsam = trace.get("wsam_a"); // (T_l, B, D)
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, wsam.get(new NDIndex("0, 0")).toFloatArray());
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, wsam.get(new NDIndex("5, 0")).toFloatArray()); // [SEP]
            float rowSum = trace.get("wsam_a_weights").get(new NDIndex("0, 2")).sum().getFloat();
            assertEquals(1.0, rowSum, 1e-5);
        }
    }

    @Test
    void referencePositionalTermDependsOnBatchPositionCorrectedOneDoesNot() {
        for (PositionalMode mode : new PositionalMode[] {PositionalMode.REFERENCE_BATCH_INDEX, PositionalMode.SEQUENCE_POSITION}) {
            try (NDManager m = NDManager.newBaseManager()) {
                CiderModel model = model(m, TINY, CiderModel.builder().optPositionalMode(mode));
                CiderInput in = input(m, TINY, 3, 9);
                NDIndex swap = new NDIndex("{}", m.create(new long[] {1, 0, 2}));
                CiderInput swapped = CiderInput.ofFeatures(in.textFeatures().get(swap), in.textMask().get(swap),
                        in.audio().get(swap), in.audioMask().get(swap), in.vision().get(swap), in.visionMask().get(swap),
                        in.prototypes(), in.priors());
                ParameterStore ps = new ParameterStore(m, false);
                float[] a = model.forward(ps, in, false, false, null).pred().get(swap).toFloatArray();
                float[] b = model.forward(ps, swapped, false, false, null).pred().toFloatArray();
                double maxDiff = 0;
                for (int i = 0; i < a.length; i++) {
                    maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
                }
                if (mode == PositionalMode.REFERENCE_BATCH_INDEX) {
                    assertTrue(maxDiff > 1e-5, "reference mode should depend on batch position");
                } else {
                    assertTrue(maxDiff < 1e-5, "sequence mode should not depend on batch position: " + maxDiff);
                }
            }
        }
    }

    @Test
    void sinusoidTableMatchesTheFormula() {
        float[] pe = MultimodalCompositeTransformer.sinusoidTable(5, 8);
        for (int p = 0; p < 5; p++) {
            for (int i = 0; i < 4; i++) {
                double w = Math.exp(2 * i * (-Math.log(10000.0) / 8));
                assertEquals(Math.sin(p * w), pe[p * 8 + 2 * i], 1e-6);
                assertEquals(Math.cos(p * w), pe[p * 8 + 2 * i + 1], 1e-6);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> MultimodalCompositeTransformer.sinusoidTable(1025, 8));
    }

    @Test
    void badInputsAndOptionsAreRejectedWithClearMessages() {
        try (NDManager m = NDManager.newBaseManager()) {
            CiderModel model = model(m, TINY, CiderModel.builder());
            CiderInput in = input(m, TINY, 2, 1);
            CiderInput bad = CiderInput.ofFeatures(in.textFeatures(), in.textMask(), m.zeros(new Shape(2, 9, 5)),
                    in.audioMask(), in.vision(), in.visionMask(), in.prototypes(), in.priors());
            var e = assertThrows(IllegalArgumentException.class,
                    () -> model.forward(new ParameterStore(m, false), bad, false, false, null));
            assertTrue(e.getMessage().contains("audio"), e.getMessage());
            NDArray nanVision = in.vision().duplicate();
            nanVision.set(new NDIndex("0, 0, 0"), Float.NaN);
            CiderInput nan = CiderInput.ofFeatures(in.textFeatures(), in.textMask(), in.audio(), in.audioMask(),
                    nanVision, in.visionMask(), in.prototypes(), in.priors());
            var en = assertThrows(IllegalArgumentException.class,
                    () -> model.forward(new ParameterStore(m, false), nan, false, false, null));
            assertTrue(en.getMessage().contains("vision") && en.getMessage().contains("NaN"), en.getMessage());
            Map<String, float[]> values = new LinkedHashMap<>();
            values.put("proj_l.weight", new float[8 * 16]);
            Map<String, long[]> shapes = Map.of("proj_l.weight", new long[] {8, 16});
            var e2 = assertThrows(IllegalArgumentException.class, () -> model.loadTorchParameters(values, shapes, "x.npz"));
            assertTrue(e2.getMessage().contains("proj_l.weight") && e2.getMessage().contains("x.npz"), e2.getMessage());
            var e3 = assertThrows(IllegalArgumentException.class,
                    () -> model.loadTorchParameters(Map.of("nope.weight", new float[1]), Map.of("nope.weight", new long[] {1}), "y"));
            assertTrue(e3.getMessage().contains("nope.weight"), e3.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> CiderModel.builder().setDims(TINY).setNumClasses(3).optOutDropout(1.5f).build());
        assertThrows(IllegalArgumentException.class, () -> CiderModel.builder().setDims(TINY).setNumClasses(3).optHeads(5).build());
        assertThrows(IllegalArgumentException.class, () -> CiderModel.builder().setNumClasses(3).build());
    }

    @Test
    void sameSeedSameNumbers() {
        float[][] preds = new float[2][];
        for (int r = 0; r < 2; r++) {
            try (NDManager m = NDManager.newBaseManager()) {
                Engine.getInstance().setRandomSeed(21);
                CiderModel model = CiderModel.builder().setDims(TINY).setNumClasses(3).optLayers(1).optHeads(2)
                        .optEmbedDim(8).build().initialize(m);
                CiderInput in = input(m, TINY, 2, 4);
                Engine.getInstance().setRandomSeed(5);
                preds[r] = model.forward(new ParameterStore(m, false), in, true, false, null).pred().toFloatArray();
            }
        }
        assertArrayEquals(preds[0], preds[1]);
    }

    @Test
    void referenceUpdateStepsReconstructionHeadsOnceAndDiffersFromCorrectedMode() {
        float[][] after = new float[2][];
        TwoStageUpdate.Mode[] modes = {TwoStageUpdate.Mode.REFERENCE, TwoStageUpdate.Mode.ZERO_GRAD_BETWEEN};
        for (int r = 0; r < 2; r++) {
            try (NDManager m = NDManager.newBaseManager()) {
                CiderModel model = model(m, TINY, CiderModel.builder());
                CiderInput teacher = input(m, TINY, 3, 2);
                CiderInput student = teacher.withTextFeatures(teacher.textFeatures().mul(m.create(0.5f)));
                NDArray textDropped = m.zeros(new Shape(3, 6));
                textDropped.set(new NDIndex(":, 2"), 1f);
                DistillationBatch batch = new DistillationBatch(teacher, student, m.create(new long[] {0, 1, 2}),
                        teacher.audio(), teacher.vision(), textDropped, m.zeros(new Shape(3, 9)), m.zeros(new Shape(3, 8)));
                try (ReferenceAdam adam = ReferenceAdam.forCider(model, m, 1e-3, 5e-5, 1e-3)) {
                    TwoStageUpdate up = TwoStageUpdate.builder().setModel(model).setOptimizer(adam).optMode(modes[r])
                            .optBeforeBackward(System::gc).build();
                    TwoStageUpdate.StepResult res = up.step(batch);
                    assertTrue(Float.isFinite(res.total()) && res.total() > 0);
                    Map<String, Parameter> sd = model.torchStateDict();
                    assertEquals(1, adam.stepCount(sd.get("recon_text.weight")));
                    assertEquals(2, adam.stepCount(sd.get("proj_l.weight")));
                    after[r] = sd.get("classifiers.0.weight").getArray().toType(DataType.FLOAT32, true).toFloatArray();
                }
            }
        }
        assertNotEquals(after[0][0], after[1][0]);
    }

    @Test
    void djlStyleForwardGivesTheSameOutputs() {
        try (NDManager m = NDManager.newBaseManager()) {
            CiderModel model = model(m, TINY, CiderModel.builder());
            CiderInput in = input(m, TINY, 2, 8);
            ParameterStore ps = new ParameterStore(m, false);
            CiderOutput o = model.forward(ps, in, false, false, null);
            ai.djl.ndarray.NDList out = model.forward(ps, new ai.djl.ndarray.NDList(in.textFeatures(), in.textMask(),
                    in.audio(), in.audioMask(), in.vision(), in.visionMask(), in.prototypes(), in.priors()), false);
            assertEquals(4, out.size());
            assertArrayEquals(o.pred().toFloatArray(), out.get(0).toFloatArray());
            assertArrayEquals(o.attentionScores().toFloatArray(), out.get(2).toFloatArray());
            assertEquals(model.getOutputShapes(new Shape[] {in.textFeatures().getShape()})[2], out.get(2).getShape());
        }
    }
}
