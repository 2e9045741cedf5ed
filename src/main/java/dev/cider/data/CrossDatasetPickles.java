package dev.cider.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cross-dataset setting of paper Tables VII, XII, XIX and XX (reference spec sections 1.1, 2.1-2.3):
 * train and validate on one dataset, test on the other.
 *
 * <p>The reference reads {@code MSA_cross_datasets/{mosi,mosei}.pkl}, the CASP re-extraction of MOSI and
 * MOSEI with <em>shared</em> feature sizes (d_l 768, d_a 25, d_v 171; aligned; T_l 44 for MOSI and 75
 * for MOSEI, spec 2.2). Its cross mode takes train and valid from the training dataset's file and test
 * from the <em>other</em> file's test split, and derives the 3-class label from the score's sign
 * (0 if y &lt; 0, 1 if y = 0, 2 if y &gt; 0), ignoring {@code classification_labels} (spec 2.3).
 * {@link #read(Path, String)} does exactly that, through {@link MmsaPickleReader}.
 *
 * <p><b>Text length.</b> The two files have different T_l, while CIDer's working length (and the
 * MCT's block boundaries) is fixed when the model is built from the training dataset. The reference's
 * behaviour there is unverified (spec 7, 10 item 16). Here the test samples are <em>fitted</em> to the
 * training dataset's length ({@link #fitLength}): shorter ones are padded; longer ones are cut to T
 * frames with {@code [SEP]} kept as the last valid token. The number of cut samples is recorded in the
 * data's source string.
 *
 * <p>The same {@link #combine} builds the SYNTHETIC stand-in (two {@link SyntheticCider} sets with the
 * cross dims {@link #MOSI_CROSS} / {@link #MOSEI_CROSS}); the result is synthetic when either part is.
 */
public final class CrossDatasetPickles {
    private CrossDatasetPickles() {}

    /** The datasets of the cross setting, in the reference's names. */
    public static final List<String> DATASETS = List.of("mosi", "mosei");
    /** CASP MOSI for cross mode (spec 2.2): aligned, T 44, d 768/25/171. */
    public static final DatasetDims MOSI_CROSS = new DatasetDims("mosi-cross", 44, 44, 44, 768, 25, 171, true);
    /** CASP MOSEI for cross mode (spec 2.2): aligned, T 75, d 768/25/171. */
    public static final DatasetDims MOSEI_CROSS = new DatasetDims("mosei-cross", 75, 75, 75, 768, 25, 171, true);
    /** {@code [SEP]} in bert-base-uncased. */
    public static final int SEP_ID = 102;

    /** The cross dims of a dataset name ("mosi" or "mosei"). */
    public static DatasetDims crossDims(String dataset) {
        return switch (checkName(dataset)) {
            case "mosi" -> MOSI_CROSS;
            default -> MOSEI_CROSS;
        };
    }

    /** The other dataset of the pair: mosi &harr; mosei. */
    public static String other(String dataset) {
        return checkName(dataset).equals("mosi") ? "mosei" : "mosi";
    }

    private static String checkName(String dataset) {
        String d = dataset == null ? "" : dataset.trim().toLowerCase(Locale.ROOT);
        if (!DATASETS.contains(d)) {
            throw new IllegalArgumentException("unknown cross dataset '" + dataset + "': expected one of " + DATASETS);
        }
        return d;
    }

    /**
     * Reads {@code dir/<trainOn>.pkl} (train, valid) and {@code dir/<other>.pkl} (its test split) and
     * combines them with {@link #combine}; label3 of every sample is re-derived from the score's sign.
     *
     * @param dir the folder {@code MSA_cross_datasets}
     * @param trainOn "mosi" or "mosei"
     * @throws MmsaPickleException naming the file and field for a missing or invalid pickle
     * @throws IllegalArgumentException when the two files do not share d_a, d_v and alignment
     */
    public static MultimodalData read(Path dir, String trainOn) {
        String source = checkName(trainOn);
        String target = other(source);
        Path sf = dir.resolve(source + ".pkl");
        Path tf = dir.resolve(target + ".pkl");
        for (Path f : List.of(sf, tf)) {
            if (!Files.isRegularFile(f)) {
                throw new MmsaPickleException(f, null, null, "no such file (the cross-dataset setting needs both "
                        + dir.resolve("mosi.pkl").getFileName() + " and " + dir.resolve("mosei.pkl").getFileName() + ")");
            }
        }
        MultimodalData s = MmsaPickleReader.read(sf);
        MultimodalData t = MmsaPickleReader.read(tf);
        if (!s.dims().aligned() || !t.dims().aligned()) {
            throw new IllegalArgumentException("cross-dataset pickles must be aligned (no audio_lengths/vision_lengths): "
                    + (s.dims().aligned() ? tf : sf) + " is unaligned");
        }
        return combine(labelsFromSign(s), labelsFromSign(t), source + "->" + target);
    }

    /**
     * Train and valid of {@code source}, and {@code target}'s test split fitted to the source's text
     * length, as one dataset (splits train, valid, test) with the source's dims.
     *
     * @param name the dataset name, e.g. "mosi->mosei" (prefixed "synthetic-" when a part is synthetic)
     * @throws IllegalArgumentException when feature sizes or alignment differ (transfer needs shared dims)
     */
    public static MultimodalData combine(MultimodalData source, MultimodalData target, String name) {
        DatasetDims sd = source.dims();
        DatasetDims td = target.dims();
        if (sd.audioDim() != td.audioDim() || sd.visionDim() != td.visionDim() || sd.textDim() != td.textDim()) {
            throw new IllegalArgumentException("cross-dataset transfer needs shared feature sizes, but " + source.name()
                    + " has d = " + sd.textDim() + "/" + sd.audioDim() + "/" + sd.visionDim() + " and " + target.name()
                    + " has " + td.textDim() + "/" + td.audioDim() + "/" + td.visionDim());
        }
        if (!sd.aligned() || !td.aligned()) {
            throw new IllegalArgumentException("cross-dataset transfer is defined on aligned data only (spec 1.1): "
                    + (sd.aligned() ? target.name() : source.name()) + " is unaligned");
        }
        int[] cut = new int[1];
        List<Sample> test = fitLength(target.split("test"), sd.textLength(), cut);
        Map<String, List<Sample>> splits = new LinkedHashMap<>();
        splits.put("train", source.split("train"));
        splits.put("valid", source.split("valid"));
        splits.put("test", test);
        boolean synthetic = source.synthetic() || target.synthetic();
        String n = synthetic && !name.startsWith("synthetic") ? "synthetic-" + name : name;
        String src = "cross-dataset: train/valid from " + source.name() + " [" + source.source() + "]; test from "
                + target.name() + " [" + target.source() + "], fitted to T = " + sd.textLength() + " (" + cut[0]
                + " of " + test.size() + " test samples cut)";
        return new MultimodalData(n, sd, synthetic, src, splits);
    }

    /** A copy of the data whose label3 is derived from the score's sign (the reference's cross mode). */
    public static MultimodalData labelsFromSign(MultimodalData data) {
        Map<String, List<Sample>> splits = new LinkedHashMap<>();
        for (var e : data.splits().entrySet()) {
            List<Sample> out = new ArrayList<>(e.getValue().size());
            for (Sample s : e.getValue()) {
                int l3 = Labels.label3FromScore(s.regression());
                out.add(l3 == s.label3() ? s : new Sample(s.id(), s.rawText(), s.inputIds(), s.attentionMask(),
                        s.segmentIds(), s.audio(), s.audioFrames(), s.audioDim(), s.audioLength(), s.vision(),
                        s.visionFrames(), s.visionDim(), s.visionLength(), s.regression(), l3));
            }
            splits.put(e.getKey(), List.copyOf(out));
        }
        return new MultimodalData(data.name(), data.dims(), data.synthetic(), data.source()
                + "; label3 from the score's sign", splits);
    }

    /**
     * Aligned samples fitted to {@code length} frames: text ids/mask/segments and audio/vision rows
     * padded with zeros or cut; a cut sample keeps {@code [SEP]} as its last valid token and its
     * audio/vision lengths are capped at {@code length}.
     *
     * @param cut if not null, {@code cut[0]} is increased by the number of samples that lost tokens
     * @throws IllegalArgumentException for an unaligned sample (text and frame counts differ)
     */
    public static List<Sample> fitLength(List<Sample> samples, int length, int[] cut) {
        if (length < 2) {
            throw new IllegalArgumentException("text length must be >= 2 ([CLS] and [SEP]), got " + length);
        }
        List<Sample> out = new ArrayList<>(samples.size());
        for (Sample s : samples) {
            int t = s.textFrames();
            if (s.audioFrames() != t || s.visionFrames() != t) {
                throw new IllegalArgumentException(s.id() + ": not aligned (text " + t + ", audio " + s.audioFrames()
                        + ", vision " + s.visionFrames() + " frames); cross-dataset fitting needs aligned samples");
            }
            if (t == length) {
                out.add(s);
                continue;
            }
            int[] ids = java.util.Arrays.copyOf(s.inputIds(), length);
            int[] mask = java.util.Arrays.copyOf(s.attentionMask(), length);
            int[] seg = java.util.Arrays.copyOf(s.segmentIds(), length);
            if (s.textLength() > length) {
                ids[length - 1] = SEP_ID;
                if (cut != null) {
                    cut[0]++;
                }
            }
            float[] a = java.util.Arrays.copyOf(s.audio(), length * s.audioDim());
            float[] v = java.util.Arrays.copyOf(s.vision(), length * s.visionDim());
            out.add(new Sample(s.id(), s.rawText(), ids, mask, seg, a, length, s.audioDim(),
                    Math.min(s.audioLength(), length), v, length, s.visionDim(), Math.min(s.visionLength(), length),
                    s.regression(), s.label3()));
        }
        return List.copyOf(out);
    }
}
