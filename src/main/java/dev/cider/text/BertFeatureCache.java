package dev.cider.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.cider.ProjectPaths;
import dev.cider.data.Sample;
import dev.cider.util.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * Frozen-BERT feature cache: the CPU default of this study. Fine-tuning BERT-base on CPU is far too
 * slow, so in frozen mode (the text encoder of paper Eq. (2) with {@code optFrozen(true)}; the paper fine-tunes it) the last
 * hidden states of every utterance are computed once, in batches, and stored on disk.
 *
 * <p>The cache file is keyed by SHA-256 over the weights identity ({@link BertCheckpoint#weightsId()}),
 * the encoder configuration, the stored precision and every id, mask and segment value; a changed
 * input or weight gives a new file. Files are written atomically ({@link AtomicFiles}) and carry a
 * CRC-32 of the payload, so a reader sees a whole file or a clear error.
 *
 * <p>File layout (little-endian): magic {@code CIDERBF1}, int32 bytes per value (2 = float16,
 * 4 = float32), int32 N, int32 T, int32 H, 32-byte key, N*T*H values, int64 CRC-32 of the values.
 */
public final class BertFeatureCache {
    static final byte[] MAGIC = "CIDERBF1".getBytes(StandardCharsets.US_ASCII);

    /** Stored precision: float16 halves the file (MOSI: 168 MB instead of 337 MB); float32 is exact. */
    public enum Precision {
        FLOAT16(2), FLOAT32(4);

        final int bytes;

        Precision(int bytes) {
            this.bytes = bytes;
        }
    }

    private final BertEncoder encoder;
    private final String weightsId;
    private final Path directory;
    private final int batchSize;
    private final Precision precision;
    private final Consumer<String> progress;

    private BertFeatureCache(Builder b) {
        this.encoder = b.encoder;
        this.weightsId = b.weightsId;
        this.directory = b.directory;
        this.batchSize = b.batchSize;
        this.precision = b.precision;
        this.progress = b.progress;
    }

    /** A builder; encoder and weights identity are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Features of the samples' text tracks (ids, attention mask, segment ids). */
    public BertFeatures computeOrLoad(NDManager manager, List<Sample> samples) {
        List<int[]> ids = new ArrayList<>();
        List<int[]> masks = new ArrayList<>();
        List<int[]> segments = new ArrayList<>();
        for (Sample s : samples) {
            ids.add(s.inputIds());
            masks.add(s.attentionMask());
            segments.add(s.segmentIds());
        }
        return computeOrLoad(manager, ids, masks, segments);
    }

    /**
     * Loads the cached features of these sequences, or computes them with the encoder (eval mode, in
     * batches, printing a progress line per batch) and stores them.
     *
     * @param ids token ids, all of the same length T
     * @param masks attention masks (1 real, 0 padding), same shapes
     * @param segments segment ids, same shapes (null: all zero)
     */
    public BertFeatures computeOrLoad(NDManager manager, List<int[]> ids, List<int[]> masks, List<int[]> segments) {
        int t = validate(ids, masks, segments);
        String key = key(ids, masks, segments);
        Path file = fileFor(key);
        if (Files.isRegularFile(file)) {
            BertFeatures cached = read(file);
            if (!cached.key().equals(key)) {
                throw new IllegalStateException("feature cache " + file + " holds key " + cached.key() + ", expected " + key);
            }
            progress.accept(String.format(Locale.ROOT, "BERT features: loaded %d x %d x %d from %s", cached.size(), t,
                    cached.hidden(), file));
            return cached;
        }
        BertFeatures computed = compute(manager, ids, masks, segments, t, key);
        write(file, computed, precision);
        return computed;
    }

    /** The cache file for a key. */
    public Path fileFor(String key) {
        return directory.resolve("bert-" + key.substring(0, 24) + "-" + precision.name().toLowerCase(Locale.ROOT) + ".bin");
    }

    /** The cache key of these inputs with this encoder, weights and precision (SHA-256 hex). */
    public String key(List<int[]> ids, List<int[]> masks, List<int[]> segments) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((weightsId + "|" + encoder.getConfig() + "|" + precision).getBytes(StandardCharsets.UTF_8));
            ByteBuffer bb = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            md.update(bb.putInt(0, ids.size()).array());
            for (int i = 0; i < ids.size(); i++) {
                for (int[] row : new int[][] {ids.get(i), masks.get(i), segments == null ? new int[ids.get(i).length] : segments.get(i)}) {
                    ByteBuffer r = ByteBuffer.allocate(4 * row.length).order(ByteOrder.LITTLE_ENDIAN);
                    r.asIntBuffer().put(row);
                    md.update(r.array());
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private BertFeatures compute(NDManager manager, List<int[]> ids, List<int[]> masks, List<int[]> segments, int t, String key) {
        int n = ids.size();
        int h = encoder.getConfig().hiddenSize();
        List<float[]> out = new ArrayList<>(n);
        int batches = (n + batchSize - 1) / batchSize;
        long start = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            int from = b * batchSize;
            int to = Math.min(n, from + batchSize);
            long t0 = System.nanoTime();
            long c0 = cpuNanos();
            try (NDManager m = manager.newSubManager()) {
                NDArray idArr = m.create(stack(ids, from, to, t), new ai.djl.ndarray.types.Shape(to - from, t));
                NDArray maskArr = m.create(stack(masks, from, to, t), idArr.getShape());
                NDArray segArr = segments == null ? m.zeros(idArr.getShape(), ai.djl.ndarray.types.DataType.INT64)
                        : m.create(stack(segments, from, to, t), idArr.getShape());
                NDArray hidden = encoder.forward(new ParameterStore(m, false), new NDList(idArr, maskArr, segArr), false)
                        .singletonOrThrow();
                float[] flat = hidden.toFloatArray();
                for (int i = 0; i < to - from; i++) {
                    float[] v = Arrays.copyOfRange(flat, i * t * h, (i + 1) * t * h);
                    if (precision == Precision.FLOAT16) {
                        for (int j = 0; j < v.length; j++) {
                            v[j] = Half.toFloat(Half.fromFloat(v[j]));
                        }
                    }
                    out.add(v);
                }
            }
            double sec = (System.nanoTime() - t0) / 1e9;
            double cpu = (cpuNanos() - c0) / 1e9;
            progress.accept(String.format(Locale.ROOT,
                    "BERT features: batch %d/%d (%d/%d sequences) %.2f s/batch (this thread's CPU %.2f s), %.0f s total",
                    b + 1, batches, to, n, sec, cpu, (System.nanoTime() - start) / 1e9));
        }
        return new BertFeatures(t, h, out, key);
    }

    /** CPU time of the calling thread (libtorch with 1 intra-op thread computes on it), or 0 if unsupported. */
    private static long cpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        return mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : 0L;
    }

    private static int[] stack(List<int[]> rows, int from, int to, int t) {
        int[] flat = new int[(to - from) * t];
        for (int i = from; i < to; i++) {
            System.arraycopy(rows.get(i), 0, flat, (i - from) * t, t);
        }
        return flat;
    }

    private int validate(List<int[]> ids, List<int[]> masks, List<int[]> segments) {
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("BertFeatureCache: no sequences given");
        }
        if (masks.size() != ids.size() || (segments != null && segments.size() != ids.size())) {
            throw new IllegalArgumentException("BertFeatureCache: " + ids.size() + " id rows but " + masks.size() + " mask rows and "
                    + (segments == null ? "no" : String.valueOf(segments.size())) + " segment rows");
        }
        int t = ids.get(0).length;
        int vocab = encoder.getConfig().vocabSize();
        for (int i = 0; i < ids.size(); i++) {
            int[] id = ids.get(i);
            if (id.length != t || masks.get(i).length != t || (segments != null && segments.get(i).length != t)) {
                throw new IllegalArgumentException("BertFeatureCache: sequence " + i + " is not of length " + t + " in ids, mask and segments");
            }
            for (int j = 0; j < t; j++) {
                if (id[j] < 0 || id[j] >= vocab) {
                    throw new IllegalArgumentException("BertFeatureCache: sequence " + i + " token " + j + " id " + id[j]
                            + " outside the vocabulary [0, " + vocab + ")");
                }
                int mk = masks.get(i)[j];
                if (mk != 0 && mk != 1) {
                    throw new IllegalArgumentException("BertFeatureCache: sequence " + i + " mask value " + mk + " at " + j + " is not 0/1");
                }
            }
        }
        return t;
    }

    /** Writes features to a cache file atomically. */
    static void write(Path file, BertFeatures f, Precision precision) {
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 20));
            ByteBuffer head = ByteBuffer.allocate(8 + 16 + 32).order(ByteOrder.LITTLE_ENDIAN);
            head.put(MAGIC).putInt(precision.bytes).putInt(f.size()).putInt(f.seqLength()).putInt(f.hidden())
                    .put(HexFormat.of().parseHex(f.key()));
            out.write(head.array());
            CRC32 crc = new CRC32();
            ByteBuffer row = ByteBuffer.allocate(f.seqLength() * f.hidden() * precision.bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] v : f.features()) {
                row.clear();
                for (float x : v) {
                    if (precision == Precision.FLOAT16) {
                        row.putShort(Half.fromFloat(x));
                    } else {
                        row.putFloat(x);
                    }
                }
                crc.update(row.array());
                out.write(row.array());
            }
            out.writeLong(crc.getValue());
            out.flush();
        });
    }

    /**
     * Reads a cache file.
     *
     * @throws IllegalArgumentException naming the file if it is not a complete, uncorrupted cache file
     */
    public static BertFeatures read(Path file) {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 20))) {
            byte[] head = new byte[8 + 16 + 32];
            in.readFully(head);
            ByteBuffer hb = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[8];
            hb.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw bad(file, "not a BERT feature cache file (bad magic)");
            }
            int bytes = hb.getInt();
            int n = hb.getInt();
            int t = hb.getInt();
            int h = hb.getInt();
            if ((bytes != 2 && bytes != 4) || n <= 0 || t <= 0 || h <= 0) {
                throw bad(file, "bad header: bytes/value " + bytes + ", N " + n + ", T " + t + ", H " + h);
            }
            byte[] keyBytes = new byte[32];
            hb.get(keyBytes);
            long expectedSize = head.length + (long) n * t * h * bytes + 8;
            if (Files.size(file) != expectedSize) {
                throw bad(file, "size " + Files.size(file) + " bytes, header says " + expectedSize);
            }
            CRC32 crc = new CRC32();
            byte[] row = new byte[t * h * bytes];
            List<float[]> features = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                in.readFully(row);
                crc.update(row);
                ByteBuffer rb = ByteBuffer.wrap(row).order(ByteOrder.LITTLE_ENDIAN);
                float[] v = new float[t * h];
                for (int j = 0; j < v.length; j++) {
                    v[j] = bytes == 2 ? Half.toFloat(rb.getShort()) : rb.getFloat();
                }
                features.add(v);
            }
            long stored = in.readLong();
            if (stored != crc.getValue()) {
                throw bad(file, "CRC-32 mismatch (corrupt file)");
            }
            return new BertFeatures(t, h, features, HexFormat.of().formatHex(keyBytes));
        } catch (EOFException e) {
            throw bad(file, "truncated");
        } catch (IOException e) {
            throw new UncheckedIOException("could not read BERT feature cache " + file + ": " + e.getMessage(), e);
        }
    }

    private static IllegalArgumentException bad(Path file, String why) {
        return new IllegalArgumentException("BERT feature cache " + file + ": " + why);
    }

    /** IEEE 754 binary16 conversions (round to nearest even), as Java 17 has none. */
    static final class Half {
        private Half() {}

        static short fromFloat(float f) {
            int bits = Float.floatToRawIntBits(f);
            int sign = (bits >>> 16) & 0x8000;
            int exp = (bits >>> 23) & 0xff;
            int mant = bits & 0x7fffff;
            if (exp == 0xff) {
                return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
            }
            int e = exp - 127 + 15;
            if (e >= 0x1f) {
                return (short) (sign | 0x7c00);
            }
            if (e <= 0) {
                if (e < -10) {
                    return (short) sign;
                }
                int m = mant | 0x800000;
                int shift = 14 - e;
                int half = m >>> shift;
                int rem = m & ((1 << shift) - 1);
                int mid = 1 << (shift - 1);
                if (rem > mid || (rem == mid && (half & 1) != 0)) {
                    half++;
                }
                return (short) (sign | half);
            }
            int half = (e << 10) | (mant >>> 13);
            int rem = mant & 0x1fff;
            if (rem > 0x1000 || (rem == 0x1000 && (half & 1) != 0)) {
                half++; // may carry into the exponent, giving infinity correctly
            }
            return (short) (sign | half);
        }

        static float toFloat(short s) {
            int h = s & 0xffff;
            int sign = (h & 0x8000) << 16;
            int exp = (h >>> 10) & 0x1f;
            int mant = h & 0x3ff;
            if (exp == 0) {
                float v = mant * 0x1p-24f;
                return sign != 0 ? -v : v;
            }
            if (exp == 0x1f) {
                return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
            }
            return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
        }
    }

    /** Builder of {@link BertFeatureCache}. */
    public static final class Builder {
        private BertEncoder encoder;
        private String weightsId;
        private Path directory = ProjectPaths.root().resolve("target").resolve("bert-features");
        private int batchSize = 32;
        private Precision precision = Precision.FLOAT16;
        private Consumer<String> progress = System.out::println;

        private Builder() {}

        /** The (frozen or not; it runs in eval mode) encoder. Required. */
        public Builder setEncoder(BertEncoder encoder) {
            this.encoder = encoder;
            return this;
        }

        /** Identity of the weights (e.g. {@link BertWeights.Loaded#weightsId()}). Required. */
        public Builder setWeightsId(String weightsId) {
            this.weightsId = weightsId;
            return this;
        }

        /** Folder of the cache files (default {@code target/bert-features} under the project root). */
        public Builder optDirectory(Path directory) {
            this.directory = directory;
            return this;
        }

        /** Sequences per forward pass (default 32). */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Stored precision (default float16). */
        public Builder optPrecision(Precision precision) {
            this.precision = precision;
            return this;
        }

        /** Where progress lines go (default standard output). */
        public Builder optProgress(Consumer<String> progress) {
            this.progress = progress;
            return this;
        }

        /** Builds and validates. */
        public BertFeatureCache build() {
            if (encoder == null) {
                throw new IllegalArgumentException("BertFeatureCache.Builder: setEncoder(...) is required");
            }
            if (weightsId == null || weightsId.isBlank()) {
                throw new IllegalArgumentException("BertFeatureCache.Builder: setWeightsId(...) is required");
            }
            if (batchSize <= 0) {
                throw new IllegalArgumentException("BertFeatureCache.Builder: batch size must be positive, got " + batchSize);
            }
            if (directory == null || precision == null || progress == null) {
                throw new IllegalArgumentException("BertFeatureCache.Builder: directory, precision and progress must not be null");
            }
            return new BertFeatureCache(this);
        }
    }
}
