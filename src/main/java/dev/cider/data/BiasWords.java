package dev.cider.data;

import dev.cider.text.BertVocab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The bias-word dictionary of MACI's fine-grained counterfactual text (paper III-D, "Language Bias
 * Mitigation"; reference spec 3.5) and the counterfactual text built from it (spec 3.4).
 *
 * <p>Construction, exactly as the reference:
 * <ol>
 *   <li>count every token <em>occurrence</em> of the training ids (all positions) per class of its
 *       sample and in total, skipping the special ids {0, 100, 101, 102, 103};</li>
 *   <li>coefficient of variation CV_w = std/mean (population std): binary task over the two counts
 *       [negative, positive] (neutral ignored), seven task over the 7 class counts; computed in float32
 *       like the reference's NumPy code (bit-equal to the oracle);</li>
 *   <li>keep words with CV_w &ge; {@code minCv} (0.1);</li>
 *   <li>stable sort by total count descending (ties keep first-occurrence order) and keep the first
 *       {@code threshold} (bias_thresh, 100) words.</li>
 * </ol>
 *
 * <p><b>Neutral-only words (binary task).</b> The reference recomputes CV only when the negative or
 * positive count is non-zero, so a word seen only in neutral samples inherits the CV of the
 * previously counted word (spec 3.5, quirk 13). {@link Builder#optReferenceNeutralQuirk(boolean)
 * optReferenceNeutralQuirk(true)} reproduces that (and, like the reference, fails when the very
 * first word is neutral-only). By default it is <em>corrected</em>: such a word has CV = 0/0
 * (no negative/positive signal at all), so it gets CV = NaN, never passes the CV test and is never
 * a bias word. Everything else is identical in both modes.
 *
 * <p>Counterfactual text (spec 3.4): each id of the (missing-version) text is kept if it is special
 * or a dictionary word, every other id becomes [MASK] (103); [UNK] stays [UNK].
 */
public final class BiasWords {
    private final Labels.Task task;
    private final int threshold;
    private final double minCv;
    private final boolean referenceQuirk;
    private final int[] ids;
    private final long[] sums;
    private final float[] cvs;
    private final List<WordStat> allWords;
    private final java.util.Set<Integer> idSet;

    /** Statistics of one counted word, in first-occurrence order. */
    public record WordStat(int id, long[] classCounts, long sum, float cv, boolean passesCv) {
        /** True when the word was seen only in neutral samples of the binary task (no neg/pos count). */
        public boolean neutralOnly() {
            return classCounts.length == 3 && classCounts[0] == 0 && classCounts[2] == 0;
        }
    }

    private BiasWords(Builder b, int[] ids, long[] sums, float[] cvs, List<WordStat> all) {
        this.task = b.task;
        this.threshold = b.threshold;
        this.minCv = b.minCv;
        this.referenceQuirk = b.referenceQuirk;
        this.ids = ids;
        this.sums = sums;
        this.cvs = cvs;
        this.allWords = Collections.unmodifiableList(all);
        this.idSet = new java.util.HashSet<>();
        for (int id : ids) {
            idSet.add(id);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder: {@code setTask} is required; threshold 100, min CV 0.1 and corrected neutral handling by default. */
    public static final class Builder {
        private Labels.Task task;
        private int threshold = 100;
        private double minCv = 0.1;
        private boolean referenceQuirk;

        /** The task whose labels are counted (binary = 3-class label, seven = 7-class label). */
        public Builder setTask(Labels.Task task) {
            this.task = Objects.requireNonNull(task, "task");
            return this;
        }

        /** bias_thresh: how many of the most frequent high-CV words to keep (default 100). */
        public Builder optThreshold(int threshold) {
            if (threshold < 1) {
                throw new IllegalArgumentException("bias threshold must be >= 1, got " + threshold);
            }
            this.threshold = threshold;
            return this;
        }

        /** Minimum CV of a bias word (default 0.1, paper III-D). */
        public Builder optMinCv(double minCv) {
            if (!(minCv >= 0) || !Double.isFinite(minCv)) {
                throw new IllegalArgumentException("min CV must be finite and >= 0, got " + minCv);
            }
            this.minCv = minCv;
            return this;
        }

        /**
         * true: reproduce the reference's stale-CV bug for neutral-only words of the binary task
         * (spec 3.5); false (default): such words get CV NaN and are excluded.
         */
        public Builder optReferenceNeutralQuirk(boolean quirk) {
            this.referenceQuirk = quirk;
            return this;
        }

        /** Builds the dictionary from the training split's samples (ids and the task's labels). */
        public BiasWords build(List<Sample> train) {
            requireTask();
            int[][] ids = new int[train.size()][];
            int[] labels = new int[train.size()];
            for (int i = 0; i < train.size(); i++) {
                ids[i] = train.get(i).inputIds();
                labels[i] = Labels.label(task, train.get(i));
            }
            return build(ids, labels);
        }

        /** Builds the dictionary from training token ids (N rows) and labels (N, in [0, C)). */
        public BiasWords build(int[][] trainIds, int[] labels) {
            requireTask();
            if (trainIds.length != labels.length) {
                throw new IllegalArgumentException("bias words: " + trainIds.length + " id rows but " + labels.length + " labels");
            }
            int classes = task.classes();
            Map<Integer, long[]> counts = new LinkedHashMap<>();
            for (int n = 0; n < trainIds.length; n++) {
                int y = labels[n];
                if (y < 0 || y >= classes) {
                    throw new IllegalArgumentException("bias words: label " + y + " of row " + n + " outside [0, " + classes
                            + ") for task " + task);
                }
                for (int id : trainIds[n]) {
                    if (id < 0) {
                        throw new IllegalArgumentException("bias words: negative token id " + id + " in row " + n);
                    }
                    if (BertVocab.isSpecial(id)) {
                        continue;
                    }
                    counts.computeIfAbsent(id, k -> new long[classes])[y]++;
                }
            }
            List<WordStat> all = new ArrayList<>(counts.size());
            float prevCv = Float.NaN;
            boolean havePrev = false;
            for (Map.Entry<Integer, long[]> e : counts.entrySet()) {
                long[] c = e.getValue();
                long sum = 0;
                for (long v : c) {
                    sum += v;
                }
                float cv;
                if (task == Labels.Task.BINARY) {
                    if (c[0] > 0 || c[2] > 0) {
                        cv = cv(new long[]{c[0], c[2]});
                        prevCv = cv;
                        havePrev = true;
                    } else if (referenceQuirk) {
                        if (!havePrev) {
                            throw new IllegalStateException("bias words (reference quirk): the first counted word "
                                    + e.getKey() + " is neutral-only, so the reference has no previous CV to reuse "
                                    + "(UnboundLocalError there)");
                        }
                        cv = prevCv;
                    } else {
                        cv = Float.NaN;
                    }
                } else {
                    cv = cv(c);
                }
                // the float32 value is compared with the (double) threshold, as NumPy does; NaN never passes
                all.add(new WordStat(e.getKey(), c, sum, cv, (double) cv >= minCv));
            }
            List<WordStat> kept = new ArrayList<>();
            for (WordStat w : all) {
                if (w.passesCv()) {
                    kept.add(w);
                }
            }
            kept.sort(Comparator.comparingLong(WordStat::sum).reversed()); // List.sort is stable
            int k = Math.min(threshold, kept.size());
            int[] ids = new int[k];
            long[] sums = new long[k];
            float[] cvs = new float[k];
            for (int i = 0; i < k; i++) {
                ids[i] = kept.get(i).id();
                sums[i] = kept.get(i).sum();
                cvs[i] = kept.get(i).cv();
            }
            return new BiasWords(this, ids, sums, cvs, all);
        }

        private void requireTask() {
            if (task == null) {
                throw new IllegalStateException("BiasWords.builder(): setTask(BINARY or SEVEN) is required");
            }
        }
    }

    /**
     * Population std / mean of the counts as the reference computes it: NumPy's {@code np.std} and
     * {@code np.mean} on a float32 array (ddof 0), every operation rounded to float32, sums taken in
     * order (NumPy's pairwise summation is sequential below 8 elements; larger arrays are summed the same
     * way here, which may differ in the last bit). Bit-equal to the oracle for 2 and 7 counts.
     */
    static float cv(long[] counts) {
        int n = counts.length;
        float sum = 0f;
        for (long v : counts) {
            sum += (float) v;
        }
        float mean = sum / n;
        float sq = 0f;
        for (long v : counts) {
            float d = (float) v - mean;
            sq += d * d;
        }
        float std = (float) Math.sqrt(sq / n);
        return std / mean;
    }

    /** The dictionary's word ids in order (total count descending, ties in first-occurrence order). */
    public int[] ids() {
        return ids.clone();
    }

    /** Total occurrence count of each dictionary word. */
    public long[] sums() {
        return sums.clone();
    }

    /** Stored (float32) CV of each dictionary word. */
    public float[] cvs() {
        return cvs.clone();
    }

    /** Number of dictionary words (at most the threshold). */
    public int size() {
        return ids.length;
    }

    /** True if {@code id} is a bias word. */
    public boolean contains(int id) {
        return idSet.contains(id);
    }

    /** Every counted word with its class counts and CV, in first-occurrence order (for inspection and tests). */
    public List<WordStat> allWords() {
        return allWords;
    }

    public Labels.Task task() {
        return task;
    }

    public int threshold() {
        return threshold;
    }

    public double minCv() {
        return minCv;
    }

    /** Whether the reference's neutral-only-word quirk was reproduced. */
    public boolean referenceNeutralQuirk() {
        return referenceQuirk;
    }

    /**
     * Fine-grained counterfactual text (spec 3.4): special ids and bias words are kept, every other
     * id becomes [MASK] (103). Feed it the missing-version ids (dropped tokens are [UNK] and stay so).
     */
    public int[] counterfactual(int[] textIds) {
        int[] out = new int[textIds.length];
        for (int i = 0; i < textIds.length; i++) {
            int id = textIds[i];
            out[i] = (BertVocab.isSpecial(id) || idSet.contains(id)) ? id : BertVocab.MASK;
        }
        return out;
    }

    /** The counterfactual of a sample's text ids (audio, vision, masks and labels are unchanged). */
    public Sample counterfactual(Sample s) {
        return s.withModalities(counterfactual(s.inputIds()), s.audio(), s.vision());
    }

    /** The dictionary words as text, e.g. "really (n=40, cv=0.31)", for display. */
    public List<String> describe(BertVocab vocab, int limit) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, ids.length); i++) {
            out.add(vocab.word(ids[i]) + " (n=" + sums[i] + ", cv=" + String.format(java.util.Locale.ROOT, "%.3f", cvs[i]) + ")");
        }
        return out;
    }

    @Override
    public String toString() {
        return "BiasWords{" + task + ", threshold=" + threshold + ", minCv=" + minCv + ", quirk=" + referenceQuirk
                + ", size=" + ids.length + ", first=" + Arrays.toString(Arrays.copyOf(ids, Math.min(8, ids.length))) + "}";
    }
}
