package dev.cider.text;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Test helper: writes a float32 TensorFlow checkpoint bundle (index table + one data shard) in the
 * format {@link TfCheckpointReader} reads, so that small checkpoints (a tiny random BERT) can be
 * made without TensorFlow. Keys are prefix-compressed as LevelDB does, with a restart every 4 keys.
 */
final class TfBundleWriter {
    private final TreeMap<String, Object[]> tensors = new TreeMap<>();

    /** Adds a tensor with its TF shape. */
    TfBundleWriter add(String name, long[] shape, float[] values) {
        tensors.put(name, new Object[] {shape, values});
        return this;
    }

    /** Writes {@code dir/variables/variables.index} and {@code .data-00000-of-00001} (a SavedModel layout). */
    void writeSavedModel(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("variables"));
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        TreeMap<String, byte[]> entries = new TreeMap<>();
        entries.put("", new byte[] {0x08, 0x01}); // BundleHeaderProto num_shards = 1
        for (Map.Entry<String, Object[]> t : tensors.entrySet()) {
            long[] shape = (long[]) t.getValue()[0];
            float[] v = (float[]) t.getValue()[1];
            ByteBuffer bb = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            bb.asFloatBuffer().put(v);
            byte[] bytes = bb.array();
            long offset = data.size();
            data.write(bytes);
            CRC32C crc = new CRC32C();
            crc.update(bytes);
            ByteArrayOutputStream shapeProto = new ByteArrayOutputStream();
            for (long d : shape) {
                ByteArrayOutputStream dim = new ByteArrayOutputStream();
                dim.write(0x08);
                varint(dim, d);
                shapeProto.write(0x12);
                varint(shapeProto, dim.size());
                dim.writeTo(shapeProto);
            }
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            e.write(0x08);
            varint(e, 1); // DT_FLOAT
            e.write(0x12);
            varint(e, shapeProto.size());
            shapeProto.writeTo(e);
            if (offset > 0) {
                e.write(0x20);
                varint(e, offset);
            }
            e.write(0x28);
            varint(e, bytes.length);
            e.write(0x35);
            int masked = TfCheckpointReader.mask((int) crc.getValue());
            e.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(masked).array());
            entries.put(t.getKey(), e.toByteArray());
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        long[] dataHandle = block(file, entries);
        TreeMap<String, byte[]> index = new TreeMap<>();
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        varint(h, dataHandle[0]);
        varint(h, dataHandle[1]);
        index.put(entries.lastKey(), h.toByteArray());
        long[] metaHandle = block(file, new TreeMap<>());
        long[] indexHandle = block(file, index);
        ByteArrayOutputStream footer = new ByteArrayOutputStream();
        varint(footer, metaHandle[0]);
        varint(footer, metaHandle[1]);
        varint(footer, indexHandle[0]);
        varint(footer, indexHandle[1]);
        while (footer.size() < 40) {
            footer.write(0);
        }
        footer.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(TfCheckpointReader.TABLE_MAGIC).array());
        footer.writeTo(file);
        Files.write(dir.resolve("variables/variables.index"), file.toByteArray());
        Files.write(dir.resolve("variables/variables.data-00000-of-00001"), data.toByteArray());
    }

    /** Appends one table block (+ type byte + masked CRC) and returns its handle (offset, size). */
    private static long[] block(ByteArrayOutputStream file, TreeMap<String, byte[]> kv) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        java.util.List<Integer> restarts = new java.util.ArrayList<>();
        byte[] prev = new byte[0];
        int i = 0;
        for (Map.Entry<String, byte[]> e : kv.entrySet()) {
            byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
            int shared = 0;
            if (i % 4 == 0) {
                restarts.add(b.size());
            } else {
                while (shared < prev.length && shared < key.length && prev[shared] == key[shared]) {
                    shared++;
                }
            }
            varint(b, shared);
            varint(b, key.length - shared);
            varint(b, e.getValue().length);
            b.write(key, shared, key.length - shared);
            b.write(e.getValue());
            prev = key;
            i++;
        }
        if (restarts.isEmpty()) {
            restarts.add(0);
        }
        ByteBuffer r = ByteBuffer.allocate(4 * (restarts.size() + 1)).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : restarts) {
            r.putInt(x);
        }
        r.putInt(restarts.size());
        b.write(r.array());
        long offset = file.size();
        byte[] content = b.toByteArray();
        file.write(content);
        file.write(0);
        CRC32C crc = new CRC32C();
        crc.update(content);
        crc.update(0);
        file.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(TfCheckpointReader.mask((int) crc.getValue())).array());
        return new long[] {offset, content.length};
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
