package dev.cider.train;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cider.util.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * One checkpoint file: JSON metadata plus named float32 tensors, protected by a CRC-32 (issue 6,
 * "resumable"). Layout (big-endian): magic {@code CIDERCKPT1}, JSON length and UTF-8 bytes, tensor
 * count, then per tensor its name, rank, shape and values; finally the CRC-32 of everything before
 * it. Written atomically ({@link AtomicFiles}): a reader sees the old file or the new one.
 *
 * <p>Reading checks the magic, the CRC and every length before returning anything: a truncated or
 * modified file is an {@link IllegalArgumentException} naming the file.
 *
 * @param meta metadata (epoch, RNG state, early-stopping state, history, config, ...)
 * @param tensors name → tensor, in insertion order
 */
public record Checkpoint(JsonObject meta, Map<String, Tensor> tensors) {
    private static final byte[] MAGIC = "CIDERCKPT1".getBytes(StandardCharsets.US_ASCII);

    /** A float32 tensor: shape and C-order values. */
    public record Tensor(long[] shape, float[] values) {
        public Tensor {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            if (n != values.length) {
                throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " holds " + values.length
                        + " values");
            }
        }
    }

    public Checkpoint {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /** Writes the checkpoint atomically. */
    public void write(Path file) {
        AtomicFiles.write(file, out -> {
            CRC32 crc = new CRC32();
            DataOutputStream data = new DataOutputStream(new CheckedOutputStream(new java.io.BufferedOutputStream(
                    new NonClosing(out), 1 << 16), crc));
            data.write(MAGIC);
            byte[] json = meta.toString().getBytes(StandardCharsets.UTF_8);
            data.writeInt(json.length);
            data.write(json);
            data.writeInt(tensors.size());
            for (var e : tensors.entrySet()) {
                data.writeUTF(e.getKey());
                long[] shape = e.getValue().shape();
                data.writeInt(shape.length);
                for (long d : shape) {
                    data.writeLong(d);
                }
                float[] v = e.getValue().values();
                data.writeInt(v.length);
                for (float f : v) {
                    data.writeInt(Float.floatToRawIntBits(f));
                }
            }
            data.flush();
            long sum = crc.getValue();
            DataOutputStream tail = new DataOutputStream(new NonClosing(out));
            tail.writeLong(sum);
            tail.flush();
        });
    }

    /**
     * Reads and verifies a checkpoint.
     *
     * @throws IllegalArgumentException if the file is not a checkpoint, truncated or corrupted (names the file)
     * @throws UncheckedIOException if it cannot be read
     */
    public static Checkpoint read(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
        if (all.length < MAGIC.length + 8 || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            throw new IllegalArgumentException("checkpoint " + file + " is corrupted or not a CIDer checkpoint (bad header, "
                    + all.length + " bytes)");
        }
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        long stored = java.nio.ByteBuffer.wrap(all, all.length - 8, 8).getLong();
        if (crc.getValue() != stored) {
            throw new IllegalArgumentException("checkpoint " + file + " is corrupted: CRC-32 mismatch (truncated or modified)");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, MAGIC.length,
                all.length - 8 - MAGIC.length))) {
            int jl = in.readInt();
            if (jl < 0 || jl > all.length) {
                throw new IllegalArgumentException("checkpoint " + file + " is corrupted: metadata length " + jl);
            }
            byte[] json = in.readNBytes(jl);
            JsonObject meta = JsonParser.parseString(new String(json, StandardCharsets.UTF_8)).getAsJsonObject();
            int n = in.readInt();
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                int rank = in.readInt();
                if (rank < 0 || rank > 8) {
                    throw new IllegalArgumentException("checkpoint " + file + " is corrupted: tensor " + name + " rank " + rank);
                }
                long[] shape = new long[rank];
                for (int k = 0; k < rank; k++) {
                    shape[k] = in.readLong();
                }
                int len = in.readInt();
                if (len < 0 || (long) len * 4 > all.length) {
                    throw new IllegalArgumentException("checkpoint " + file + " is corrupted: tensor " + name + " length " + len);
                }
                float[] v = new float[len];
                for (int k = 0; k < len; k++) {
                    v[k] = Float.intBitsToFloat(in.readInt());
                }
                tensors.put(name, new Tensor(shape, v));
            }
            return new Checkpoint(meta, tensors);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null
                    && iae.getMessage().startsWith("checkpoint ")) {
                throw iae;
            }
            throw new IllegalArgumentException("checkpoint " + file + " is corrupted: " + e.getMessage(), e);
        }
    }

    /** A tensor by name; an absent one is an error naming the file's role. */
    public Tensor tensor(String name, Path file) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("checkpoint " + file + " has no tensor '" + name + "'");
        }
        return t;
    }

    /** Keeps the AtomicFiles stream open (it closes it itself). */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
