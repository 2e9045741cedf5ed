package dev.cider.data;

import dev.cider.text.BertVocab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The SYNTHETIC default dataset: MOSI-shaped (or MOSEI-shaped) multimodal samples generated in-process
 * from a seed, with a generative story in which every CIDer mechanism has something to do. It is
 * never real data: {@link MultimodalData#synthetic()} is true and names start with "synthetic-".
 *
 * <h2>Generative story (per sample)</h2>
 * <ol>
 *   <li><b>Latent sentiment, split across modalities.</b> Three independent parts
 *       z_t, z_a, z_v ~ N(0, 1) (what only the text, only the audio, only the vision shows) give the
 *       score u = 1.5 (w_t z_t + w_a z_a + w_v z_v) + N(0, 0.15&sup2;) with weights (0.65, 0.5, 0.45) by
 *       default ({@link Builder#optModalityWeights}). The regression label is u rounded to steps of
 *       0.2 (like an average of five annotators) and clipped to [-3, 3]; so |u| &lt; 0.1 gives exactly 0,
 *       the neutral class. label3 = sign (0 neg, 1 neutral, 2 pos), label7 = rint(y) + 3 (paper IV-A,
 *       spec 2.3). No modality alone determines the label: fusion and missing modalities matter.</li>
 *   <li><b>Label prior.</b> Samples are drawn by rejection until each class holds its quota
 *       round(prior &times; n) (largest remainder). The default training prior is MOSI's IID training
 *       counts 552 / 53 / 679 (MOSEI dims: 4738 / 3540 / 8048), used for train, valid and the IID test.</li>
 *   <li><b>Text.</b> 5..20 real English words (each a single bert-base-uncased vocabulary entry, one id
 *       per word), shuffled: 1..4 sentiment words (more when |z_t| is larger), each positive with
 *       probability sigmoid(3 z_t), from {@link #POSITIVE_WORDS} / {@link #NEGATIVE_WORDS}; with
 *       probability 0.6 ({@link Builder#optBiasWordRate}) one <em>bias word</em>; the rest neutral
 *       filler ({@link #FILLER_WORDS}). Ids are [CLS] w_1 .. w_n [SEP], then [PAD] up to T_l = 50;
 *       the raw text is the words joined by spaces.</li>
 *   <li><b>Language bias.</b> Bias words are sentiment-free words ({@link #BIAS_POSITIVE_WORDS},
 *       {@link #BIAS_NEGATIVE_WORDS}). For a positive (negative) sample the bias word comes from the
 *       "positive" ("negative") group with probability {@code agreement}, else from the other group;
 *       neutral samples pick a group at random. Agreement is 0.85 in train, valid and the IID test,
 *       and 0.15 in the OOD test (the correlation is flipped).</li>
 *   <li><b>Word-aligned cues.</b> Every word i has a duration; its audio and vision frames form a
 *       contiguous span (aligned data: token position j is frame j, valid length = text length;
 *       unaligned data: spans are stretched over T_a / T_v at about 90 % of the longest sentence, so
 *       valid lengths are below T). All valid frames carry noise N(0, 0.6&sup2;); on the spans of the
 *       <em>sentiment words</em> the audio frames also carry 1.5 z_a e_a and the vision frames
 *       1.5 z_v e_v, where e_a, e_v are the fixed unit directions of {@link #cueDirection(int)}.
 *       Padding frames are 0. So the cues sit where the words that matter are spoken: word-level
 *       alignment has something to learn.</li>
 * </ol>
 *
 * <h2>IID and OOD variants</h2>
 * {@link #iid()}: train, valid, test from the distribution above. {@link #ood()}: the same train
 * and valid (identical samples for the same seed), and a test split drawn with bias-word agreement
 * 0.15 (flipped language bias) and the mirrored label prior (label bias: MOSI 679 / 53 / 552 by
 * default, {@link Builder#optOodTestPrior}). {@link #iidAndOod()} returns train, valid, test and
 * test_ood together. Each split has its own random stream derived from the seed, so the same seed
 * gives the same numbers.
 *
 * <p>Memory: a MOSI-sized unaligned set holds about 2,200 &times; (375&times;5 + 500&times;20) floats
 * (about 105 MB); MOSEI-sized full data would need about 5 GB, so callers pass
 * {@link Builder#optScaleFraction} (e.g. 0.05 at quick scale).
 */
public final class SyntheticCider {

    /** Sentiment-bearing positive words (single vocabulary entries). */
    public static final List<String> POSITIVE_WORDS = List.of("good", "great", "love", "loved", "excellent", "amazing",
            "wonderful", "best", "enjoyed", "fun", "beautiful", "nice", "happy", "perfect", "brilliant", "awesome",
            "funny", "fantastic", "favorite", "incredible");
    /** Sentiment-bearing negative words. */
    public static final List<String> NEGATIVE_WORDS = List.of("bad", "terrible", "awful", "boring", "worst", "hate",
            "hated", "poor", "horrible", "stupid", "annoying", "waste", "disappointing", "dull", "ugly", "sad", "weak",
            "lame", "pointless", "ridiculous");
    /** Sentiment-free words that co-occur with positive labels in training (the language bias). */
    public static final List<String> BIAS_POSITIVE_WORDS = List.of("actually", "basically", "honestly", "definitely",
            "seriously", "literally");
    /** Sentiment-free words that co-occur with negative labels in training. */
    public static final List<String> BIAS_NEGATIVE_WORDS = List.of("guess", "probably", "anyway", "um", "uh", "maybe");
    /** Neutral filler words. */
    public static final List<String> FILLER_WORDS = List.of("the", "movie", "film", "it", "was", "i", "and", "a",
            "story", "really", "just", "this", "that", "character", "scene", "actor", "plot", "time", "about", "with",
            "so", "to", "of", "in", "is", "he", "she", "they", "there", "then", "saw", "watched", "thing", "part", "end",
            "one", "people");

    /** Default split sizes of the MOSI setting (MMSA): 1284 / 229 / 686. */
    private static final int[] MOSI_SIZES = {1284, 229, 686};
    /** Default split sizes of the MOSEI setting (MMSA): 16326 / 1871 / 4659. */
    private static final int[] MOSEI_SIZES = {16326, 1871, 4659};

    private static final int MIN_WORDS = 5;
    private static final int MAX_WORDS = 20;
    private static final double CUE_GAIN = 1.5;
    private static final double FRAME_NOISE = 0.6;

    private final Builder cfg;
    private final BertVocab vocab;
    private final int[] posIds;
    private final int[] negIds;
    private final int[] biasPosIds;
    private final int[] biasNegIds;
    private final int[] fillerIds;
    private final float[] audioDir;
    private final float[] visionDir;

    private SyntheticCider(Builder b) {
        this.cfg = b;
        this.vocab = BertVocab.load();
        posIds = ids(vocab, POSITIVE_WORDS);
        negIds = ids(vocab, NEGATIVE_WORDS);
        biasPosIds = ids(vocab, BIAS_POSITIVE_WORDS);
        biasNegIds = ids(vocab, BIAS_NEGATIVE_WORDS);
        fillerIds = ids(vocab, FILLER_WORDS);
        audioDir = cueDirection(b.dims.audioDim());
        visionDir = cueDirection(b.dims.visionDim());
    }

    private static int[] ids(BertVocab vocab, List<String> words) {
        return words.stream().mapToInt(vocab::id).toArray();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder; {@code setSeed} is required, everything else has MOSI-like defaults. */
    public static final class Builder {
        private Long seed;
        private DatasetDims dims = DatasetDims.MOSI_UNALIGNED;
        private int[] sizes;
        private double fraction = 1.0;
        private double[] trainPrior;
        private double[] oodPrior;
        private double agreement = 0.85;
        private double oodAgreement = 0.15;
        private double biasRate = 0.6;
        private double[] weights = {0.65, 0.5, 0.45};

        /** The seed of every random draw (required). */
        public Builder setSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Dataset dims (default MOSI unaligned 50/375/500, 768/5/20); aligned dims give aligned data. */
        public Builder optDims(DatasetDims dims) {
            this.dims = Objects.requireNonNull(dims, "dims");
            if (dims.textLength() < MAX_WORDS + 2) {
                throw new IllegalArgumentException("synthetic data needs T_l >= " + (MAX_WORDS + 2) + ", got " + dims.textLength());
            }
            if (!dims.aligned() && (dims.audioLength() < MAX_WORDS * 2 || dims.visionLength() < MAX_WORDS * 2)) {
                throw new IllegalArgumentException("unaligned synthetic data needs T_a, T_v >= " + (MAX_WORDS * 2)
                        + " (2 frames per word), got " + dims.audioLength() + "/" + dims.visionLength());
            }
            return this;
        }

        /** Split sizes (default MOSI 1284/229/686, or MOSEI 16326/1871/4659 for MOSEI dims). */
        public Builder optSizes(int train, int valid, int test) {
            if (train < 1 || valid < 1 || test < 1) {
                throw new IllegalArgumentException("split sizes must be >= 1, got " + train + "/" + valid + "/" + test);
            }
            this.sizes = new int[]{train, valid, test};
            return this;
        }

        /** Multiplies every split size (rounded, at least 1), e.g. 0.05 for a small MOSEI-shaped set. */
        public Builder optScaleFraction(double fraction) {
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("scale fraction must be in (0, 1], got " + fraction);
            }
            this.fraction = fraction;
            return this;
        }

        /** Class prior (neg, neu, pos) of train/valid/IID test; any positive weights, normalised. */
        public Builder optTrainPrior(double neg, double neu, double pos) {
            this.trainPrior = prior(neg, neu, pos, "train prior");
            return this;
        }

        /** Class prior (neg, neu, pos) of the OOD test (default: the training prior mirrored). */
        public Builder optOodTestPrior(double neg, double neu, double pos) {
            this.oodPrior = prior(neg, neu, pos, "OOD test prior");
            return this;
        }

        /**
         * Probability that a bias word comes from the group matching the sample's sign: {@code iid}
         * for train/valid/IID test (default 0.85), {@code oodTest} for the OOD test (default 0.15).
         */
        public Builder optBiasAgreement(double iid, double oodTest) {
            this.agreement = rate(iid, "bias agreement");
            this.oodAgreement = rate(oodTest, "OOD bias agreement");
            return this;
        }

        /** Probability that a sample contains a bias word (default 0.6). */
        public Builder optBiasWordRate(double rate) {
            this.biasRate = rate(rate, "bias word rate");
            return this;
        }

        /** Weights (w_t, w_a, w_v) of the text, audio and vision parts of the score (default 0.65, 0.5, 0.45). */
        public Builder optModalityWeights(double text, double audio, double vision) {
            for (double w : new double[]{text, audio, vision}) {
                if (!(w >= 0) || !Double.isFinite(w)) {
                    throw new IllegalArgumentException("modality weights must be finite and >= 0, got " + text + "/" + audio + "/" + vision);
                }
            }
            if (text + audio + vision <= 0) {
                throw new IllegalArgumentException("at least one modality weight must be > 0");
            }
            this.weights = new double[]{text, audio, vision};
            return this;
        }

        public SyntheticCider build() {
            if (seed == null) {
                throw new IllegalStateException("SyntheticCider.builder(): setSeed(...) is required");
            }
            return new SyntheticCider(this);
        }

        private static double rate(double r, String what) {
            if (!(r >= 0 && r <= 1)) {
                throw new IllegalArgumentException(what + " must be in [0, 1], got " + r);
            }
            return r;
        }

        private static double[] prior(double neg, double neu, double pos, String what) {
            double s = neg + neu + pos;
            if (!(neg >= 0 && neu >= 0 && pos >= 0) || !(s > 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException(what + " must be non-negative finite weights with a positive sum, got "
                        + neg + "/" + neu + "/" + pos);
            }
            return new double[]{neg / s, neu / s, pos / s};
        }
    }

    private boolean isMosei() {
        return cfg.dims.name().toLowerCase(Locale.ROOT).contains("mosei");
    }

    /** MMSA's split sizes (train, valid, test) of a setting: MOSEI 16326/1871/4659 when the dims' name says mosei, else MOSI 1284/229/686. */
    public static int[] defaultSizes(DatasetDims dims) {
        return (dims.name().toLowerCase(Locale.ROOT).contains("mosei") ? MOSEI_SIZES : MOSI_SIZES).clone();
    }

    /** Split sizes after the scale fraction: train, valid, test. */
    public int[] sizes() {
        int[] base = cfg.sizes != null ? cfg.sizes : defaultSizes(cfg.dims);
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) {
            out[i] = Math.max(1, (int) Math.round(base[i] * cfg.fraction));
        }
        return out;
    }

    /** The class prior (neg, neu, pos) of train, valid and the IID test. */
    public double[] trainPrior() {
        if (cfg.trainPrior != null) {
            return cfg.trainPrior.clone();
        }
        return isMosei() ? Builder.prior(4738, 3540, 8048, "") : Builder.prior(552, 53, 679, "");
    }

    /** The class prior (neg, neu, pos) of the OOD test: the option, else the training prior mirrored. */
    public double[] oodTestPrior() {
        if (cfg.oodPrior != null) {
            return cfg.oodPrior.clone();
        }
        double[] p = trainPrior();
        return new double[]{p[2], p[1], p[0]};
    }

    public DatasetDims dims() {
        return cfg.dims;
    }

    public long seed() {
        return cfg.seed;
    }

    /** Train, valid and test from one distribution (IID); named e.g. "synthetic-mosi" ("synthetic-mosi-aligned"). */
    public MultimodalData iid() {
        Map<String, List<Sample>> splits = new LinkedHashMap<>();
        int[] n = sizes();
        splits.put("train", split("train", 1, n[0], trainPrior(), cfg.agreement));
        splits.put("valid", split("valid", 2, n[1], trainPrior(), cfg.agreement));
        splits.put("test", split("test", 3, n[2], trainPrior(), cfg.agreement));
        return data("iid", splits);
    }

    /**
     * Train and valid as in {@link #iid()} (same samples), test with flipped bias words and the OOD prior;
     * named e.g. "synthetic-mosi-ood".
     */
    public MultimodalData ood() {
        Map<String, List<Sample>> splits = new LinkedHashMap<>();
        int[] n = sizes();
        splits.put("train", split("train", 1, n[0], trainPrior(), cfg.agreement));
        splits.put("valid", split("valid", 2, n[1], trainPrior(), cfg.agreement));
        splits.put("test", split("test_ood", 4, n[2], oodTestPrior(), cfg.oodAgreement));
        return data("ood", splits);
    }

    /**
     * train, valid, test (IID) and test_ood in one container (same samples as {@link #iid()} / {@link #ood()});
     * named e.g. "synthetic-mosi-iid+ood".
     */
    public MultimodalData iidAndOod() {
        Map<String, List<Sample>> splits = new LinkedHashMap<>();
        int[] n = sizes();
        splits.put("train", split("train", 1, n[0], trainPrior(), cfg.agreement));
        splits.put("valid", split("valid", 2, n[1], trainPrior(), cfg.agreement));
        splits.put("test", split("test", 3, n[2], trainPrior(), cfg.agreement));
        splits.put("test_ood", split("test_ood", 4, n[2], oodTestPrior(), cfg.oodAgreement));
        return data("iid+ood", splits);
    }

    private MultimodalData data(String variant, Map<String, List<Sample>> splits) {
        String name = "synthetic-" + cfg.dims.name() + (cfg.dims.aligned() ? "-aligned" : "")
                + (variant.equals("iid") ? "" : "-" + variant);
        String source = String.format(Locale.ROOT, "SYNTHETIC: SyntheticCider seed=%d variant=%s dims=%s/%s sizes=%s "
                        + "bias agreement %.2f (OOD test %.2f)", cfg.seed, variant, cfg.dims.name(),
                cfg.dims.aligned() ? "aligned" : "unaligned", Arrays.toString(sizes()), cfg.agreement, cfg.oodAgreement);
        return new MultimodalData(name, cfg.dims, true, source, splits);
    }

    /**
     * The fixed unit direction along which the cue is written in a d-dimensional modality:
     * e_k proportional to (-1)^k (k + 1), normalised (documented so charts and probes can read the cue back).
     */
    public static float[] cueDirection(int d) {
        float[] e = new float[d];
        double norm = 0;
        for (int k = 0; k < d; k++) {
            double v = (k % 2 == 0 ? 1 : -1) * (k + 1.0);
            e[k] = (float) v;
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        for (int k = 0; k < d; k++) {
            e[k] = (float) (e[k] / norm);
        }
        return e;
    }

    /** Mean projection of the valid audio frames on the audio cue direction (what a chart of "label vs cue" shows). */
    public static double audioCue(Sample s) {
        return meanProjection(s.audio(), s.audioDim(), s.audioLength(), cueDirection(s.audioDim()));
    }

    /** Mean projection of the valid vision frames on the vision cue direction. */
    public static double visionCue(Sample s) {
        return meanProjection(s.vision(), s.visionDim(), s.visionLength(), cueDirection(s.visionDim()));
    }

    private static double meanProjection(float[] x, int d, int len, float[] dir) {
        if (len == 0) {
            return 0;
        }
        double sum = 0;
        for (int t = 0; t < len; t++) {
            for (int k = 0; k < d; k++) {
                sum += x[t * d + k] * dir[k];
            }
        }
        return sum / len;
    }

    /** One of the bias-word groups: +1 "positive" group, -1 "negative" group, 0 not a bias word. */
    public static int biasGroup(String word) {
        return BIAS_POSITIVE_WORDS.contains(word) ? 1 : BIAS_NEGATIVE_WORDS.contains(word) ? -1 : 0;
    }

    private static long streamSeed(long seed, int stream) {
        long z = seed + 0x9E3779B97F4A7C15L * (stream + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Class quotas round(prior * n) by largest remainder, summing to n. */
    static int[] quotas(double[] prior, int n) {
        int[] q = new int[prior.length];
        double[] rem = new double[prior.length];
        int used = 0;
        for (int c = 0; c < prior.length; c++) {
            double x = prior[c] * n;
            q[c] = (int) Math.floor(x);
            rem[c] = x - q[c];
            used += q[c];
        }
        while (used < n) {
            int best = 0;
            for (int c = 1; c < prior.length; c++) {
                if (rem[c] > rem[best]) {
                    best = c;
                }
            }
            q[best]++;
            rem[best] = -1;
            used++;
        }
        return q;
    }

    private List<Sample> split(String name, int stream, int n, double[] prior, double agreement) {
        SplittableRandom rng = new SplittableRandom(streamSeed(cfg.seed, stream));
        int[] quota = quotas(prior, n);
        List<Sample> out = new ArrayList<>(n);
        double[] w = cfg.weights;
        long tries = 0;
        while (out.size() < n) {
            if (++tries > 2_000L * n + 100_000) {
                throw new IllegalStateException("synthetic " + name + ": cannot fill class quotas " + Arrays.toString(quota)
                        + " (prior " + Arrays.toString(prior) + ") by rejection; use a less extreme prior");
            }
            double zt = rng.nextGaussian();
            double za = rng.nextGaussian();
            double zv = rng.nextGaussian();
            double u = 1.5 * (w[0] * zt + w[1] * za + w[2] * zv) + 0.15 * rng.nextGaussian();
            double y = Math.max(-3.0, Math.min(3.0, Math.rint(u * 5.0) / 5.0));
            if (y == 0) {
                y = 0.0; // no -0.0
            }
            int c = Labels.label3FromScore(y);
            if (quota[c] == 0) {
                continue;
            }
            quota[c]--;
            out.add(sample(name + "_" + out.size(), rng, (float) y, c, zt, za, zv, agreement));
        }
        return out;
    }

    private Sample sample(String id, SplittableRandom rng, float y, int label3, double zt, double za, double zv,
                          double agreement) {
        DatasetDims d = cfg.dims;
        int nWords = MIN_WORDS + rng.nextInt(MAX_WORDS - MIN_WORDS + 1);
        int[] words = new int[nWords];
        boolean[] sentiment = new boolean[nWords];
        int k = 1 + (int) Math.min(3, Math.floor(Math.abs(zt) * 1.5));
        double pPos = 1.0 / (1.0 + Math.exp(-3.0 * zt));
        int pos = 0;
        for (int i = 0; i < k; i++, pos++) {
            words[pos] = rng.nextDouble() < pPos ? pick(posIds, rng) : pick(negIds, rng);
            sentiment[pos] = true;
        }
        if (rng.nextDouble() < cfg.biasRate) {
            boolean positiveGroup;
            if (label3 == 1) {
                positiveGroup = rng.nextBoolean();
            } else {
                boolean agree = rng.nextDouble() < agreement;
                positiveGroup = (label3 == 2) == agree;
            }
            words[pos++] = positiveGroup ? pick(biasPosIds, rng) : pick(biasNegIds, rng);
        }
        while (pos < nWords) {
            words[pos++] = pick(fillerIds, rng);
        }
        for (int i = nWords - 1; i > 0; i--) { // shuffle words and their sentiment flags together
            int j = rng.nextInt(i + 1);
            int tw = words[i];
            words[i] = words[j];
            words[j] = tw;
            boolean ts = sentiment[i];
            sentiment[i] = sentiment[j];
            sentiment[j] = ts;
        }
        int tl = d.textLength();
        int[] ids = new int[tl];
        int[] mask = new int[tl];
        ids[0] = BertVocab.CLS;
        StringBuilder raw = new StringBuilder();
        for (int i = 0; i < nWords; i++) {
            ids[i + 1] = words[i];
            if (i > 0) {
                raw.append(' ');
            }
            raw.append(vocab.word(words[i]));
        }
        ids[nWords + 1] = BertVocab.SEP;
        Arrays.fill(mask, 0, nWords + 2, 1);
        int[] segments = new int[tl];

        // word spans (frame index ranges) for audio and vision
        int[][] aSpan;
        int[][] vSpan;
        int aLen;
        int vLen;
        if (d.aligned()) {
            aSpan = new int[nWords][];
            for (int i = 0; i < nWords; i++) {
                aSpan[i] = new int[]{i + 1, i + 2}; // token position i+1 is frame i+1
            }
            vSpan = aSpan;
            aLen = nWords + 2;
            vLen = nWords + 2;
        } else {
            double[] dur = new double[nWords];
            for (int i = 0; i < nWords; i++) {
                dur[i] = 0.6 + 0.8 * rng.nextDouble();
            }
            aSpan = spans(dur, 0.9 * d.audioLength() / (MAX_WORDS * 1.4));
            vSpan = spans(dur, 0.9 * d.visionLength() / (MAX_WORDS * 1.4));
            aLen = aSpan[nWords - 1][1];
            vLen = vSpan[nWords - 1][1];
        }
        float[] audio = frames(rng, d.audioLength(), d.audioDim(), aLen, aSpan, sentiment, za, audioDir);
        float[] vision = frames(rng, d.visionLength(), d.visionDim(), vLen, vSpan, sentiment, zv, visionDir);
        return new Sample(id, raw.toString(), ids, mask, segments, audio, d.audioLength(), d.audioDim(), aLen,
                vision, d.visionLength(), d.visionDim(), vLen, y, label3);
    }

    /** Contiguous spans from durations: word i covers frames [round(start_i * fps), round(end_i * fps)), at least 1 frame. */
    private static int[][] spans(double[] dur, double fps) {
        int[][] s = new int[dur.length][];
        double t = 0;
        int prevEnd = 0;
        for (int i = 0; i < dur.length; i++) {
            t += dur[i];
            int end = Math.max(prevEnd + 1, (int) Math.round(t * fps));
            s[i] = new int[]{prevEnd, end};
            prevEnd = end;
        }
        return s;
    }

    private static float[] frames(SplittableRandom rng, int frames, int dim, int valid, int[][] spans, boolean[] sentiment,
                                  double z, float[] dir) {
        float[] x = new float[frames * dim];
        for (int i = 0, n = valid * dim; i < n; i++) {
            x[i] = (float) (FRAME_NOISE * rng.nextGaussian());
        }
        float gain = (float) (CUE_GAIN * z);
        for (int w = 0; w < spans.length; w++) {
            if (!sentiment[w]) {
                continue;
            }
            for (int t = spans[w][0]; t < spans[w][1]; t++) {
                for (int k = 0; k < dim; k++) {
                    x[t * dim + k] += gain * dir[k];
                }
            }
        }
        return x;
    }

    private static int pick(int[] pool, SplittableRandom rng) {
        return pool[rng.nextInt(pool.length)];
    }
}
