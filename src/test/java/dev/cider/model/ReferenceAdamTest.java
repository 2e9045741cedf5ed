package dev.cider.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.engine.Engine;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ReferenceAdam against PyTorch's Adam formula evaluated in double, with per-parameter step counts. */
class ReferenceAdamTest {

    private static Parameter param(NDManager m, String name, float[] values) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT)
                .optArray(m.create(values, new Shape(values.length))).build();
        p.getArray().setRequiresGradient(true);
        return p;
    }

    /** Makes the gradient of p equal g through a real backward of sum(p * g) (after clearing it). */
    private static void setGrad(Parameter p, float[] g) {
        NDArray x = p.getArray();
        try (NDArray old = x.getGradient()) {
            old.subi(old);
        }
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(x.mul(x.getManager().create(g)).sum());
        }
    }

    @Test
    void twoStepsFollowPytorchFormulaAndSkipParametersWithoutGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] x0 = {0.5f, -1.0f, 2.0f};
            Parameter a = param(m, "a", x0);
            Parameter b = param(m, "b", new float[] {1f, 1f});
            double lr = 1e-2;
            double wd = 0.1;
            try (ReferenceAdam adam = ReferenceAdam.builder().setManager(m).addGroup("g", List.of(a, b), lr, wd).build()) {
                float[][] grads = {{0.3f, -0.2f, 1e-3f}, {-0.1f, 0.4f, 0.5f}};
                double[] x = {x0[0], x0[1], x0[2]};
                double[] mm = new double[3];
                double[] vv = new double[3];
                for (int t = 1; t <= 2; t++) {
                    setGrad(a, grads[t - 1]);
                    adam.step(List.of(a));
                    for (int i = 0; i < 3; i++) {
                        double g = grads[t - 1][i] + wd * x[i];
                        mm[i] = 0.9 * mm[i] + 0.1 * g;
                        vv[i] = 0.999 * vv[i] + 0.001 * g * g;
                        double denom = Math.sqrt(vv[i]) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8;
                        x[i] -= lr / (1 - Math.pow(0.9, t)) * mm[i] / denom;
                    }
                }
                float[] got = a.getArray().toFloatArray();
                for (int i = 0; i < 3; i++) {
                    assertEquals(x[i], got[i], 1e-6, "entry " + i);
                }
                assertEquals(2, adam.stepCount(a));
                assertEquals(0, adam.stepCount(b));
                assertArrayEquals(new float[] {1f, 1f}, b.getArray().toFloatArray());
            }
        }
    }

    @Test
    void badSettingsAreRejected() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter a = param(m, "a", new float[] {1f});
            assertThrows(IllegalArgumentException.class, () -> ReferenceAdam.builder().setManager(m).build());
            assertThrows(IllegalArgumentException.class,
                    () -> ReferenceAdam.builder().setManager(m).addGroup("g", List.of(a), -1, 0));
            assertThrows(IllegalArgumentException.class, () -> ReferenceAdam.builder().optBetas(1.0, 0.999));
            assertThrows(IllegalArgumentException.class, () -> ReferenceAdam.builder().setManager(m)
                    .addGroup("g", List.of(a), 1e-3, 0).addGroup("h", List.of(a), 1e-3, 0).build());
        }
    }
    /**
     * exportState/importState round trip: an optimizer that imports another's state after two steps
     * takes the same third step (same moments and step counts); a missing or misshapen state is
     * rejected before anything changes.
     */
    @Test
    void exportedStateResumesTheSameSteps() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] x0 = {0.5f, -1.0f, 2.0f};
            Parameter a = param(m, "a", x0);
            Parameter b = param(m, "b", new float[] {1f, 1f});
            Parameter a2 = param(m, "a", x0);
            Parameter b2 = param(m, "b", new float[] {1f, 1f});
            float[][] grads = {{0.3f, -0.2f, 1e-3f}, {-0.1f, 0.4f, 0.5f}, {0.2f, 0.2f, -0.7f}};
            try (ReferenceAdam adam = ReferenceAdam.builder().setManager(m).addGroup("g", List.of(a, b), 1e-2, 0.1).build();
                 ReferenceAdam resumed = ReferenceAdam.builder().setManager(m).addGroup("g", List.of(a2, b2), 1e-2, 0.1)
                         .build()) {
                for (int t = 0; t < 2; t++) {
                    setGrad(a, grads[t]);
                    adam.step(List.of(a));
                }
                var saved = adam.exportState();
                assertEquals(List.of(a, b), List.copyOf(saved.keySet()));
                assertEquals(2, saved.get(a).step());
                assertArrayEquals(new long[] {3}, saved.get(a).shape());
                assertEquals(null, saved.get(b).m());
                assertEquals(0, saved.get(b).step());

                var missing = new java.util.IdentityHashMap<Parameter, ReferenceAdam.ParameterState>();
                missing.put(a2, saved.get(a));
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> resumed.importState(missing, "state.ckpt"));
                assertEquals("state.ckpt: no optimizer state for parameter b", e.getMessage());
                var misshapen = new java.util.IdentityHashMap<Parameter, ReferenceAdam.ParameterState>();
                misshapen.put(a2, saved.get(a));
                misshapen.put(b2, saved.get(a));
                assertThrows(IllegalArgumentException.class, () -> resumed.importState(misshapen, "state.ckpt"));
                assertEquals(0, resumed.stepCount(a2), "a rejected import changes nothing");

                a2.getArray().set(a.getArray().toFloatArray());
                var mine = new java.util.IdentityHashMap<Parameter, ReferenceAdam.ParameterState>();
                mine.put(a2, saved.get(a));
                mine.put(b2, saved.get(b));
                resumed.importState(mine, "state.ckpt");
                assertEquals(2, resumed.stepCount(a2));
                setGrad(a, grads[2]);
                adam.step(List.of(a));
                setGrad(a2, grads[2]);
                resumed.step(List.of(a2));
                assertArrayEquals(a.getArray().toFloatArray(), a2.getArray().toFloatArray());
                assertArrayEquals(adam.exportState().get(a).v(), resumed.exportState().get(a2).v());
                assertEquals(3, resumed.stepCount(a2));
            }
        }
    }

    @Test
    void inconsistentParameterStateIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new ReferenceAdam.ParameterState(new float[2], null, new long[] {2}, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new ReferenceAdam.ParameterState(new float[2], new float[2], new long[] {3}, 1));
        assertThrows(IllegalArgumentException.class, () -> new ReferenceAdam.ParameterState(null, null, null, -1));
    }
}
