package dev.cider.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Repartitions a text-labelled dataset into train / valid / test so that word-label correlations
 * differ between training and test: an OOD split in the spirit of CIDer's repartitioned datasets
 * (paper IV-A, Table I) and of CLUE's {@code data_ood_text.ipynb} (reference spec 2.6). The
 * reference ships only finished pickles, so this is a documented re-creation, not the paper's split.
 *
 * <h2>Algorithm</h2>
 * <ol>
 *   <li>Words: lower-case, apostrophes removed ("didn't" = "didnt"), every other non-alphanumeric
 *       character a separator, English stop-words (NLTK's list, apostrophes removed) dropped; keep
 *       words whose total count over the whole dataset exceeds {@code minWordFrequency} (CLUE: 50).</li>
 *   <li>Per split X and word w: rate_X(w, c) = (samples of class c in X that contain w) / (samples of
 *       class c in X), for the scored classes (binary task: negative and positive, neutral ignored,
 *       as CLUE's negative/positive rates); the word's class profile q_X(w, .) is the rate vector
 *       normalised to sum 1 (prior-free: a word's lean, not the split's label balance).</li>
 *   <li>Score of a split (pool = train + valid against test):
 *       mean_w &frac12;&Sigma;_c |q_pool(w,c) - q_test(w,c)|  -  &lambda; &middot; &frac12;&Sigma;_c |&pi;_pool(c) - &pi;_test(c)|,
 *       the mean total-variation shift of the word profiles minus a penalty on the label-prior shift
 *       (&lambda; = {@code priorPenalty}, default 0.5) so the shift is in the words, and the label bias
 *       stays moderate.</li>
 *   <li>Simulated annealing from a random test subset of the wanted size: a move swaps one test sample
 *       with one pool sample (sizes never change); it is accepted if the score does not drop, else with
 *       probability exp(&Delta;/T), T falling geometrically from {@code t0} to {@code t1} over
 *       {@code iterations} moves.</li>
 *   <li>Valid = a random subset of the pool (so valid follows the training distribution), train = the
 *       rest: the training size is exactly the one asked for.</li>
 * </ol>
 * Everything is drawn from one {@link SplittableRandom} seeded by {@link Builder#setSeed}: the same
 * inputs and seed give the same split.
 */
public final class OodRepartition {

    /** NLTK's English stop-words (179), with apostrophes removed. */
    public static final Set<String> STOP_WORDS = Set.copyOf(normalizeAll(List.of(("i me my myself we our ours ourselves you "
            + "you're you've you'll you'd your yours yourself yourselves he him his himself she she's her hers herself it "
            + "it's its itself they them their theirs themselves what which who whom this that that'll these those am is "
            + "are was were be been being have has had having do does did doing a an the and but if or because as until "
            + "while of at by for with about against between into through during before after above below to from up down "
            + "in out on off over under again further then once here there when where why how all any both each few more "
            + "most other some such no nor not only own same so than too very s t can will just don don't should should've "
            + "now d ll m o re ve y ain aren aren't couldn couldn't didn didn't doesn doesn't hadn hadn't hasn hasn't haven "
            + "haven't isn isn't ma mightn mightn't mustn mustn't needn needn't shan shan't shouldn shouldn't wasn wasn't "
            + "weren weren't won won't wouldn wouldn't").split(" "))));

    private final Builder cfg;

    private OodRepartition(Builder b) {
        this.cfg = b;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder: {@code setSeed} and {@code setSizes} are required. */
    public static final class Builder {
        private Long seed;
        private int trainSize = -1;
        private int validSize = -1;
        private int minWordFrequency = 50;
        private int iterations = 50_000;
        private double priorPenalty = 0.5;
        private double t0 = 3e-3;
        private double t1 = 1e-6;
        private int[] scoredClasses;
        private Set<String> stopWords = STOP_WORDS;

        public Builder setSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Train and valid sizes; the test gets the rest. */
        public Builder setSizes(int train, int valid) {
            if (train < 1 || valid < 0) {
                throw new IllegalArgumentException("repartition sizes must be train >= 1, valid >= 0, got " + train + "/" + valid);
            }
            this.trainSize = train;
            this.validSize = valid;
            return this;
        }

        /** Keep words whose total count exceeds this (default 50, CLUE's; smaller for small datasets). */
        public Builder optMinWordFrequency(int f) {
            if (f < 0) {
                throw new IllegalArgumentException("min word frequency must be >= 0, got " + f);
            }
            this.minWordFrequency = f;
            return this;
        }

        /** Annealing moves (default 50,000). */
        public Builder optIterations(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("iterations must be >= 0, got " + n);
            }
            this.iterations = n;
            return this;
        }

        /** &lambda;, the weight of the label-prior shift penalty (default 0.5; 0 lets the label prior drift freely). */
        public Builder optPriorPenalty(double lambda) {
            if (!(lambda >= 0) || !Double.isFinite(lambda)) {
                throw new IllegalArgumentException("prior penalty must be finite and >= 0, got " + lambda);
            }
            this.priorPenalty = lambda;
            return this;
        }

        /** Start and end temperatures of the geometric schedule (default 3e-3 to 1e-6). */
        public Builder optTemperatures(double start, double end) {
            if (!(start > 0 && end > 0 && end <= start) || !Double.isFinite(start)) {
                throw new IllegalArgumentException("temperatures need start >= end > 0, got " + start + ", " + end);
            }
            this.t0 = start;
            this.t1 = end;
            return this;
        }

        /** Classes whose word rates are compared (default all; for the binary task {0, 2}: neutral ignored). */
        public Builder optScoredClasses(int... classes) {
            if (classes.length < 2) {
                throw new IllegalArgumentException("at least two scored classes are needed, got " + Arrays.toString(classes));
            }
            this.scoredClasses = classes.clone();
            return this;
        }

        /** Replaces the stop-word list (normalised like the text). */
        public Builder optStopWords(Set<String> words) {
            this.stopWords = Set.copyOf(normalizeAll(new ArrayList<>(words)));
            return this;
        }

        public OodRepartition build() {
            if (seed == null) {
                throw new IllegalStateException("OodRepartition.builder(): setSeed(...) is required");
            }
            if (trainSize < 0) {
                throw new IllegalStateException("OodRepartition.builder(): setSizes(train, valid) is required");
            }
            return new OodRepartition(this);
        }
    }

    /** Per-word correlation and class counts of one train/test pair. */
    public record Report(double score, double wordShift, double priorShift, double leanAgreement,
                         int[] trainClassCounts, int[] validClassCounts, int[] testClassCounts,
                         double[] trainLean, double[] testLean) {
    }

    /**
     * The outcome: index sets into the input (sorted ascending), the kept words, and the report of the
     * word-label correlation before (the given or a random split with the same sizes) and after.
     */
    public record Result(int[] train, int[] valid, int[] test, List<String> words, Report before, Report after,
                         int acceptedMoves) {
        /** One line, e.g. for a notebook: sizes, class counts and the lean agreement before/after. */
        public String summary() {
            return String.format(Locale.ROOT, "train %d / valid %d / test %d; %d words; train classes %s -> %s, test "
                            + "classes %s -> %s; word shift %.3f -> %.3f; word-lean agreement train vs test %.3f -> %.3f",
                    train.length, valid.length, test.length, words.size(), Arrays.toString(before.trainClassCounts()),
                    Arrays.toString(after.trainClassCounts()), Arrays.toString(before.testClassCounts()),
                    Arrays.toString(after.testClassCounts()), before.wordShift(), after.wordShift(),
                    before.leanAgreement(), after.leanAgreement());
        }

        /** Picks the items of each split ("train", "valid", "test") from a list aligned with the input. */
        public <T> Map<String, List<T>> select(List<T> all) {
            Map<String, List<T>> m = new LinkedHashMap<>();
            m.put("train", pick(all, train));
            m.put("valid", pick(all, valid));
            m.put("test", pick(all, test));
            return m;
        }

        private static <T> List<T> pick(List<T> all, int[] idx) {
            List<T> out = new ArrayList<>(idx.length);
            for (int i : idx) {
                out.add(all.get(i));
            }
            return out;
        }
    }

    /** All samples of {@code data}'s train, valid and test splits, in that order (the input order of {@link #repartition(MultimodalData, Labels.Task)}). */
    public static List<Sample> pooled(MultimodalData data) {
        List<Sample> all = new ArrayList<>();
        for (String s : List.of("train", "valid", "test")) {
            all.addAll(data.split(s));
        }
        return all;
    }

    /**
     * Repartitions a dataset's train + valid + test samples (see {@link #pooled}); the report's "before"
     * is the dataset's own split.
     */
    public Result repartition(MultimodalData data, Labels.Task task) {
        List<Sample> all = pooled(data);
        int[] initial = new int[all.size()];
        int k = 0;
        int which = 0;
        for (String s : List.of("train", "valid", "test")) {
            for (int i = 0; i < data.split(s).size(); i++) {
                initial[k++] = which;
            }
            which++;
        }
        return repartition(all, task, initial);
    }

    /** The repartitioned dataset: same samples, splits from {@code r}, name suffixed "-ood-repartitioned". */
    public static MultimodalData apply(MultimodalData data, Result r) {
        Map<String, List<Sample>> splits = r.select(pooled(data));
        return new MultimodalData(data.name() + "-ood-repartitioned", data.dims(), data.synthetic(),
                data.source() + "; OOD repartition (" + r.words().size() + " words)", splits);
    }

    /** Lower-cases, removes apostrophes, splits on anything else non-alphanumeric (stop-words not removed). */
    public static List<String> words(String text) {
        String t = text.toLowerCase(Locale.ROOT).replace("'", "").replace("\u2019", "");
        List<String> out = new ArrayList<>();
        for (String w : t.split("[^a-z0-9]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    private static List<String> normalizeAll(List<String> words) {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            out.addAll(words(w));
        }
        return out;
    }

    /** Repartitions samples by their raw text and the task's label (binary: neutral not scored). */
    public Result repartition(List<Sample> samples, Labels.Task task, int[] initialSplit) {
        List<String> texts = new ArrayList<>(samples.size());
        int[] labels = new int[samples.size()];
        for (int i = 0; i < labels.length; i++) {
            texts.add(samples.get(i).rawText() == null ? "" : samples.get(i).rawText());
            labels[i] = Labels.label(task, samples.get(i));
        }
        int[] scored = cfg.scoredClasses != null ? cfg.scoredClasses
                : task == Labels.Task.BINARY ? new int[]{0, 2} : new int[]{0, 1, 2, 3, 4, 5, 6};
        return repartition(texts, labels, task.classes(), scored, initialSplit);
    }

    /**
     * Repartitions raw texts with labels in [0, classes). {@code initialSplit} (0 train, 1 valid,
     * 2 test per sample, or null) is the "before" split of the report; null means a random split of
     * the same sizes. {@code scored} overrides the builder's scored classes when not null.
     */
    public Result repartition(List<String> texts, int[] labels, int classes, int[] scored, int[] initialSplit) {
        int n = texts.size();
        if (labels.length != n) {
            throw new IllegalArgumentException("repartition: " + n + " texts but " + labels.length + " labels");
        }
        int nTest = n - cfg.trainSize - cfg.validSize;
        if (nTest < 1) {
            throw new IllegalArgumentException("repartition: train " + cfg.trainSize + " + valid " + cfg.validSize
                    + " leave no test sample out of " + n);
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("repartition: label " + labels[i] + " of sample " + i + " outside [0, " + classes + ")");
            }
        }
        int[] sc = scored != null ? scored.clone() : cfg.scoredClasses != null ? cfg.scoredClasses.clone() : range(classes);
        for (int c : sc) {
            if (c < 0 || c >= classes) {
                throw new IllegalArgumentException("repartition: scored class " + c + " outside [0, " + classes + ")");
            }
        }
        if (initialSplit != null) {
            if (initialSplit.length != n) {
                throw new IllegalArgumentException("repartition: initial split has " + initialSplit.length + " entries for " + n + " samples");
            }
            for (int s : initialSplit) {
                if (s < 0 || s > 2) {
                    throw new IllegalArgumentException("repartition: initial split entries must be 0 train, 1 valid, 2 test; got " + s);
                }
            }
        }
        // vocabulary of frequent non-stop words
        List<List<String>> tokens = new ArrayList<>(n);
        Map<String, Integer> freq = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String t = texts.get(i);
            if (t == null) {
                throw new IllegalArgumentException("repartition: text of sample " + i + " is null");
            }
            List<String> ws = new ArrayList<>();
            for (String w : words(t)) {
                if (!cfg.stopWords.contains(w)) {
                    ws.add(w);
                    freq.merge(w, 1, Integer::sum);
                }
            }
            tokens.add(ws);
        }
        TreeMap<String, Integer> kept = new TreeMap<>(); // alphabetical: independent of hash order
        for (Map.Entry<String, Integer> e : freq.entrySet()) {
            if (e.getValue() > cfg.minWordFrequency) {
                kept.put(e.getKey(), 0);
            }
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("repartition: no word occurs more than " + cfg.minWordFrequency
                    + " times; lower optMinWordFrequency");
        }
        List<String> vocab = new ArrayList<>(kept.keySet());
        for (int i = 0; i < vocab.size(); i++) {
            kept.put(vocab.get(i), i);
        }
        int[][] docWords = new int[n][];
        for (int i = 0; i < n; i++) {
            docWords[i] = tokens.get(i).stream().filter(kept::containsKey).mapToInt(kept::get).distinct().sorted().toArray();
        }
        Scorer scorer = new Scorer(vocab.size(), classes, sc, labels, docWords, cfg.priorPenalty);
        SplittableRandom rng = new SplittableRandom(cfg.seed);

        // "before": the given split, or a random one with the same sizes
        int[] before = initialSplit != null ? initialSplit.clone() : randomSplit(n, cfg.trainSize, cfg.validSize, rng.split());
        Report beforeReport = report(before, scorer, labels, classes);

        // annealing over the test membership
        int[] perm = permutation(n, rng);
        boolean[] inTest = new boolean[n];
        int[] test = new int[nTest];
        int[] pool = new int[n - nTest];
        for (int i = 0; i < n; i++) {
            if (i < nTest) {
                test[i] = perm[i];
                inTest[perm[i]] = true;
            } else {
                pool[i - nTest] = perm[i];
            }
        }
        scorer.load(inTest);
        double score = scorer.score();
        int accepted = 0;
        for (int it = 0; it < cfg.iterations; it++) {
            double temp = cfg.t0 * Math.pow(cfg.t1 / cfg.t0, it / (double) Math.max(1, cfg.iterations - 1));
            int a = rng.nextInt(nTest);
            int b = rng.nextInt(pool.length);
            int si = test[a];
            int sj = pool[b];
            scorer.move(si, false);
            scorer.move(sj, true);
            double s2 = scorer.score();
            double delta = s2 - score;
            if (delta >= 0 || rng.nextDouble() < Math.exp(delta / temp)) {
                score = s2;
                test[a] = sj;
                pool[b] = si;
                accepted++;
            } else {
                scorer.move(si, true);
                scorer.move(sj, false);
            }
        }
        // valid: a random part of the pool
        int[] poolPerm = permutation(pool.length, rng);
        int[] split = new int[n];
        Arrays.fill(split, 2);
        for (int k = 0; k < pool.length; k++) {
            split[pool[poolPerm[k]]] = k < cfg.validSize ? 1 : 0;
        }
        Report afterReport = report(split, scorer, labels, classes);
        return new Result(indices(split, 0), indices(split, 1), indices(split, 2), Collections.unmodifiableList(vocab),
                beforeReport, afterReport, accepted);
    }

    private static int[] range(int k) {
        int[] r = new int[k];
        for (int i = 0; i < k; i++) {
            r[i] = i;
        }
        return r;
    }

    private static int[] indices(int[] split, int which) {
        return java.util.stream.IntStream.range(0, split.length).filter(i -> split[i] == which).toArray();
    }

    private static int[] permutation(int n, SplittableRandom rng) {
        int[] p = range(n);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static int[] randomSplit(int n, int train, int valid, SplittableRandom rng) {
        int[] p = permutation(n, rng);
        int[] s = new int[n];
        for (int k = 0; k < n; k++) {
            s[p[k]] = k < train ? 0 : k < train + valid ? 1 : 2;
        }
        return s;
    }

    /** Report of train (split 0) vs test (split 2); the score is the annealing objective for pool vs test. */
    private static Report report(int[] split, Scorer scorer, int[] labels, int classes) {
        boolean[] inTest = new boolean[split.length];
        for (int i = 0; i < split.length; i++) {
            inTest[i] = split[i] == 2;
        }
        scorer.load(inTest);
        double score = scorer.score();
        double prior = scorer.priorShift();
        // leans and shift of train only (valid excluded)
        Scorer trainOnly = scorer.copyExcluding(split, 1);
        double wordShift = trainOnly.wordShift();
        double[] trainLean = trainOnly.leans(false);
        double[] testLean = trainOnly.leans(true);
        int[][] counts = new int[3][classes];
        for (int i = 0; i < split.length; i++) {
            counts[split[i]][labels[i]]++;
        }
        return new Report(score, wordShift, prior, pearson(trainLean, testLean), counts[0], counts[1], counts[2],
                trainLean, testLean);
    }

    static double pearson(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElse(0);
        double mb = Arrays.stream(b).average().orElse(0);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? 0 : sab / Math.sqrt(saa * sbb);
    }

    /** Incremental per-split counts and the objective. Split 0 = pool (train + valid), 1 = test. */
    private static final class Scorer {
        final int words;
        final int classes;
        final int[] scored;
        final int[] labels;
        final int[][] docWords;
        final double lambda;
        final boolean[] include;
        final int[][][] m; // [split][word][class]
        final int[][] nc; // [split][class]

        Scorer(int words, int classes, int[] scored, int[] labels, int[][] docWords, double lambda) {
            this(words, classes, scored, labels, docWords, lambda, null);
        }

        private Scorer(int words, int classes, int[] scored, int[] labels, int[][] docWords, double lambda, boolean[] include) {
            this.words = words;
            this.classes = classes;
            this.scored = scored;
            this.labels = labels;
            this.docWords = docWords;
            this.lambda = lambda;
            this.include = include;
            this.m = new int[2][words][classes];
            this.nc = new int[2][classes];
        }

        void load(boolean[] inTest) {
            for (int[][] a : m) {
                for (int[] r : a) {
                    Arrays.fill(r, 0);
                }
            }
            for (int[] r : nc) {
                Arrays.fill(r, 0);
            }
            for (int i = 0; i < inTest.length; i++) {
                if (include == null || include[i]) {
                    add(i, inTest[i] ? 1 : 0, 1);
                }
            }
        }

        Scorer copyExcluding(int[] split, int excluded) {
            boolean[] inc = new boolean[split.length];
            boolean[] inTest = new boolean[split.length];
            for (int i = 0; i < split.length; i++) {
                inc[i] = split[i] != excluded;
                inTest[i] = split[i] == 2;
            }
            Scorer s = new Scorer(words, classes, scored, labels, docWords, lambda, inc);
            s.load(inTest);
            return s;
        }

        /** Moves sample i into the test (toTest) or into the pool. */
        void move(int i, boolean toTest) {
            add(i, toTest ? 0 : 1, -1);
            add(i, toTest ? 1 : 0, 1);
        }

        private void add(int i, int split, int d) {
            int y = labels[i];
            nc[split][y] += d;
            for (int w : docWords[i]) {
                m[split][w][y] += d;
            }
        }

        double score() {
            return wordShift() - lambda * priorShift();
        }

        double priorShift() {
            double n0 = Arrays.stream(nc[0]).sum();
            double n1 = Arrays.stream(nc[1]).sum();
            double tv = 0;
            for (int c = 0; c < classes; c++) {
                tv += Math.abs((n0 == 0 ? 0 : nc[0][c] / n0) - (n1 == 0 ? 0 : nc[1][c] / n1));
            }
            return tv / 2;
        }

        double wordShift() {
            double total = 0;
            double[] q0 = new double[scored.length];
            double[] q1 = new double[scored.length];
            for (int w = 0; w < words; w++) {
                profile(0, w, q0);
                profile(1, w, q1);
                double tv = 0;
                for (int k = 0; k < scored.length; k++) {
                    tv += Math.abs(q0[k] - q1[k]);
                }
                total += tv / 2;
            }
            return total / words;
        }

        /** Class profile of word w in a split: per-class rates normalised to sum 1 (uniform when the word is absent). */
        private void profile(int split, int w, double[] q) {
            double s = 0;
            for (int k = 0; k < scored.length; k++) {
                int c = scored[k];
                q[k] = nc[split][c] == 0 ? 0 : m[split][w][c] / (double) nc[split][c];
                s += q[k];
            }
            for (int k = 0; k < scored.length; k++) {
                q[k] = s == 0 ? 1.0 / scored.length : q[k] / s;
            }
        }

        /** Lean of each word in [-1, 1]: the profile's mean over scored classes mapped evenly onto [-1, 1]. */
        double[] leans(boolean test) {
            double[] out = new double[words];
            double[] q = new double[scored.length];
            for (int w = 0; w < words; w++) {
                profile(test ? 1 : 0, w, q);
                double v = 0;
                for (int k = 0; k < scored.length; k++) {
                    v += q[k] * (scored.length == 1 ? 0 : -1 + 2.0 * k / (scored.length - 1));
                }
                out[w] = v;
            }
            return out;
        }
    }

    /** Class counts per split of a result, as a map for tables: split name to counts. */
    public static Map<String, int[]> classCounts(Result r) {
        Map<String, int[]> m = new LinkedHashMap<>();
        m.put("train", r.after().trainClassCounts());
        m.put("valid", r.after().validClassCounts());
        m.put("test", r.after().testClassCounts());
        return m;
    }
}
