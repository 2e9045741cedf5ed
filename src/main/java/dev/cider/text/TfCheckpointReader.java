package dev.cider.text;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A small pure-Java reader of a TensorFlow (TF1/TF2) checkpoint bundle: the {@code *.index} file
 * and the {@code *.data-00000-of-00001} shard. No TensorFlow runtime is needed.
 *
 * <p>Format (platform notes, "Text encoders reachable from Maven Central"): the index is a
 * LevelDB-style table. Its last 48 bytes are the footer holding varint block handles (offset,
 * size) of the metaindex and index blocks and an 8-byte magic. Each block holds entries
 * {@code (varint shared, varint unshared, varint valueLength, key suffix, value)}, then restart
 * offsets and their count as little-endian uint32; a block is followed by a 1-byte compression type
 * (only 0, none, is supported) and a 4-byte CRC. Index-block values are handles of data blocks;
 * data-block values are {@code BundleEntryProto} messages (dtype, shape, shard id, offset, size,
 * masked crc32c). The empty key holds a {@code BundleHeaderProto}, which is skipped.
 *
 * <p>The data shard is read as a forward-only stream ({@link #readFloatTensors}) so that it can come
 * straight out of a compressed jar entry without being extracted to disk.
 */
public final class TfCheckpointReader {
    /** LevelDB table magic number, little-endian in the last 8 bytes of the file. */
    static final long TABLE_MAGIC = 0xdb4775248b80fb57L;
    /** TensorFlow's DataType enum value of float32 (DT_FLOAT). */
    public static final int DT_FLOAT = 1;
    private static final int FOOTER_LENGTH = 48;
    private static final int MASK_DELTA = 0xa282ead8;

    private TfCheckpointReader() {}

    /**
     * One variable of the bundle, as described by its {@code BundleEntryProto}.
     *
     * @param name variable name, e.g. {@code module/bert/embeddings/word_embeddings}
     * @param dtype TensorFlow DataType enum (1 = float32)
     * @param shape dimensions, TensorFlow order (dense kernels are [in, out])
     * @param shard data shard id
     * @param offset byte offset into the data shard
     * @param size size in bytes
     * @param maskedCrc32c TensorFlow-masked CRC-32C of the bytes, if {@code hasCrc}
     * @param hasCrc whether the entry carries a checksum
     */
    public record Entry(String name, int dtype, long[] shape, int shard, long offset, long size,
                        int maskedCrc32c, boolean hasCrc) {
        /** Number of elements (product of the shape; 1 for a scalar). */
        public long numElements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        @Override
        public String toString() {
            return name + " dtype=" + dtype + " shape=" + Arrays.toString(shape) + " offset=" + offset
                    + " size=" + size;
        }
    }

    /** Receives the values of one float32 tensor. */
    @FunctionalInterface
    public interface TensorVisitor {
        /**
         * @param entry the variable
         * @param values its values, row-major in TensorFlow order; the array is owned by the visitor
         */
        void accept(Entry entry, float[] values);
    }

    /**
     * Parses a whole {@code .index} file.
     *
     * @param index the file's bytes
     * @param source a name for error messages (file path)
     * @return entries by variable name, in key (sorted) order; the header entry is left out
     * @throws IllegalArgumentException if the bytes are not a readable, uncompressed TF bundle index
     */
    public static Map<String, Entry> parseIndex(byte[] index, String source) {
        if (index.length < FOOTER_LENGTH) {
            throw corrupt(source, "file is " + index.length + " bytes, shorter than the 48-byte footer");
        }
        ByteBuffer bb = ByteBuffer.wrap(index).order(ByteOrder.LITTLE_ENDIAN);
        long magic = bb.getLong(index.length - 8);
        if (magic != TABLE_MAGIC) {
            throw corrupt(source, "bad table magic 0x" + Long.toHexString(magic) + " (not a TensorFlow checkpoint index)");
        }
        Cursor footer = new Cursor(index, index.length - FOOTER_LENGTH, index.length - 8, source);
        footer.varint64(); // metaindex offset
        footer.varint64(); // metaindex size
        long indexOffset = footer.varint64();
        long indexSize = footer.varint64();
        Map<String, Entry> out = new LinkedHashMap<>();
        for (byte[][] kv : readBlock(index, indexOffset, indexSize, source)) {
            Cursor handle = new Cursor(kv[1], 0, kv[1].length, source);
            long off = handle.varint64();
            long size = handle.varint64();
            for (byte[][] e : readBlock(index, off, size, source)) {
                String name = new String(e[0], StandardCharsets.UTF_8);
                if (name.isEmpty()) {
                    continue; // BundleHeaderProto
                }
                out.put(name, parseEntry(name, e[1], source));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** Reads the key/value pairs of one table block, checking bounds and the compression byte. */
    static List<byte[][]> readBlock(byte[] file, long offset, long size, String source) {
        if (offset < 0 || size < 4 || offset + size + 5 > file.length) {
            throw corrupt(source, "block handle (" + offset + ", " + size + ") outside the file of " + file.length + " bytes");
        }
        int start = (int) offset;
        int end = (int) (offset + size);
        int compression = file[end] & 0xff;
        if (compression != 0) {
            throw corrupt(source, "block at " + offset + " uses compression type " + compression
                    + "; only uncompressed (0) tables are supported");
        }
        ByteBuffer bb = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int numRestarts = bb.getInt(end - 4);
        long entriesEnd = (long) end - 4L * (numRestarts + 1L);
        if (numRestarts < 0 || entriesEnd < start) {
            throw corrupt(source, "block at " + offset + " has an impossible restart count " + numRestarts);
        }
        List<byte[][]> out = new ArrayList<>();
        Cursor c = new Cursor(file, start, (int) entriesEnd, source);
        byte[] prev = new byte[0];
        while (c.pos < c.end) {
            int shared = c.varint32();
            int unshared = c.varint32();
            int valueLength = c.varint32();
            if (shared > prev.length) {
                throw corrupt(source, "entry at " + c.pos + " shares " + shared + " bytes of a " + prev.length + "-byte key");
            }
            byte[] key = new byte[shared + unshared];
            System.arraycopy(prev, 0, key, 0, shared);
            System.arraycopy(c.bytes(unshared), 0, key, shared, unshared);
            byte[] value = c.bytes(valueLength);
            out.add(new byte[][] {key, value});
            prev = key;
        }
        return out;
    }

    /** Decodes a {@code BundleEntryProto}. */
    static Entry parseEntry(String name, byte[] proto, String source) {
        String where = source + " entry '" + name + "'";
        Cursor c = new Cursor(proto, 0, proto.length, where);
        int dtype = 0;
        List<Long> shape = new ArrayList<>();
        int shard = 0;
        long offset = 0;
        long size = 0;
        int crc = 0;
        boolean hasCrc = false;
        while (c.pos < c.end) {
            long tag = c.varint64();
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            switch (field) {
                case 1 -> dtype = (int) c.expect(wire, 0).varint64();
                case 2 -> {
                    byte[] shapeProto = c.expect(wire, 2).bytes(c.varint32());
                    Cursor s = new Cursor(shapeProto, 0, shapeProto.length, where + " shape");
                    while (s.pos < s.end) {
                        long t = s.varint64();
                        if ((t >>> 3) == 2 && (t & 7) == 2) {
                            byte[] dim = s.bytes(s.varint32());
                            Cursor d = new Cursor(dim, 0, dim.length, where + " dim");
                            long dimSize = 0;
                            while (d.pos < d.end) {
                                long dt = d.varint64();
                                if ((dt >>> 3) == 1 && (dt & 7) == 0) {
                                    dimSize = d.varint64();
                                } else {
                                    d.skip((int) (dt & 7));
                                }
                            }
                            shape.add(dimSize);
                        } else if ((t >>> 3) == 3 && (t & 7) == 0 && s.varint64() != 0) {
                            throw corrupt(where, "tensor has unknown rank");
                        } else if ((t >>> 3) != 3) {
                            s.skip((int) (t & 7));
                        }
                    }
                }
                case 3 -> shard = (int) c.expect(wire, 0).varint64();
                case 4 -> offset = c.expect(wire, 0).varint64();
                case 5 -> size = c.expect(wire, 0).varint64();
                case 6 -> {
                    crc = c.expect(wire, 5).fixed32();
                    hasCrc = true;
                }
                case 7 -> throw corrupt(where, "partitioned (sliced) variables are not supported");
                default -> c.skip(wire);
            }
        }
        long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
        for (long d : dims) {
            if (d < 0) {
                throw corrupt(where, "negative dimension in shape " + shape);
            }
        }
        return new Entry(name, dtype, dims, shard, offset, size, crc, hasCrc);
    }

    /**
     * Streams the data shard once, handing every wanted float32 tensor to the visitor in offset order.
     *
     * @param data the shard's bytes from position 0 (e.g. an entry of a jar); not closed here
     * @param source a name for error messages
     * @param wanted entries to read (shard 0, float32); any order
     * @param visitor receives each tensor
     * @throws IOException on read errors or a truncated shard
     * @throws IllegalArgumentException on a bad dtype, size or checksum
     */
    public static void readFloatTensors(InputStream data, String source, Collection<Entry> wanted,
                                        TensorVisitor visitor) throws IOException {
        List<Entry> sorted = new ArrayList<>(wanted);
        sorted.sort(Comparator.comparingLong(Entry::offset));
        long pos = 0;
        CRC32C crc = new CRC32C();
        for (Entry e : sorted) {
            checkFloatEntry(e, source);
            if (e.offset() < pos) {
                throw corrupt(source, "tensor " + e.name() + " at offset " + e.offset() + " overlaps the previous tensor");
            }
            skipFully(data, e.offset() - pos, source);
            byte[] bytes = data.readNBytes((int) e.size());
            if (bytes.length != e.size()) {
                throw new EOFException(source + ": truncated data shard while reading " + e.name() + " (" + bytes.length
                        + " of " + e.size() + " bytes at offset " + e.offset() + ")");
            }
            pos = e.offset() + e.size();
            if (e.hasCrc()) {
                crc.reset();
                crc.update(bytes, 0, bytes.length);
                int masked = mask((int) crc.getValue());
                if (masked != e.maskedCrc32c()) {
                    throw corrupt(source, "CRC-32C mismatch for " + e.name() + " (corrupt data shard)");
                }
            }
            float[] values = new float[(int) e.numElements()];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            visitor.accept(e, values);
        }
    }

    private static void checkFloatEntry(Entry e, String source) {
        if (e.dtype() != DT_FLOAT) {
            throw corrupt(source, "tensor " + e.name() + " has TF dtype " + e.dtype() + ", only float32 (1) is supported");
        }
        if (e.shard() != 0) {
            throw corrupt(source, "tensor " + e.name() + " is in shard " + e.shard() + "; only single-shard bundles are supported");
        }
        if (e.size() != 4L * e.numElements() || e.size() > Integer.MAX_VALUE - 16) {
            throw corrupt(source, "tensor " + e.name() + " has " + e.size() + " bytes for shape " + Arrays.toString(e.shape()));
        }
    }

    private static void skipFully(InputStream in, long n, String source) throws IOException {
        try {
            in.skipNBytes(n);
        } catch (EOFException eof) {
            throw new EOFException(source + ": truncated data shard (could not skip " + n + " bytes)");
        }
    }

    /** TensorFlow's masked CRC ({@code crc32c::Mask}): rotate right by 15 and add a constant. */
    public static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
    }

    private static IllegalArgumentException corrupt(String source, String message) {
        return new IllegalArgumentException("corrupt TensorFlow checkpoint " + source + ": " + message);
    }

    /** Bounded reader of varints and raw bytes. */
    private static final class Cursor {
        final byte[] buf;
        final int end;
        final String source;
        int pos;

        Cursor(byte[] buf, int pos, int end, String source) {
            this.buf = buf;
            this.pos = pos;
            this.end = end;
            this.source = source;
        }

        long varint64() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw corrupt(source, "truncated varint at byte " + pos);
                }
                byte b = buf[pos++];
                result |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw corrupt(source, "varint longer than 10 bytes at byte " + pos);
        }

        int varint32() {
            long v = varint64();
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw corrupt(source, "length " + v + " out of range at byte " + pos);
            }
            return (int) v;
        }

        int fixed32() {
            need(4);
            int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16 | (buf[pos + 3] & 0xff) << 24;
            pos += 4;
            return v;
        }

        byte[] bytes(int n) {
            need(n);
            byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return out;
        }

        Cursor expect(int wire, int expected) {
            if (wire != expected) {
                throw corrupt(source, "unexpected protobuf wire type " + wire + " (expected " + expected + ")");
            }
            return this;
        }

        void skip(int wire) {
            switch (wire) {
                case 0 -> varint64();
                case 1 -> { need(8); pos += 8; }
                case 2 -> { int n = varint32(); need(n); pos += n; }
                case 5 -> { need(4); pos += 4; }
                default -> throw corrupt(source, "unsupported protobuf wire type " + wire + " at byte " + pos);
            }
        }

        private void need(int n) {
            if (n < 0 || pos + n > end) {
                throw corrupt(source, "truncated: need " + n + " bytes at byte " + pos + " of " + end);
            }
        }
    }
}
