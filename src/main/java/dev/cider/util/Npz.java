package dev.cider.util;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reader for NumPy {@code .npz} archives (a zip of {@code .npy} members) and single {@code .npy}
 * files. Supports little-endian/big-endian float16/32/64, signed/unsigned integers and booleans in
 * C order, which is what the oracle fixtures and MMSA-derived files use.
 */
public final class Npz {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private final Path file;
    private final Map<String, NpyArray> arrays;

    private Npz(Path file, Map<String, NpyArray> arrays) {
        this.file = file;
        this.arrays = Collections.unmodifiableMap(arrays);
    }

    /** Reads every member of an {@code .npz} file. Errors name the file and the member. */
    public static Npz read(Path file) {
        Map<String, NpyArray> map = new LinkedHashMap<>();
        try (ZipInputStream zin = new ZipInputStream(Files.newInputStream(file))) {
            ZipEntry e;
            while ((e = zin.getNextEntry()) != null) {
                if (e.isDirectory()) {
                    continue;
                }
                String entry = e.getName();
                String key = entry.endsWith(".npy") ? entry.substring(0, entry.length() - 4) : entry;
                byte[] bytes = zin.readAllBytes();
                try {
                    map.put(key, parseNpy(key, bytes));
                } catch (RuntimeException ex) {
                    throw new IllegalArgumentException(file + ": member '" + entry + "': " + ex.getMessage(), ex);
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(file + ": not a readable .npz archive: " + ex.getMessage(), ex);
        }
        if (map.isEmpty()) {
            throw new IllegalArgumentException(file + ": no .npy members (not an .npz archive?)");
        }
        return new Npz(file, map);
    }

    /** Reads a single {@code .npy} file. */
    public static NpyArray readNpy(Path file) {
        try {
            String n = file.getFileName().toString();
            return parseNpy(n.endsWith(".npy") ? n.substring(0, n.length() - 4) : n, Files.readAllBytes(file));
        } catch (IOException ex) {
            throw new UncheckedIOException(file + ": " + ex.getMessage(), ex);
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException(file + ": " + ex.getMessage(), ex);
        }
    }

    /** Reads a {@code .npy} stream. */
    public static NpyArray readNpy(String name, InputStream in) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        in.transferTo(bos);
        return parseNpy(name, bos.toByteArray());
    }

    /** Parses the bytes of one {@code .npy} member. */
    static NpyArray parseNpy(String name, byte[] b) {
        if (b.length < 10 || (b[0] & 0xff) != 0x93 || b[1] != 'N' || b[2] != 'U' || b[3] != 'M' || b[4] != 'P' || b[5] != 'Y') {
            throw new IllegalArgumentException("not a .npy array (bad magic)");
        }
        int major = b[6];
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen;
        int offset;
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xffff;
            offset = 10;
        } else {
            headerLen = bb.getInt(8);
            offset = 12;
        }
        String header = new String(b, offset, headerLen, StandardCharsets.ISO_8859_1);
        int data = offset + headerLen;
        String descr = find(DESCR, header, "descr");
        if ("True".equals(find(FORTRAN, header, "fortran_order"))) {
            throw new IllegalArgumentException("Fortran-order arrays are not supported");
        }
        String shapeStr = find(SHAPE, header, "shape").trim();
        long[] shape = shapeStr.isEmpty() ? new long[0]
                : java.util.Arrays.stream(shapeStr.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .mapToLong(Long::parseLong).toArray();
        long n = 1;
        for (long s : shape) {
            n = Math.multiplyExact(n, s);
        }
        int count = Math.toIntExact(n);
        char order = descr.charAt(0);
        String kind = descr.substring(1);
        ByteOrder bo = order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteBuffer d = ByteBuffer.wrap(b, data, b.length - data).slice().order(bo);
        int width = Integer.parseInt(kind.substring(1));
        if ((long) count * width > d.remaining()) {
            throw new IllegalArgumentException("truncated data: need " + ((long) count * width) + " bytes, have " + d.remaining());
        }
        switch (kind.charAt(0)) {
            case 'f': {
                double[] out = new double[count];
                for (int i = 0; i < count; i++) {
                    out[i] = switch (width) {
                        case 2 -> Float.float16ToFloatCompat(d.getShort(i * 2));
                        case 4 -> d.getFloat(i * 4);
                        case 8 -> d.getDouble(i * 8);
                        default -> throw new IllegalArgumentException("unsupported float width " + width);
                    };
                }
                return new NpyArray(name, descr, shape, out, null);
            }
            case 'i':
            case 'u':
            case 'b': {
                boolean unsigned = kind.charAt(0) != 'i';
                long[] out = new long[count];
                for (int i = 0; i < count; i++) {
                    out[i] = switch (width) {
                        case 1 -> unsigned ? d.get(i) & 0xffL : d.get(i);
                        case 2 -> unsigned ? d.getShort(i * 2) & 0xffffL : d.getShort(i * 2);
                        case 4 -> unsigned ? d.getInt(i * 4) & 0xffffffffL : d.getInt(i * 4);
                        case 8 -> d.getLong(i * 8);
                        default -> throw new IllegalArgumentException("unsupported integer width " + width);
                    };
                }
                return new NpyArray(name, descr, shape, null, out);
            }
            default:
                throw new IllegalArgumentException("unsupported dtype '" + descr + "'");
        }
    }

    private static String find(Pattern p, String header, String what) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IllegalArgumentException("header has no '" + what + "': " + header.trim());
        }
        return m.group(1);
    }

    /** The archive's path. */
    public Path file() { return file; }

    /** All arrays by key, in archive order. */
    public Map<String, NpyArray> arrays() { return arrays; }

    /** True when the key is present. */
    public boolean has(String key) { return arrays.containsKey(key); }

    /** One array; a missing key is an error naming the file and the key. */
    public NpyArray get(String key) {
        NpyArray a = arrays.get(key);
        if (a == null) {
            throw new NoSuchElementException(file + ": no key '" + key + "'");
        }
        return a;
    }

    /** Float16 conversion without Java 20's Float.float16ToFloat. */
    private static final class Float {
        static float float16ToFloatCompat(short h) {
            int bits = h & 0xffff;
            int sign = (bits >>> 15) << 31;
            int exp = (bits >>> 10) & 0x1f;
            int mant = bits & 0x3ff;
            if (exp == 0) {
                return (sign == 0 ? 1f : -1f) * mant * (float) Math.pow(2, -24);
            } else if (exp == 31) {
                return java.lang.Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
            }
            return java.lang.Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
        }
    }
}
