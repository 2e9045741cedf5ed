package dev.cider.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.initializer.ConstantInitializer;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Common base of the CIDer blocks: children are created with fixed input shapes (every size of the
 * model is known from the builder), so {@link #initialize} needs no real input shapes, and every
 * block lists its parameters under the reference's PyTorch names ({@link TorchNamed}).
 *
 * <p>Initialisers follow the reference (spec section 4): {@link Init#XAVIER} is
 * {@code xavier_uniform_} weight with zero bias (fairseq-style attention projections, FFN),
 * {@link Init#TORCH_DEFAULT} is PyTorch's default {@code nn.Linear} init, U(±1/√fan_in) for weight
 * and bias. Random draws come from DJL's engine RNG, seeded by the caller
 * ({@code Engine.getInstance().setRandomSeed}).
 */
public abstract class CiderBlock extends AbstractBlock implements TorchNamed {

    /** How a Linear layer is initialised (spec section 4.3/4.4). */
    public enum Init { XAVIER, TORCH_DEFAULT }

    private final Map<Block, Shape[]> childInputShapes = new IdentityHashMap<>();

    /** Registers a child block together with the input shape used to initialise it. */
    protected final <B extends Block> B child(String name, B block, Shape... inputShapes) {
        addChildBlock(name, block);
        childInputShapes.put(block, inputShapes);
        return block;
    }

    /** A child {@code Linear(in -> out)} with the given initialisation. */
    protected final Linear linear(String name, int in, int out, Init init) {
        Linear l = Linear.builder().setUnits(out).optBias(true).build();
        applyInit(l, in, init);
        return child(name, l, new Shape(1, in));
    }

    static void applyInit(Block l, int in, Init init) {
        if (init == Init.XAVIER) {
            l.setInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM,
                    XavierInitializer.FactorType.AVG, 3f), Parameter.Type.WEIGHT);
            l.setInitializer(new ConstantInitializer(0f), Parameter.Type.BIAS);
        } else {
            float bound = (float) (1.0 / Math.sqrt(in));
            l.setInitializer(new UniformInitializer(bound), Parameter.Type.WEIGHT);
            l.setInitializer(new UniformInitializer(bound), Parameter.Type.BIAS);
        }
    }

    /** A child {@code LayerNorm(dim)} over the last axis of a rank-3 input (eps 1e-5, as PyTorch). */
    protected final LayerNorm layerNorm(String name, int dim) {
        return child(name, LayerNorm.builder().axis(2).optEpsilon(1e-5f).build(), new Shape(1, 1, dim));
    }

    /** A directly owned parameter with a fixed shape. */
    protected final Parameter param(String name, Shape shape, Parameter.Type type, Initializer init) {
        return addParameter(Parameter.builder().setName(name).setType(type).optShape(shape)
                .optInitializer(init).build());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block b : children.values()) {
            if (!b.isInitialized()) {
                b.initialize(manager, dataType, childInputShapes.get(b));
            }
        }
    }

    /** Adds a DJL Linear's weight and bias under {@code prefix.weight} / {@code prefix.bias}. */
    protected static void putLinear(String prefix, Block linear, Map<String, Parameter> out) {
        out.put(prefix + ".weight", linear.getParameters().get("weight"));
        out.put(prefix + ".bias", linear.getParameters().get("bias"));
    }

    /** Adds a DJL LayerNorm's gamma/beta under the PyTorch names {@code prefix.weight}/{@code .bias}. */
    protected static void putLayerNorm(String prefix, Block ln, Map<String, Parameter> out) {
        out.put(prefix + ".weight", ln.getParameters().get("gamma"));
        out.put(prefix + ".bias", ln.getParameters().get("beta"));
    }

    /** Runs a single-input child. */
    protected static NDArray run(Block b, ParameterStore ps, NDArray x, boolean training) {
        return b.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    /** Dropout that is the identity when the rate is 0 or in inference. */
    protected static NDArray dropout(NDArray x, float rate, boolean training) {
        if (!training || rate <= 0f) {
            return x;
        }
        return Dropout.dropout(x, rate, true).singletonOrThrow();
    }

    /** Checks a dropout rate (clear error naming the option). */
    static float checkRate(String what, float rate) {
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException(what + " must be in [0, 1), got " + rate);
        }
        return rate;
    }

    /**
     * Moves an array derived from a parameter (a slice, a reshape) to the manager of {@code like},
     * so it is freed with the pass's intermediates instead of living as long as the model.
     */
    protected static NDArray own(NDArray a, NDArray like) {
        a.attach(like.getManager());
        return a;
    }

    /** Number of scalar parameters owned by this block and its children. */
    public long parameterCount() {
        long n = 0;
        for (var p : getParameters().values()) {
            n += p.getArray().getShape().size();
        }
        return n;
    }
}
