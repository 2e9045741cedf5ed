package dev.cider.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.cider.util.NoGrad;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Adam with PyTorch's exact single-tensor formula and per-parameter step counts (spec 5.2; oracle
 * README "The training step"):
 * g ← g + wd·p (coupled L2, not AdamW); m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
 * p ← p − (lr/(1−β1^t)) · m / (√v/√(1−β2^t) + ε).
 *
 * <p>Only the parameters passed to {@link #step} are stepped, each with its own step counter t: a
 * parameter that got no gradient in a pass is skipped, as PyTorch skips {@code .grad is None}.
 * Parameter groups carry their own lr and weight decay (the reference: BERT 5e-5 with wd 0.001 on
 * non-bias/non-LayerNorm weights, 5e-5 without wd on the rest; everything else 1e-3).
 */
public final class ReferenceAdam implements AutoCloseable {
    /** A parameter group: its parameters, learning rate and (coupled) weight decay. */
    public record Group(String name, List<Parameter> parameters, double lr, double weightDecay) {
        public Group {
            if (!(lr >= 0) || !Double.isFinite(lr)) {
                throw new IllegalArgumentException("group " + name + ": lr must be finite and >= 0, got " + lr);
            }
            if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
                throw new IllegalArgumentException("group " + name + ": weight decay must be >= 0, got " + weightDecay);
            }
            parameters = List.copyOf(parameters);
        }
    }

    private static final class State {
        final Group group;
        NDArray m;
        NDArray v;
        int step;

        State(Group group) { this.group = group; }
    }

    private final NDManager manager;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final List<Group> groups;
    private final Map<Parameter, State> states = new IdentityHashMap<>();

    private ReferenceAdam(Builder b) {
        manager = b.manager.newSubManager();
        beta1 = b.beta1;
        beta2 = b.beta2;
        eps = b.eps;
        groups = List.copyOf(b.groups);
        for (Group g : groups) {
            for (Parameter p : g.parameters()) {
                if (states.put(p, new State(g)) != null) {
                    throw new IllegalArgumentException("parameter " + p.getName() + " is in two optimizer groups");
                }
            }
        }
    }

    /** A builder: {@code setManager} (state lives in a sub-manager of it), groups, betas, eps. */
    public static Builder builder() { return new Builder(); }

    /**
     * The reference's optimizer for a CIDer model: non-text-encoder parameters at {@code lr}
     * (no decay); text-encoder weights at {@code bertLr} with {@code bertWeightDecay}, its biases and
     * LayerNorm parameters at {@code bertLr} without decay.
     */
    public static ReferenceAdam forCider(CiderModel model, NDManager manager, double lr, double bertLr,
                                         double bertWeightDecay) {
        List<Parameter> decay = new ArrayList<>();
        List<Parameter> noDecay = new ArrayList<>();
        for (Parameter p : model.textEncoderParameters()) {
            boolean biasOrNorm = p.getType() == Parameter.Type.BIAS || p.getType() == Parameter.Type.GAMMA
                    || p.getType() == Parameter.Type.BETA;
            (biasOrNorm ? noDecay : decay).add(p);
        }
        Builder b = builder().setManager(manager)
                .addGroup("cider", new ArrayList<>(model.torchStateDict().values()), lr, 0);
        if (!decay.isEmpty()) {
            b.addGroup("bert_decay", decay, bertLr, bertWeightDecay);
        }
        if (!noDecay.isEmpty()) {
            b.addGroup("bert_no_decay", noDecay, bertLr, 0);
        }
        return b.build();
    }

    /**
     * One Adam step on the given parameters (those that received a gradient); parameters outside
     * every group are ignored (frozen). Runs outside autograd.
     */
    public void step(Collection<Parameter> withGradient) {
        // In-place updates of leaf parameters: no autograd recording (a fresh thread starts in grad mode).
        try (NoGrad noGrad = NoGrad.enter(); NDManager tmp = manager.newSubManager()) {
            for (Parameter p : withGradient) {
                State s = states.get(p);
                if (s == null) {
                    continue;
                }
                NDArray param = p.getArray();
                NDArray g = param.getGradient();
                g.attach(tmp);
                if (s.m == null) {
                    s.m = manager.zeros(param.getShape(), param.getDataType());
                    s.v = manager.zeros(param.getShape(), param.getDataType());
                }
                s.step++;
                double wd = s.group.weightDecay();
                if (wd != 0) {
                    g = keep(tmp, g.add(keep(tmp, param.mul(tmp.create((float) wd)))));
                }
                s.m.muli(tmp.create((float) beta1)).addi(keep(tmp, g.mul(tmp.create((float) (1 - beta1)))));
                s.v.muli(tmp.create((float) beta2)).addi(keep(tmp, keep(tmp, g.mul(g)).mul(tmp.create((float) (1 - beta2)))));
                double bc1 = 1 - Math.pow(beta1, s.step);
                double bc2 = 1 - Math.pow(beta2, s.step);
                double stepSize = s.group.lr() / bc1;
                NDArray denom = keep(tmp, keep(tmp, keep(tmp, s.v.sqrt()).div(tmp.create((float) Math.sqrt(bc2))))
                        .add(tmp.create((float) eps)));
                NDArray update = keep(tmp, keep(tmp, s.m.div(denom)).mul(tmp.create((float) stepSize)));
                param.subi(update);
            }
        }
    }

    private static NDArray keep(NDManager tmp, NDArray a) {
        a.attach(tmp);
        return a;
    }

    /** Steps taken so far by parameter {@code p} (0 if never stepped). */
    public int stepCount(Parameter p) {
        State s = states.get(p);
        return s == null ? 0 : s.step;
    }

    /** The groups, in order. */
    public List<Group> groups() { return groups; }

    /**
     * One parameter's optimizer state as plain numbers (for checkpoints): the first and second
     * moments m and v, row-major with {@code shape}, and the parameter's step count t. A parameter
     * never stepped has no moments: {@code m}, {@code v} and {@code shape} are all null.
     */
    public record ParameterState(float[] m, float[] v, long[] shape, int step) {
        public ParameterState {
            if ((m == null) != (v == null) || (m == null) != (shape == null)) {
                throw new IllegalArgumentException("Adam state: m, v and shape must be all present or all absent");
            }
            if (step < 0) {
                throw new IllegalArgumentException("Adam state: step count must be >= 0, got " + step);
            }
            if (m != null) {
                long n = new Shape(shape).size();
                if (m.length != n || v.length != n) {
                    throw new IllegalArgumentException("Adam state: m/v have " + m.length + "/" + v.length
                            + " values, shape " + Arrays.toString(shape) + " needs " + n);
                }
            }
        }
    }

    /**
     * Exports the state of every parameter of the groups (group order, then parameter order), keyed
     * by the parameter objects, for a resumable checkpoint; {@link #importState} puts it back.
     */
    public Map<Parameter, ParameterState> exportState() {
        Map<Parameter, ParameterState> out = new LinkedHashMap<>();
        for (Group g : groups) {
            for (Parameter p : g.parameters()) {
                State s = states.get(p);
                out.put(p, new ParameterState(s.m == null ? null : s.m.toFloatArray(),
                        s.v == null ? null : s.v.toFloatArray(), s.m == null ? null : s.m.getShape().getShape(),
                        s.step));
            }
        }
        return out;
    }

    /**
     * Replaces the state of every parameter of the groups by {@code saved} (as {@link #exportState}
     * gives it). Every parameter must be present, and an initialized parameter's moments must have its
     * shape; all is checked before anything changes.
     *
     * @param source what the state was read from (named in errors)
     * @throws IllegalArgumentException if a parameter is missing or its moments have another shape
     */
    public void importState(Map<Parameter, ParameterState> saved, String source) {
        for (Parameter p : states.keySet()) {
            ParameterState st = saved.get(p);
            if (st == null) {
                throw new IllegalArgumentException(source + ": no optimizer state for parameter " + p.getName());
            }
            if (st.shape() != null && p.isInitialized()
                    && !p.getArray().getShape().equals(new Shape(st.shape()))) {
                throw new IllegalArgumentException(source + ": optimizer state of parameter " + p.getName()
                        + " has shape " + Arrays.toString(st.shape()) + ", the parameter "
                        + p.getArray().getShape());
            }
        }
        for (var e : states.entrySet()) {
            State s = e.getValue();
            ParameterState st = saved.get(e.getKey());
            for (NDArray old : new NDArray[] {s.m, s.v}) {
                if (old != null) {
                    old.close();
                }
            }
            if (st.m() == null) {
                s.m = null;
                s.v = null;
            } else {
                Shape shape = new Shape(st.shape());
                s.m = manager.create(st.m(), shape);
                s.v = manager.create(st.v(), shape);
            }
            s.step = st.step();
        }
    }

    @Override
    public void close() { manager.close(); }

    /** Builder of {@link ReferenceAdam}. */
    public static final class Builder {
        private NDManager manager;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double eps = 1e-8;
        private final List<Group> groups = new ArrayList<>();

        public Builder setManager(NDManager m) { manager = Objects.requireNonNull(m, "manager"); return this; }

        public Builder optBetas(double b1, double b2) {
            if (!(b1 >= 0 && b1 < 1 && b2 >= 0 && b2 < 1)) {
                throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + b1 + ", " + b2);
            }
            beta1 = b1;
            beta2 = b2;
            return this;
        }

        public Builder optEps(double e) {
            if (!(e > 0)) {
                throw new IllegalArgumentException("Adam eps must be > 0, got " + e);
            }
            eps = e;
            return this;
        }

        public Builder addGroup(String name, Collection<Parameter> params, double lr, double weightDecay) {
            groups.add(new Group(name, new ArrayList<>(params), lr, weightDecay));
            return this;
        }

        public ReferenceAdam build() {
            if (manager == null) {
                throw new IllegalArgumentException("ReferenceAdam: setManager is required");
            }
            if (groups.isEmpty()) {
                throw new IllegalArgumentException("ReferenceAdam: at least one parameter group is required");
            }
            return new ReferenceAdam(this);
        }
    }
}
