package dev.cider.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;
import net.razorvine.pickle.objects.ClassDict;

/**
 * A {@code net.razorvine.pickle} unpickler that rebuilds NumPy arrays (helper of
 * {@link MmsaPickleReader}).
 *
 * <p>It resolves the NumPy and joblib globals itself instead of registering them in razorvine's
 * JVM-wide constructor table, so nothing global changes: {@code numpy.core.multiarray._reconstruct}
 * and {@code numpy._core.multiarray._reconstruct} (NumPy 1 and 2), {@code numpy.dtype},
 * {@code numpy.core.numeric._frombuffer} (pickle protocol 5), {@code numpy.core.multiarray.scalar},
 * {@code _codecs.encode} (protocol 2 byte strings) and {@code joblib.numpy_pickle.NumpyArrayWrapper}.
 * Joblib's uncompressed format writes each array's raw bytes into the stream right after the
 * wrapper's BUILD (after one padding-length byte and the padding when the wrapper has
 * {@code numpy_array_alignment_bytes}); object arrays are a nested protocol-2 pickle there. This
 * class reads them exactly as joblib's {@code NumpyUnpickler.load_build} does. Payloads of 8-byte
 * length (BINBYTES8, BYTEARRAY8) and BINBYTES with its unsigned 4-byte length (Python writes arrays of
 * 2-4 GiB that way) are read in 1 GiB chunks, so arrays over Java's 2 GiB array limit load.
 * Any other class becomes a razorvine {@link ClassDict} (keys the reader does not use).
 */
final class MmsaUnpickler extends Unpickler {
    private static final String NDARRAY = "numpy.ndarray";
    private boolean sawJoblib;

    /** Whether a joblib NumpyArrayWrapper was read. */
    boolean sawJoblib() {
        return sawJoblib;
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        switch (key) {
            case Opcodes.GLOBAL -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(resolve(module, name));
                return NO_RETURN_VALUE;
            }
            case Opcodes.STACK_GLOBAL -> {
                Object name = stack.pop();
                Object module = stack.pop();
                if (!(name instanceof String n) || !(module instanceof String m)) {
                    throw new PickleException("STACK_GLOBAL needs two strings");
                }
                stack.add(resolve(m, n));
                return NO_RETURN_VALUE;
            }
            case Opcodes.BINBYTES -> {
                // 4-byte UNSIGNED length: Python uses BINBYTES up to 4 GiB (razorvine reads it signed)
                long len = PickleUtils.bytes_to_uint(PickleUtils.readbytes(input, 4), 0);
                stack.add(payload(len));
                return NO_RETURN_VALUE;
            }
            case Opcodes.BINBYTES8, Opcodes.BYTEARRAY8 -> {
                long len = PickleUtils.bytes_to_long(PickleUtils.readbytes(input, 8), 0);
                stack.add(payload(len));
                return NO_RETURN_VALUE;
            }
            case Opcodes.BUILD -> {
                build();
                return NO_RETURN_VALUE;
            }
            default -> {
                return super.dispatch(key);
            }
        }
    }

    /** A byte payload: a plain byte[] when it fits one Java array, else chunked. */
    private Object payload(long len) throws IOException {
        if (len < 0) {
            throw new PickleException("negative bytes length " + len);
        }
        if (len <= MAX_PLAIN) {
            return PickleUtils.readbytes(input, (int) len);
        }
        return MmsaPickleBytes.read(input, len);
    }

    /** Largest payload kept as one byte[] (Java's practical array limit). */
    private static final long MAX_PLAIN = Integer.MAX_VALUE - 16;

    private void build() throws IOException {
        Object state = stack.pop();
        Object obj = stack.peek();
        if (obj instanceof MmsaPickleArray a) {
            a.setState(state);
        } else if (obj instanceof MmsaPickleArray.DType d) {
            d.setState(state);
        } else if (obj instanceof JoblibWrapper w) {
            if (!(state instanceof Map<?, ?> m)) {
                throw new PickleException("joblib NumpyArrayWrapper state is not a dict");
            }
            MmsaPickleArray array = w.read(m, input);
            stack.pop();
            stack.add(array);
        } else if (obj instanceof ClassDict cd) {
            if (state instanceof Map<?, ?> m) {
                m.forEach((k, v) -> cd.put(String.valueOf(k), v));
            } else {
                cd.put("__state__", state);
            }
        } else {
            throw new PickleException("cannot BUILD an object of " + MmsaPickleArray.describe(obj));
        }
    }

    private IObjectConstructor resolve(String module, String name) {
        String full = module + "." + name;
        return switch (full) {
            case "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct" -> args -> {
                if (args.length < 1 || !(args[0] instanceof NamedClass c) || !NDARRAY.equals(c.name)) {
                    throw new PickleException("_reconstruct of an unsupported class (only numpy.ndarray)");
                }
                return new MmsaPickleArray();
            };
            case "numpy.ndarray", "numpy.core.multiarray.ndarray", "numpy._core.multiarray.ndarray" ->
                    new NamedClass(NDARRAY);
            case "numpy.dtype" -> args -> {
                if (args.length < 1 || !(args[0] instanceof String code)) {
                    throw new PickleException("numpy.dtype without a type code");
                }
                return new MmsaPickleArray.DType(code);
            };
            case "numpy.core.numeric._frombuffer", "numpy._core.numeric._frombuffer" -> args -> {
                if (args.length != 4 || !(args[1] instanceof MmsaPickleArray.DType dt)) {
                    throw new PickleException("_frombuffer needs (buffer, dtype, shape, order)");
                }
                long[] shape = MmsaPickleArray.toShape(args[2]);
                if ("F".equals(args[3]) && shape.length > 1) {
                    throw new PickleException("Fortran-ordered array is not supported");
                }
                return new MmsaPickleArray(dt, shape, MmsaPickleArray.toBytes(args[0]), null);
            };
            case "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar" -> args -> {
                if (args.length != 2 || !(args[0] instanceof MmsaPickleArray.DType dt) || !dt.isNumeric()) {
                    throw new PickleException("unsupported numpy scalar");
                }
                MmsaPickleArray a = new MmsaPickleArray(dt, new long[0], MmsaPickleArray.toBytes(args[1]), null);
                double v = a.getDouble(0);
                return dt.isFloating() ? (Object) v : (Object) (long) v;
            };
            case "_codecs.encode" -> args -> {
                if (args.length < 1 || !(args[0] instanceof String s)) {
                    throw new PickleException("_codecs.encode without a string");
                }
                return s.getBytes(StandardCharsets.ISO_8859_1);
            };
            case "joblib.numpy_pickle.NumpyArrayWrapper" -> args -> {
                sawJoblib = true;
                return new JoblibWrapper();
            };
            default -> args -> {
                ClassDict cd = new ClassDict(module, name);
                if (args.length > 0) {
                    cd.put("__args__", args);
                }
                return cd;
            };
        };
    }

    /** A class object that is only ever an argument (numpy.ndarray). */
    private static final class NamedClass implements IObjectConstructor {
        final String name;

        NamedClass(String name) {
            this.name = name;
        }

        @Override
        public Object construct(Object[] args) {
            throw new PickleException("cannot instantiate " + name + " directly");
        }
    }

    /** joblib's NumpyArrayWrapper: its state names the array; the bytes follow in the stream. */
    private static final class JoblibWrapper {
        MmsaPickleArray read(Map<?, ?> state, InputStream in) throws IOException {
            Object dt = state.get("dtype");
            if (!(dt instanceof MmsaPickleArray.DType dtype)) {
                throw new PickleException("joblib array wrapper without a dtype");
            }
            long[] shape = MmsaPickleArray.toShape(state.get("shape"));
            if ("F".equals(state.get("order")) && shape.length > 1) {
                throw new PickleException("joblib Fortran-ordered array is not supported");
            }
            if (dtype.kind == 'O') {
                Object nested = new MmsaUnpickler().load(in);
                if (!(nested instanceof MmsaPickleArray a)) {
                    throw new PickleException("joblib object array payload is not an ndarray");
                }
                return a;
            }
            if (state.get("numpy_array_alignment_bytes") != null) {
                int pad = in.read();
                if (pad < 0) {
                    throw new java.io.EOFException("premature end of file in joblib padding");
                }
                in.skipNBytes(pad);
            }
            long count = 1;
            for (long s : shape) {
                count = Math.multiplyExact(count, s);
            }
            MmsaPickleBytes bytes = MmsaPickleBytes.read(in, Math.multiplyExact(count, (long) dtype.itemsize));
            return new MmsaPickleArray(dtype, shape, bytes, null);
        }
    }
}
