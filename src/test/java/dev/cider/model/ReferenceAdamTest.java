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
}
