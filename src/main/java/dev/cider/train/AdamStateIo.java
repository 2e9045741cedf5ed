package dev.cider.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.cider.model.ReferenceAdam;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Saves and restores {@link ReferenceAdam}'s per-parameter state (first and second moments and the
 * per-parameter step count t) for resumable runs.
 *
 * <p>{@code ReferenceAdam} (model package) exposes its step counts but not its moments, and this
 * package must not edit it; so the state is read and written through reflection on its private
 * fields {@code states}, {@code manager} and {@code State.m / v / step}. If those fields change, every
 * call here fails loudly (and the resume test with it); a public export/import on
 * {@code ReferenceAdam} would replace this class.
 */
final class AdamStateIo {
    private AdamStateIo() {}

    /** Per-parameter state: moments (null before the first step) and step count. */
    record State(float[] m, float[] v, long[] shape, int step) {}

    @SuppressWarnings("unchecked")
    private static Map<Parameter, Object> states(ReferenceAdam adam) {
        try {
            Field f = ReferenceAdam.class.getDeclaredField("states");
            f.setAccessible(true);
            return (Map<Parameter, Object>) f.get(adam);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ReferenceAdam's internal state layout changed; cannot checkpoint the "
                    + "optimizer: " + e, e);
        }
    }

    private static Field field(Object o, String name) throws NoSuchFieldException {
        Field f = o.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    /** The state of every parameter in the optimizer's groups, keyed by {@code names}. */
    static Map<String, State> export(ReferenceAdam adam, Map<Parameter, String> names) {
        Map<String, State> out = new LinkedHashMap<>();
        try {
            for (var e : states(adam).entrySet()) {
                String name = names.get(e.getKey());
                if (name == null) {
                    throw new IllegalStateException("optimizer parameter " + e.getKey().getName() + " has no checkpoint name");
                }
                Object s = e.getValue();
                NDArray m = (NDArray) field(s, "m").get(s);
                NDArray v = (NDArray) field(s, "v").get(s);
                int step = field(s, "step").getInt(s);
                out.put(name, new State(m == null ? null : m.toFloatArray(), v == null ? null : v.toFloatArray(),
                        m == null ? null : m.getShape().getShape(), step));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ReferenceAdam's internal state layout changed: " + e, e);
        }
        return out;
    }

    /** Restores states exported by {@link #export}; every optimizer parameter must be present. */
    static void restore(ReferenceAdam adam, Map<Parameter, String> names, Map<String, State> saved, String source) {
        try {
            Field mf = ReferenceAdam.class.getDeclaredField("manager");
            mf.setAccessible(true);
            NDManager manager = (NDManager) mf.get(adam);
            for (var e : states(adam).entrySet()) {
                String name = names.get(e.getKey());
                State st = saved.get(name);
                if (st == null) {
                    throw new IllegalArgumentException(source + ": no optimizer state for parameter " + name);
                }
                Object s = e.getValue();
                Field m = field(s, "m");
                Field v = field(s, "v");
                for (Field f : new Field[] {m, v}) {
                    NDArray old = (NDArray) f.get(s);
                    if (old != null) {
                        old.close();
                    }
                }
                if (st.m() == null) {
                    m.set(s, null);
                    v.set(s, null);
                } else {
                    m.set(s, manager.create(st.m(), new Shape(st.shape())));
                    v.set(s, manager.create(st.v(), new Shape(st.shape())));
                }
                field(s, "step").setInt(s, st.step());
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ReferenceAdam's internal state layout changed: " + e, e);
        }
    }
}
