package dev.cider.study;

import dev.cider.ProjectPaths;
import dev.cider.Scale;
import dev.cider.data.DatasetDims;
import dev.cider.data.MultimodalData;
import dev.cider.data.Sample;
import dev.cider.data.SyntheticCider;
import dev.cider.eval.Auilc;
import dev.cider.eval.Provenance;
import dev.cider.train.TrainConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The study's shared training recipe and its shared trained runs.
 *
 * <p><b>One recipe per scale.</b> Every synthetic experiment of notebooks 04-11 trains on the same
 * split sizes with the same epochs and batch size ({@link #recipe(Scale)}), so the same model is the
 * same run everywhere: the reference CIDer run on the unaligned MOSI-shaped set is notebook 04's paper
 * run, notebook 05's Table IV run, notebook 06's "full" row, notebook 08's unaligned run, notebook 10's
 * "with self-distillation" model and notebook 11's reference run.
 *
 * <p><b>One folder per run.</b> {@link #dir} names a run's checkpoint folder by what determines the
 * trained model: the training configuration (JSON), the model variant (a builder option of an
 * ablation, "" for the reference model) and the content of the training and validation splits
 * (SHA-256 of every sample). Whoever asks first trains; everyone after resumes the finished
 * checkpoint ({@code Trainer.fit} returns at once). {@code Trainer.fit} locks the folder
 * ({@link dev.cider.train.RunLock}), so notebooks executed side by side never train a run twice.
 */
public final class StudyRuns {
    private StudyRuns() {}

    /**
     * The training recipe of a scale.
     *
     * @param train training samples of every synthetic set
     * @param valid validation samples (early stopping, τ and checkpoint choice of the clean protocol)
     * @param test IID test samples (the OOD test split has as many)
     * @param epochs maximum epochs (early stopping with the reference's patience of 10)
     * @param batchSize samples per two-stage update
     * @param rates the missing-rate grid of the curves and AUILC
     * @param dataSeed seed of the synthetic data and of the evaluation masks
     * @param seeds training seeds where a study averages over seeds (the first is the reference run's)
     */
    public record Recipe(Scale scale, int train, int valid, int test, int epochs, int batchSize, double[] rates,
                         long dataSeed, long[] seeds) {
        public Recipe {
            Objects.requireNonNull(scale, "scale");
            if (train < 1 || valid < 1 || test < 1 || epochs < 1 || batchSize < 1) {
                throw new IllegalArgumentException("recipe sizes must be >= 1: " + train + "/" + valid + "/" + test
                        + ", epochs " + epochs + ", batch " + batchSize);
            }
            if (seeds == null || seeds.length == 0) {
                throw new IllegalArgumentException("a recipe needs at least one training seed");
            }
            rates = rates.clone();
            seeds = seeds.clone();
        }

        @Override
        public double[] rates() {
            return rates.clone();
        }

        @Override
        public long[] seeds() {
            return seeds.clone();
        }

        /** The reference run's training seed (the first seed). */
        public long seed() {
            return seeds[0];
        }
    }

    /**
     * smoke: 16/8/8 samples, 1 epoch, batch 8 (seconds: the tests); quick: 256/64/96 samples, 8 epochs,
     * batch 16, the reference's learning rate, five rates, seeds 1111 and 1112: about 140 s of one CPU core per
     * run, enough for the reference model to leave the class prior on the synthetic data (it starts near the
     * prior and leaves it after about 80 updates); full: the paper's MOSI sizes 1284/229/686, up to 200 epochs
     * (patience 10), batch 128, the paper's 11 rates, five seeds (a GPU).
     */
    public static Recipe recipe(Scale scale) {
        return switch (scale) {
            case SMOKE -> new Recipe(scale, 16, 8, 8, 1, 8, new double[] {0.0, 0.5, 1.0}, 1111, new long[] {1111, 1112});
            case QUICK -> new Recipe(scale, 256, 64, 96, 8, 16, new double[] {0.0, 0.25, 0.5, 0.75, 1.0}, 1111,
                    new long[] {1111, 1112});
            case FULL -> new Recipe(scale, 1284, 229, 686, 200, 128, Auilc.standardRates(), 1111,
                    new long[] {1111, 1112, 1113, 1114, 1115});
        };
    }

    /** The recipe of the current scale ({@link Scale#current()}). */
    public static Recipe recipe() {
        return recipe(Scale.current());
    }

    /**
     * The SYNTHETIC set of the recipe with the given dims: train, valid, test (IID) and test_ood. Every
     * study builds its synthetic data here, so the same dims give the same samples (and the same runs).
     */
    public static MultimodalData synthetic(Recipe r, DatasetDims dims) {
        return SyntheticCider.builder().setSeed(r.dataSeed()).optDims(dims).optSizes(r.train(), r.valid(), r.test())
                .build().iidAndOod();
    }

    /** The reference configuration of the recipe for a task ("binary" or "seven") and seed. */
    public static TrainConfig config(Recipe r, String textFeatures, String task, long seed) {
        return config(textFeatures, task, r.epochs(), r.batchSize(), seed);
    }

    /**
     * The reference configuration ({@link TrainConfig#defaults()}) with a study's task, epochs, batch size, seed
     * and text source: the one place every study builds its base configuration, so equal settings give equal
     * configurations (and so the same shared run).
     */
    public static TrainConfig config(String textFeatures, String task, int epochs, int batchSize, long seed) {
        TrainConfig c = TrainConfig.defaults();
        c.task = task;
        c.epochs = epochs;
        c.batchSize = batchSize;
        c.seed = seed;
        c.textFeatures = textFeatures;
        return c.validate();
    }

    /** Where shared runs live: {@code target/checkpoints/runs/<scale>} (or {@code -Dcider.checkpoints}). */
    public static Path root(Scale scale) {
        String override = System.getProperty("cider.checkpoints");
        Path base = override != null && !override.isBlank() ? Path.of(override)
                : ProjectPaths.root().resolve("target").resolve("checkpoints").resolve("runs");
        return base.resolve(scale.toString());
    }

    /**
     * The identity of a run: 12 hex digits of SHA-256 over the configuration JSON, the model variant and
     * the content of the training and validation splits (the only things the trained model depends on).
     */
    public static String key(TrainConfig config, String variant, MultimodalData data) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(data, "data");
        List<Sample> trainValid = new ArrayList<>(data.split("train"));
        trainValid.addAll(data.split("valid"));
        String id = config.toJson() + "\n" + (variant == null ? "" : variant) + "\n" + Provenance.sha256(trainValid);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * A run's checkpoint folder under {@link #root(Scale)}: a readable prefix (dims, task, positional term,
     * seed, variant) and {@link #key}; the prefix is only for people, the key decides.
     *
     * @param variant the model's builder option as a short slug (e.g. {@code no-mcm}), "" for the reference model
     */
    public static Path dir(Scale scale, TrainConfig config, String variant, MultimodalData data) {
        String v = variant == null || variant.isBlank() ? "" : "-" + variant.replaceAll("[^A-Za-z0-9._-]", "_");
        String dims = data.dims().name().toLowerCase(Locale.ROOT) + (data.dims().aligned() ? "-aligned" : "");
        String pos = config.positional.equals("sequence-position") ? "-seqpos" : "";
        return root(scale).resolve(dims + "-" + config.task + pos + "-seed" + config.seed + v + "-" + key(config, variant, data));
    }
}
