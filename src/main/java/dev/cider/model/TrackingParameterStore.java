package dev.cider.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A {@link ParameterStore} that records which parameters a forward pass read. A parameter that is
 * not read receives no gradient — PyTorch leaves its {@code .grad} as None and {@code Adam} skips
 * it (spec 5.1; the reconstruction heads in the teacher pass) — so {@link ReferenceAdam} steps only
 * the recorded ones.
 */
public final class TrackingParameterStore extends ParameterStore {
    private final Set<Parameter> used = new LinkedHashSet<>();

    /** A store on {@code manager} that hands out the parameters' own arrays (no copies). */
    public TrackingParameterStore(NDManager manager) {
        super(manager, false);
    }

    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        used.add(parameter);
        return super.getValue(parameter, device, training);
    }

    /** Parameters read since creation or the last {@link #clearUsed()}. */
    public Set<Parameter> used() { return Collections.unmodifiableSet(used); }

    /** Forgets the recorded parameters. */
    public void clearUsed() { used.clear(); }
}
