package dev.cider.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A NumPy {@code ndarray} rebuilt from a pickle (helper of {@link MmsaPickleReader}).
 *
 * <p>NumPy pickles an array as {@code numpy.core.multiarray._reconstruct(ndarray, (0,), b'b')}
 * followed by a BUILD with the state tuple {@code (version, shape, dtype, is_fortran, data)}, where
 * {@code data} is the raw C-order bytes (or, for object arrays, a list of objects). Pickle protocol
 * 5 uses {@code numpy.core.numeric._frombuffer(buffer, dtype, shape, order)} instead, and joblib
 * writes the raw bytes after a {@code NumpyArrayWrapper}; all three end here. Supported dtypes:
 * float16/32/64, (unsigned) integers of 1-8 bytes, bool, fixed-width unicode ({@code U}) and
 * bytes ({@code S}) strings, and objects; C order only.
 */
final class MmsaPickleArray {

    /** A NumPy dtype as pickled: {@code numpy.dtype('f4', False, True)} then BUILD {@code (3, '<', ...)}. */
    static final class DType {
        final char kind;
        int itemsize;
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        final String code;

        DType(String code) {
            if (code == null || code.isEmpty()) {
                throw new IllegalArgumentException("empty numpy dtype code");
            }
            String c = code;
            char first = c.charAt(0);
            if (first == '<' || first == '>' || first == '|' || first == '=') {
                if (first == '>') {
                    order = ByteOrder.BIG_ENDIAN;
                }
                c = c.substring(1);
            }
            this.code = code;
            this.kind = c.charAt(0);
            String digits = c.substring(1);
            int size = digits.isEmpty() ? 0 : Integer.parseInt(digits);
            this.itemsize = switch (kind) {
                case 'U' -> size * 4;   // the state tuple's elsize confirms it
                case 'b' -> Math.max(size, 1);
                case 'O' -> 8;
                default -> size;
            };
            if ("fiubUSO".indexOf(kind) < 0) {
                throw new IllegalArgumentException("unsupported numpy dtype '" + code + "'");
            }
        }

        /** BUILD state {@code (version, byteorder, subdescr, names, fields, elsize, alignment, flags)}. */
        void setState(Object state) {
            if (!(state instanceof Object[] t) || t.length < 2) {
                throw new IllegalArgumentException("unexpected numpy dtype state " + describe(state));
            }
            if (">".equals(t[1])) {
                order = ByteOrder.BIG_ENDIAN;
            } else if ("<".equals(t[1]) || "|".equals(t[1]) || "=".equals(t[1])) {
                order = ByteOrder.LITTLE_ENDIAN;
            }
            if (t.length > 5 && t[5] instanceof Number n && n.intValue() > 0 && (kind == 'U' || kind == 'S')) {
                itemsize = n.intValue();
            }
            if (t.length > 3 && t[3] != null) {
                throw new IllegalArgumentException("structured numpy dtypes are not supported (fields " + t[3] + ")");
            }
        }

        boolean isNumeric() { return kind == 'f' || kind == 'i' || kind == 'u' || kind == 'b'; }

        boolean isFloating() { return kind == 'f'; }

        @Override
        public String toString() {
            String name = switch (kind) {
                case 'f' -> "float" + itemsize * 8;
                case 'i' -> "int" + itemsize * 8;
                case 'u' -> "uint" + itemsize * 8;
                case 'b' -> "bool";
                case 'U' -> "str" + itemsize / 4;
                case 'S' -> "bytes" + itemsize;
                default -> "object";
            };
            return name + (order == ByteOrder.BIG_ENDIAN && itemsize > 1 && isNumeric() ? " (big-endian)" : "");
        }
    }

    private DType dtype;
    private long[] shape;
    private MmsaPickleBytes data;
    private Object[] objects;

    /** An empty array, filled by {@link #setState} (the BUILD after {@code _reconstruct}). */
    MmsaPickleArray() {}

    /** A filled array (from {@code _frombuffer} or joblib). */
    MmsaPickleArray(DType dtype, long[] shape, MmsaPickleBytes data, Object[] objects) {
        fill(dtype, shape, data, objects, false);
    }

    /** The ndarray BUILD state {@code (version, shape, dtype, is_fortran, data)}. */
    void setState(Object state) {
        if (!(state instanceof Object[] t) || t.length != 5) {
            throw new IllegalArgumentException("unexpected numpy ndarray state " + describe(state));
        }
        if (!(t[2] instanceof DType dt)) {
            throw new IllegalArgumentException("numpy ndarray state has no dtype: " + describe(t[2]));
        }
        boolean fortran = Boolean.TRUE.equals(t[3]) || (t[3] instanceof Number n && n.intValue() != 0);
        long[] shp = toShape(t[1]);
        if (dt.kind == 'O') {
            if (!(t[4] instanceof List<?> list)) {
                throw new IllegalArgumentException("object ndarray without a list payload: " + describe(t[4]));
            }
            fill(dt, shp, null, list.toArray(), fortran);
        } else {
            fill(dt, shp, toBytes(t[4]), null, fortran);
        }
    }

    private void fill(DType dt, long[] shp, MmsaPickleBytes bytes, Object[] objs, boolean fortran) {
        long n = 1;
        for (long s : shp) {
            if (s < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shp));
            }
            n = Math.multiplyExact(n, s);
        }
        int nonUnit = 0;
        for (long s : shp) {
            nonUnit += s > 1 ? 1 : 0;
        }
        if (fortran && nonUnit > 1) {
            throw new IllegalArgumentException("Fortran-ordered array of shape " + Arrays.toString(shp)
                    + " is not supported (save it in C order)");
        }
        if (objs != null) {
            if (objs.length != n) {
                throw new IllegalArgumentException("object array of shape " + Arrays.toString(shp) + " holds "
                        + objs.length + " items");
            }
        } else if (bytes.length() != n * dt.itemsize) {
            throw new IllegalArgumentException("array of shape " + Arrays.toString(shp) + " and dtype " + dt
                    + " needs " + n * dt.itemsize + " bytes, the payload has " + bytes.length());
        }
        this.dtype = dt;
        this.shape = shp;
        this.data = bytes;
        this.objects = objs;
    }

    static long[] toShape(Object o) {
        if (o instanceof Object[] t) {
            long[] s = new long[t.length];
            for (int i = 0; i < t.length; i++) {
                s[i] = ((Number) t[i]).longValue();
            }
            return s;
        }
        if (o instanceof Number n) {
            return new long[] {n.longValue()};
        }
        throw new IllegalArgumentException("bad numpy shape " + describe(o));
    }

    static MmsaPickleBytes toBytes(Object o) {
        if (o instanceof byte[] b) {
            return MmsaPickleBytes.of(b);
        }
        if (o instanceof MmsaPickleBytes b) {
            return b;
        }
        if (o instanceof String s) { // protocol 0/1 str payload
            return MmsaPickleBytes.of(s.getBytes(StandardCharsets.ISO_8859_1));
        }
        throw new IllegalArgumentException("numpy payload is not bytes: " + describe(o));
    }

    static String describe(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof Object[] t) {
            return "tuple of " + t.length;
        }
        return o.getClass().getSimpleName();
    }

    boolean isFilled() { return dtype != null; }

    DType dtype() { return dtype; }

    long[] shape() { return shape.clone(); }

    int ndim() { return shape.length; }

    long size() {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    boolean isNumeric() { return dtype.isNumeric(); }

    boolean isFloating() { return dtype.isFloating(); }

    /** Element {@code i} (flat C-order index) as a double. */
    double getDouble(long i) {
        long off = i * dtype.itemsize;
        return switch (dtype.kind) {
            case 'f' -> switch (dtype.itemsize) {
                case 2 -> halfToFloat(data.view(off, dtype.order).getShort());
                case 4 -> data.view(off, dtype.order).getFloat();
                case 8 -> data.view(off, dtype.order).getDouble();
                default -> throw new IllegalStateException("float of " + dtype.itemsize + " bytes");
            };
            case 'i', 'b' -> getSigned(off);
            case 'u' -> {
                long v = getSigned(off);
                yield dtype.itemsize == 8 ? (v < 0 ? v + 0x1p64 : v) : (v & ((1L << (8 * dtype.itemsize)) - 1));
            }
            default -> throw new IllegalStateException("array of " + dtype + " is not numeric");
        };
    }

    /** IEEE 754 half precision to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits >>> 15) << 31;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    private long getSigned(long off) {
        ByteBuffer b = data.view(off, dtype.order);
        return switch (dtype.itemsize) {
            case 1 -> b.get();
            case 2 -> b.getShort();
            case 4 -> b.getInt();
            case 8 -> b.getLong();
            default -> throw new IllegalStateException("integer of " + dtype.itemsize + " bytes");
        };
    }

    /** {@code n} elements from flat index {@code start} as float (fast path for float32). */
    float[] floats(long start, int n) {
        float[] out = new float[n];
        if (dtype.kind == 'f' && dtype.itemsize == 4) {
            int i = 0;
            while (i < n) {
                long off = (start + i) * 4L;
                ByteBuffer b = data.view(off, dtype.order);
                int m = Math.min(n - i, b.remaining() / 4);
                b.asFloatBuffer().get(out, i, m);
                i += m;
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = (float) getDouble(start + i);
            }
        }
        return out;
    }

    /** {@code n} elements from flat index {@code start} as double (fast path for float64). */
    double[] doubles(long start, int n) {
        double[] out = new double[n];
        if (dtype.kind == 'f' && dtype.itemsize == 8) {
            int i = 0;
            while (i < n) {
                ByteBuffer b = data.view((start + i) * 8L, dtype.order);
                int m = Math.min(n - i, b.remaining() / 8);
                b.asDoubleBuffer().get(out, i, m);
                i += m;
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = getDouble(start + i);
            }
        }
        return out;
    }

    /** Element {@code i} as a string (unicode, bytes or object arrays). */
    String getString(long i) {
        return switch (dtype.kind) {
            case 'U' -> strip(new String(data.copy(i * dtype.itemsize, dtype.itemsize),
                    dtype.order == ByteOrder.BIG_ENDIAN ? Charset.forName("UTF-32BE") : Charset.forName("UTF-32LE")));
            case 'S' -> strip(new String(data.copy(i * dtype.itemsize, dtype.itemsize), StandardCharsets.UTF_8));
            case 'O' -> objectToString(objects[(int) i]);
            default -> throw new IllegalStateException("array of " + dtype + " holds no strings");
        };
    }

    /** Element {@code i} of an object array. */
    Object getObject(long i) {
        return objects[(int) i];
    }

    static String objectToString(Object o) {
        if (o == null) {
            return "";
        }
        if (o instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return o.toString();
    }

    private static String strip(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '\0') {
            end--;
        }
        return s.substring(0, end);
    }

    @Override
    public String toString() {
        return "ndarray" + Arrays.toString(shape) + " " + dtype;
    }
}
