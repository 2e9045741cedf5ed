package dev.cider.train;

import ai.djl.nn.Parameter;
import dev.cider.model.ReferenceAdam;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names {@link ReferenceAdam}'s per-parameter state (moments and step count, exported by
 * {@link ReferenceAdam#exportState()}) with the checkpoint's parameter names, and back
 * ({@link ReferenceAdam#importState}), for resumable runs.
 */
final class AdamStateIo {
    private AdamStateIo() {}

    /** The state of every parameter in the optimizer's groups, keyed by {@code names}. */
    static Map<String, ReferenceAdam.ParameterState> export(ReferenceAdam adam, Map<Parameter, String> names) {
        Map<String, ReferenceAdam.ParameterState> out = new LinkedHashMap<>();
        for (var e : adam.exportState().entrySet()) {
            String name = names.get(e.getKey());
            if (name == null) {
                throw new IllegalStateException("optimizer parameter " + e.getKey().getName() + " has no checkpoint name");
            }
            out.put(name, e.getValue());
        }
        return out;
    }

    /** Restores states exported by {@link #export}; every optimizer parameter must be present. */
    static void restore(ReferenceAdam adam, Map<Parameter, String> names, Map<String, ReferenceAdam.ParameterState> saved,
                        String source) {
        Map<Parameter, ReferenceAdam.ParameterState> byParameter = new LinkedHashMap<>();
        for (ReferenceAdam.Group g : adam.groups()) {
            for (Parameter p : g.parameters()) {
                String name = names.get(p);
                ReferenceAdam.ParameterState st = saved.get(name);
                if (st == null) {
                    throw new IllegalArgumentException(source + ": no optimizer state for parameter " + name);
                }
                byParameter.put(p, st);
            }
        }
        adam.importState(byParameter, source);
    }
}
