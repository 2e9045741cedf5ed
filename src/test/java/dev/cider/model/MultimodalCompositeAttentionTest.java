package dev.cider.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The block-wise masked branches equal the reference's masked form (−1e9 key bias, zeroed query rows). */
class MultimodalCompositeAttentionTest {

    @Test
    void blockwiseBranchesEqualTheMaskedFormulation() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(17);
            int t = 5;
            NDArray q = m.randomNormal(new Shape(6, 3 * t, 4));
            NDArray k = m.randomNormal(new Shape(6, 3 * t, 4));
            NDArray v = m.randomNormal(new Shape(6, 3 * t, 4));
            NDArray scores = q.batchMatMul(k.transpose(0, 2, 1));
            for (int b = 1; b < 7; b++) {
                NDArray[] mk = MultimodalCompositeAttention.branchMasks(m, b, t);
                // the reference: key modalities outside the branch get -1e9; rows outside it are zeroed
                NDArray reference = scores.add(mk[0]).softmax(-1).mul(mk[1]).batchMatMul(v);
                NDArray ours = MultimodalCompositeAttention.maskedBranch(q, k, v, b, t);
                float[] a = reference.toFloatArray();
                float[] o = ours.toFloatArray();
                assertEquals(a.length, o.length);
                double max = 0;
                for (int i = 0; i < a.length; i++) {
                    max = Math.max(max, Math.abs(a[i] - o[i]));
                }
                assertEquals(0.0, max, 1e-6, "branch " + MultimodalCompositeAttention.BRANCH_NAMES[b]);
            }
        }
    }
}
