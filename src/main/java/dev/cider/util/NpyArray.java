package dev.cider.util;

import java.util.Arrays;

/**
 * One array read from a NumPy {@code .npy} member: its dtype, shape and values in C order.
 *
 * <p>Values are kept as {@code double[]} (float32/float64 inputs) or {@code long[]} (integer and
 * boolean inputs), so conversion to any Java type is exact.
 */
public final class NpyArray {
    private final String name;
    private final String dtype;
    private final long[] shape;
    private final double[] doubles;
    private final long[] longs;

    NpyArray(String name, String dtype, long[] shape, double[] doubles, long[] longs) {
        this.name = name;
        this.dtype = dtype;
        this.shape = shape;
        this.doubles = doubles;
        this.longs = longs;
    }

    /** The member name (without {@code .npy}). */
    public String name() { return name; }

    /** The NumPy dtype string, e.g. {@code <f4}, {@code <f8}, {@code <i8}, {@code |b1}. */
    public String dtype() { return dtype; }

    /** The shape; a 0-d scalar has an empty shape. */
    public long[] shape() { return shape.clone(); }

    /** The shape as ints. */
    public int[] intShape() { return Arrays.stream(shape).mapToInt(Math::toIntExact).toArray(); }

    /** Number of elements. */
    public int size() { return isFloating() ? doubles.length : longs.length; }

    /** True for float16/32/64 data. */
    public boolean isFloating() { return doubles != null; }

    /** Values as float (float32 data round-trips exactly). */
    public float[] floats() {
        float[] out = new float[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = isFloating() ? (float) doubles[i] : (float) longs[i];
        }
        return out;
    }

    /** Values as double. */
    public double[] doubles() {
        if (isFloating()) {
            return doubles.clone();
        }
        return Arrays.stream(longs).asDoubleStream().toArray();
    }

    /** Values as long; floating data must be integral. */
    public long[] longs() {
        if (!isFloating()) {
            return longs.clone();
        }
        long[] out = new long[doubles.length];
        for (int i = 0; i < out.length; i++) {
            if (doubles[i] != Math.rint(doubles[i])) {
                throw new IllegalStateException(name + ": value " + doubles[i] + " at " + i + " is not an integer");
            }
            out[i] = (long) doubles[i];
        }
        return out;
    }

    /** Values as int. */
    public int[] ints() { return Arrays.stream(longs()).mapToInt(Math::toIntExact).toArray(); }

    /** The single value of a 0-d (or one-element) array. */
    public double scalar() {
        if (size() != 1) {
            throw new IllegalStateException(name + ": expected a scalar, shape " + Arrays.toString(shape));
        }
        return isFloating() ? doubles[0] : longs[0];
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + Arrays.toString(shape);
    }
}
