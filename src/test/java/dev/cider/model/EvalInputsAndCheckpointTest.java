package dev.cider.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.cider.util.Npz;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Evaluation prototypes/priors as the reference builds them; DJL save/load of the whole model. */
class EvalInputsAndCheckpointTest {

    @Test
    void meanPrototypesEqualTheOraclesEvalPrototype() {
        var fwd = OracleBatch.defaultFixture();
        Assumptions.assumeTrue(fwd.isPresent(), "../shared/oracle absent");
        Npz npz = Npz.read(fwd.get());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray perClass = OracleBatch.f32(m, npz, "in/cls_feats_test_per_class");
            NDArray mean = CiderInput.meanPrototypes(perClass);
            float[] want = npz.get("in/cls_feats_eval").floats();
            float[] got = mean.toFloatArray();
            int p = want.length;
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < p; i++) {
                    assertEquals(want[i], got[c * p + i], 1e-6, "class " + c + " entry " + i);
                }
            }
            assertArrayEquals(npz.get("in/cls_probs_eval").floats(), CiderInput.uniformPriors(m, 3).toFloatArray());
        }
    }

    @Test
    void savedParametersReloadIntoAFreshModel() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            CiderModel a = CiderModelTest.model(m, CiderModelTest.TINY, CiderModel.builder());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            a.saveParameters(new DataOutputStream(bytes));
            Engine.getInstance().setRandomSeed(999);
            CiderModel b = CiderModel.builder().setDims(CiderModelTest.TINY).setNumClasses(3).optLayers(2).optHeads(4)
                    .optEmbedDim(8).optAllDropouts(0f).build().initialize(m);
            b.loadParameters(m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            var sa = a.torchStateDict();
            var sb = b.torchStateDict();
            for (String name : sa.keySet()) {
                assertArrayEquals(sa.get(name).getArray().toFloatArray(), sb.get(name).getArray().toFloatArray(), name);
            }
            CiderInput in = CiderModelTest.input(m, CiderModelTest.TINY, 2, 3);
            ParameterStore ps = new ParameterStore(m, false);
            // equal up to float32 rounding (reloaded arrays may take other vectorised kernel paths)
            assertArrayEquals(a.forward(ps, in, false, false, null).pred().toFloatArray(),
                    b.forward(ps, in, false, false, null).pred().toFloatArray(), 1e-6f);
        }
    }
}
