package dev.cider.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Reads the MMSA feature pickles ({@code aligned_50.pkl}, {@code unaligned_50.pkl}) and the paper's
 * OOD pickles (written with {@code joblib.dump}) directly in Java, into {@link MultimodalData}
 * (reference spec section 2.1-2.3).
 *
 * <p>Layout (spec 2.2): a top-level dict with splits {@code train}, {@code valid}, {@code test}
 * (other dict-valued keys holding {@code text_bert} are read as extra splits); each split a dict
 * with {@code text_bert} (N, 3, T_l) = BERT input ids, attention mask, segment ids;
 * {@code audio} (N, T_a, d_a); {@code vision} (N, T_v, d_v); {@code raw_text} and {@code id}
 * (N strings); {@code regression_labels} (N,); {@code classification_labels} (N,) in {0, 1, 2};
 * and, for unaligned data only, {@code audio_lengths} / {@code vision_lengths} (N,). Aligned data
 * has no lengths: as in the reference, audio and vision then use the text length (the attention
 * mask's sum, [CLS] and [SEP] included). Other keys (GloVe {@code text}, per-modality labels) are
 * ignored. A missing {@code raw_text} becomes "" and a missing {@code id} becomes
 * {@code "<split>#<index>"}.
 *
 * <p>As in the reference loader, audio {@code -inf} entries become 0. Unlike the reference, NaN
 * and {@code +inf} features (and any non-finite vision value) are errors rather than being passed
 * to the model.
 *
 * <p>Accepted encodings: pickle protocols 2-5 (NumPy 1 {@code numpy.core} and NumPy 2
 * {@code numpy._core} names), joblib's uncompressed format, and joblib's zlib / gzip compressed
 * files. dtypes float16/32/64, integers, bool, unicode / object strings; C order.
 *
 * <p>Every problem is a {@link MmsaPickleException} naming the file, the split and the field; the
 * data is returned only when every split is complete and valid.
 */
public final class MmsaPickleReader {
    private MmsaPickleReader() {}

    /** The splits every MMSA pickle must have. */
    public static final List<String> SPLITS = List.of("train", "valid", "test");
    /** bert-base-uncased vocabulary size: token ids must lie in [0, 30522). */
    public static final int BERT_VOCAB_SIZE = 30522;
    /** d_l: BERT-base hidden size (the text features are computed inside the model). */
    public static final int TEXT_DIM = 768;

    /** Reads a pickle, inferring the dims (aligned iff the lengths keys are absent) from the train split. */
    public static MultimodalData read(Path file) {
        return read(file, null);
    }

    /**
     * Reads a pickle and checks every array against {@code expected} (e.g.
     * {@link DatasetDims#MOSI_UNALIGNED}); {@code null} infers the dims from the train split.
     */
    public static MultimodalData read(Path file, DatasetDims expected) {
        if (file == null) {
            throw new IllegalArgumentException("pickle path is null");
        }
        if (!Files.isRegularFile(file)) {
            throw new MmsaPickleException(file, null, null, "no such file");
        }
        MmsaUnpickler unpickler = new MmsaUnpickler();
        Object root;
        String encoding;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in;
            if (b0 == 0x80) {
                in = raw;
                encoding = "pickle protocol " + b1;
            } else if (b0 == 0x1f && b1 == 0x8b) {
                in = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
                encoding = "gzip-compressed";
            } else if (b0 == 0x78 && b1 >= 0 && (b0 * 256 + b1) % 31 == 0) {
                in = new BufferedInputStream(new InflaterInputStream(raw), 1 << 16);
                encoding = "zlib-compressed";
            } else if ((b0 == 0xfd && b1 == 0x37) || (b0 == 'B' && b1 == 'Z') || (b0 == 0x04 && b1 == 0x22)
                    || (b0 == 0x5d && b1 == 0x00)) {
                String codec = b0 == 0xfd ? "xz" : b0 == 'B' ? "bz2" : b0 == 0x04 ? "lz4" : "lzma";
                throw new MmsaPickleException(file, null, null, "joblib file compressed with " + codec
                        + ": only uncompressed, zlib and gzip are supported; decompress it first");
            } else {
                throw new MmsaPickleException(file, null, null, b0 < 0 ? "empty file"
                        : String.format(Locale.ROOT, "not a pickle (protocol 2+) or joblib file: starts with 0x%02x 0x%02x",
                        b0, Math.max(b1, 0)));
            }
            root = unpickler.load(in);
        } catch (MmsaPickleException e) {
            throw e;
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw new MmsaPickleException(file, null, null, "cannot unpickle (truncated or corrupt file?): " + e, e);
        }
        if (unpickler.sawJoblib()) {
            encoding = encoding.startsWith("pickle") ? "joblib" : "joblib " + encoding;
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new MmsaPickleException(file, null, null, "top level is " + MmsaPickleArray.describe(root)
                    + ", expected a dict with keys " + SPLITS);
        }
        List<String> splitNames = new ArrayList<>(SPLITS);
        for (String s : SPLITS) {
            if (!(top.get(s) instanceof Map)) {
                throw new MmsaPickleException(file, s, null, top.containsKey(s) ? "is not a dict"
                        : "missing split (top-level keys " + top.keySet() + ")");
            }
        }
        for (Map.Entry<?, ?> e : top.entrySet()) {
            String k = String.valueOf(e.getKey());
            if (!splitNames.contains(k) && e.getValue() instanceof Map<?, ?> m && m.containsKey("text_bert")) {
                splitNames.add(k);
            }
        }
        DatasetDims dims = expected != null ? expected : inferDims(file, (Map<?, ?>) top.get("train"));
        Map<String, List<Sample>> splits = new LinkedHashMap<>();
        long negInf = 0;
        for (String s : splitNames) {
            SplitReader r = new SplitReader(file, s, (Map<?, ?>) top.get(s), dims);
            splits.put(s, r.read());
            negInf += r.audioNegInf;
        }
        return new MultimodalData(dims.name(), dims, false, "MMSA pickle " + file.toAbsolutePath() + " (" + encoding
                + "; " + negInf + " audio -inf set to 0)", splits);
    }

    private static DatasetDims inferDims(Path file, Map<?, ?> train) {
        SplitReader r = new SplitReader(file, "train", train, null);
        MmsaPickleArray text = r.tensor("text_bert", 3, false);
        MmsaPickleArray audio = r.tensor("audio", 3, true);
        MmsaPickleArray vision = r.tensor("vision", 3, true);
        boolean hasA = train.containsKey("audio_lengths");
        boolean hasV = train.containsKey("vision_lengths");
        if (hasA != hasV) {
            throw new MmsaPickleException(file, "train", hasA ? "vision_lengths" : "audio_lengths",
                    "missing key (unaligned data needs both audio_lengths and vision_lengths)");
        }
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String full = file.toAbsolutePath().toString().toLowerCase(Locale.ROOT);
        String name = full.contains("mosei") ? "mosei" : full.contains("mosi") ? "mosi"
                : lower.replaceFirst("\\.[^.]*$", "");
        try {
            return new DatasetDims(name, (int) text.shape()[2], (int) audio.shape()[1], (int) vision.shape()[1],
                    TEXT_DIM, (int) audio.shape()[2], (int) vision.shape()[2], !hasA);
        } catch (IllegalArgumentException e) {
            throw new MmsaPickleException(file, "train", "audio", "inconsistent sizes: " + e.getMessage(), e);
        }
    }

    /** Reads and validates one split. */
    private static final class SplitReader {
        private final Path file;
        private final String split;
        private final Map<?, ?> map;
        private final DatasetDims dims;
        /** Audio -inf values set to 0 in this split. */
        long audioNegInf;

        SplitReader(Path file, String split, Map<?, ?> map, DatasetDims dims) {
            this.file = file;
            this.split = split;
            this.map = map;
            this.dims = dims;
        }

        MmsaPickleException error(String field, String problem) {
            return new MmsaPickleException(file, split, field, problem);
        }

        Object value(String field) {
            if (!map.containsKey(field)) {
                List<String> keys = new ArrayList<>();
                map.keySet().forEach(k -> keys.add(String.valueOf(k)));
                throw error(field, "missing key (keys present: " + keys + ")");
            }
            return map.get(field);
        }

        /** A numeric ndarray of the given rank; features must be floating point. */
        MmsaPickleArray tensor(String field, int rank, boolean floating) {
            Object v = value(field);
            if (!(v instanceof MmsaPickleArray a) || !a.isFilled()) {
                throw error(field, "expected a numpy array, found " + MmsaPickleArray.describe(v));
            }
            if (!a.isNumeric() || (floating && !a.isFloating())) {
                throw error(field, "wrong dtype " + a.dtype() + ", expected "
                        + (floating ? "float32 or float64" : "a numeric dtype"));
            }
            if (a.ndim() != rank) {
                throw error(field, "wrong shape " + Arrays.toString(a.shape()) + ", expected " + rank + " dimensions");
            }
            return a;
        }

        void checkShape(String field, MmsaPickleArray a, long... want) {
            if (!Arrays.equals(a.shape(), want)) {
                throw error(field, "wrong shape " + Arrays.toString(a.shape()) + ", expected " + Arrays.toString(want));
            }
        }

        /** A 1-D numeric column of n values (ndarray (n,) or (n,1), or a list of numbers). */
        double[] numbers(String field, int n) {
            Object v = value(field);
            double[] out = new double[n];
            if (v instanceof MmsaPickleArray a && a.isFilled()) {
                long[] s = a.shape();
                boolean ok = (s.length == 1 && s[0] == n) || (s.length == 2 && s[0] == n && s[1] == 1);
                if (!ok) {
                    throw error(field, "wrong shape " + Arrays.toString(s) + ", expected [" + n + "]");
                }
                for (int i = 0; i < n; i++) {
                    if (a.isNumeric()) {
                        out[i] = a.getDouble(i);
                    } else if (a.dtype().kind == 'O' && a.getObject(i) instanceof Number num) {
                        out[i] = num.doubleValue();
                    } else {
                        throw error(field, "wrong dtype " + a.dtype() + ", expected numbers");
                    }
                }
                return out;
            }
            if (v instanceof List<?> list) {
                if (list.size() != n) {
                    throw error(field, "has " + list.size() + " items, expected " + n);
                }
                for (int i = 0; i < n; i++) {
                    if (!(list.get(i) instanceof Number num)) {
                        throw error(field, "item " + i + " is " + MmsaPickleArray.describe(list.get(i)) + ", expected a number");
                    }
                    out[i] = num.doubleValue();
                }
                return out;
            }
            throw error(field, "expected a numpy array or list, found " + MmsaPickleArray.describe(v));
        }

        /** n strings (unicode/bytes/object ndarray or a list); an absent optional key gives null. */
        String[] strings(String field, int n, boolean optional) {
            if (optional && !map.containsKey(field)) {
                return null;
            }
            Object v = value(field);
            String[] out = new String[n];
            if (v instanceof MmsaPickleArray a && a.isFilled()) {
                if (a.size() != n || a.ndim() > 2) {
                    throw error(field, "wrong shape " + Arrays.toString(a.shape()) + ", expected [" + n + "]");
                }
                if (a.isNumeric()) {
                    throw error(field, "wrong dtype " + a.dtype() + ", expected strings");
                }
                for (int i = 0; i < n; i++) {
                    out[i] = a.getString(i);
                }
                return out;
            }
            if (v instanceof List<?> list) {
                if (list.size() != n) {
                    throw error(field, "has " + list.size() + " items, expected " + n);
                }
                for (int i = 0; i < n; i++) {
                    out[i] = MmsaPickleArray.objectToString(list.get(i));
                }
                return out;
            }
            throw error(field, "expected a numpy array or list of strings, found " + MmsaPickleArray.describe(v));
        }

        int integral(String field, double v, int i, double lo, double hi) {
            if (!(v == Math.rint(v)) || v < lo || v > hi) {
                throw error(field, "value " + v + " at index " + i + " is not an integer in [" + (long) lo + ", "
                        + (long) hi + "]");
            }
            return (int) v;
        }

        List<Sample> read() {
            int tl = dims.textLength();
            int ta = dims.audioLength();
            int tv = dims.visionLength();
            int da = dims.audioDim();
            int dv = dims.visionDim();
            MmsaPickleArray text = tensor("text_bert", 3, false);
            long nl = text.shape()[0];
            if (nl > Integer.MAX_VALUE) {
                throw error("text_bert", "too many samples: " + nl);
            }
            int n = (int) nl;
            checkShape("text_bert", text, n, 3, tl);
            MmsaPickleArray audio = tensor("audio", 3, true);
            checkShape("audio", audio, n, ta, da);
            MmsaPickleArray vision = tensor("vision", 3, true);
            checkShape("vision", vision, n, tv, dv);
            double[] reg = numbers("regression_labels", n);
            double[] cls = numbers("classification_labels", n);
            double[] aLen = null;
            double[] vLen = null;
            if (!dims.aligned()) {
                aLen = numbers("audio_lengths", n);
                vLen = numbers("vision_lengths", n);
            }
            String[] ids = strings("id", n, true);
            String[] raw = strings("raw_text", n, true);

            List<Sample> out = new ArrayList<>(n);
            int rowA = ta * da;
            int rowV = tv * dv;
            for (int i = 0; i < n; i++) {
                String id = ids != null ? ids[i] : split + "#" + i;
                int[] tid = new int[tl];
                int[] mask = new int[tl];
                int[] seg = new int[tl];
                double[] rows = text.doubles((long) i * 3 * tl, 3 * tl);
                int textLen = 0;
                for (int t = 0; t < tl; t++) {
                    tid[t] = integral("text_bert", rows[t], i, 0, BERT_VOCAB_SIZE - 1);
                    mask[t] = integral("text_bert", rows[tl + t], i, 0, 1);
                    seg[t] = integral("text_bert", rows[2 * tl + t], i, 0, 1);
                    textLen += mask[t];
                }
                if (!Double.isFinite(reg[i]) || reg[i] < -3 || reg[i] > 3) {
                    throw error("regression_labels", "value " + reg[i] + " at index " + i + " (id " + id
                            + ") is not a score in [-3, 3]");
                }
                double c = cls[i];
                if (!(c == 0 || c == 1 || c == 2)) {
                    throw error("classification_labels", "unknown label " + c + " at index " + i + " (id " + id
                            + "), expected 0, 1 or 2");
                }
                float[] a = audio.floats((long) i * rowA, rowA);
                for (int k = 0; k < a.length; k++) {
                    if (a[k] == Float.NEGATIVE_INFINITY) {
                        a[k] = 0f; // the reference loader's audio[audio == -inf] = 0
                        audioNegInf++;
                    } else if (!Float.isFinite(a[k])) {
                        throw error("audio", "non-finite value " + a[k] + " at sample " + i + " (id " + id + "), frame "
                                + k / da + ", feature " + k % da);
                    }
                }
                float[] v = vision.floats((long) i * rowV, rowV);
                for (int k = 0; k < v.length; k++) {
                    if (!Float.isFinite(v[k])) {
                        throw error("vision", "non-finite value " + v[k] + " at sample " + i + " (id " + id + "), frame "
                                + k / dv + ", feature " + k % dv);
                    }
                }
                int al = aLen != null ? integral("audio_lengths", aLen[i], i, 0, ta) : textLen;
                int vl = vLen != null ? integral("vision_lengths", vLen[i], i, 0, tv) : textLen;
                try {
                    out.add(new Sample(id, raw != null ? raw[i] : "", tid, mask, seg, a, ta, da, al, v, tv, dv, vl,
                            (float) reg[i], (int) c));
                } catch (IllegalArgumentException e) {
                    throw new MmsaPickleException(file, split, "sample " + i, e.getMessage(), e);
                }
            }
            return List.copyOf(out);
        }
    }
}
