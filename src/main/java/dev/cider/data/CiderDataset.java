package dev.cider.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.training.dataset.Sampler;
import ai.djl.training.dataset.SequenceSampler;
import ai.djl.util.Progress;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * A DJL {@link RandomAccessDataset} over the samples of one split (reference spec section 2.2:
 * the per-sample tensors of {@code MMDataset.__getitem__}; paper III: text, audio and vision inputs).
 *
 * <p>Each {@link Record} holds, in this order (the index constants below):
 * <pre>
 * data   [0] input_ids       int64   (T_l)        bert-base-uncased ids, [CLS] ... [SEP] then [PAD]=0
 *        [1] attention_mask  int64   (T_l)        1 on valid tokens ([CLS], [SEP] included)
 *        [2] segment_ids     int64   (T_l)
 *        [3] audio           float32 (T_a, d_a)
 *        [4] audio_length    int64   ()           valid audio frames
 *        [5] vision          float32 (T_v, d_v)
 *        [6] vision_length   int64   ()           valid vision frames
 * labels [0] class           int64   ()           3-class label (task BINARY) or 7-class label (SEVEN)
 *        [1] regression      float32 ()           the sentiment score in [-3, 3]
 * </pre>
 * Batching stacks them to (B, ...). Sizes follow the samples: MOSI 50/375/500 with d 768/5/20 and
 * MOSEI 50/500/500 with 768/74/35 unaligned, T_a = T_v = 50 aligned ({@link DatasetDims}).
 *
 * <p>Shuffling is seeded: {@code setSampling(batch, true)} needs {@link Builder#optSeed(long)}, and
 * each epoch then draws the next permutation of that seeded generator (same seed, same order).
 * Missing-modality views are made by the {@code missing} package before the samples get here.
 */
public final class CiderDataset extends RandomAccessDataset {
    /** Data index of the token ids. */
    public static final int DATA_INPUT_IDS = 0;
    /** Data index of the attention mask. */
    public static final int DATA_ATTENTION_MASK = 1;
    /** Data index of the segment ids. */
    public static final int DATA_SEGMENT_IDS = 2;
    /** Data index of the audio features. */
    public static final int DATA_AUDIO = 3;
    /** Data index of the audio valid length. */
    public static final int DATA_AUDIO_LENGTH = 4;
    /** Data index of the vision features. */
    public static final int DATA_VISION = 5;
    /** Data index of the vision valid length. */
    public static final int DATA_VISION_LENGTH = 6;
    /** Number of data arrays per record. */
    public static final int DATA_SIZE = 7;
    /** Label index of the class label of the task. */
    public static final int LABEL_CLASS = 0;
    /** Label index of the regression score. */
    public static final int LABEL_REGRESSION = 1;
    /** Number of label arrays per record. */
    public static final int LABEL_SIZE = 2;

    private final List<Sample> samples;
    private final Labels.Task task;
    private final DatasetDims dims;

    private CiderDataset(Builder b, DatasetDims dims) {
        super(b);
        this.samples = b.samples;
        this.task = b.task;
        this.dims = dims;
    }

    /** A builder: {@code setSamples(list).setTask(task).setSampling(batch, shuffle).optSeed(seed)}. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Record get(NDManager manager, long index) {
        Sample s = samples.get(Math.toIntExact(index));
        NDList data = new NDList(DATA_SIZE);
        data.add(manager.create(toLongs(s.inputIds())));
        data.add(manager.create(toLongs(s.attentionMask())));
        data.add(manager.create(toLongs(s.segmentIds())));
        data.add(manager.create(s.audio(), new Shape(s.audioFrames(), s.audioDim())));
        data.add(manager.create((long) s.audioLength()));
        data.add(manager.create(s.vision(), new Shape(s.visionFrames(), s.visionDim())));
        data.add(manager.create((long) s.visionLength()));
        NDList labels = new NDList(LABEL_SIZE);
        labels.add(manager.create((long) Labels.label(task, s)));
        labels.add(manager.create(s.regression()));
        return new Record(data, labels);
    }

    private static long[] toLongs(int[] a) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }

    @Override
    protected long availableSize() {
        return samples.size();
    }

    @Override
    public void prepare(Progress progress) {
        // the samples are already in memory
    }

    /** The samples, in dataset order. */
    public List<Sample> samples() { return samples; }

    /** The task whose class label is returned. */
    public Labels.Task task() { return task; }

    /** The sizes every sample has. */
    public DatasetDims dims() { return dims; }

    /** Shorthand: the class label of record {@code i} as an array (for tests and notebooks). */
    public NDArray classLabel(NDManager manager, long i) {
        return get(manager, i).getLabels().get(LABEL_CLASS);
    }

    /** A seeded shuffling sub-sampler: each call to {@link #sample} draws the next permutation. */
    public static final class SeededRandomSampler implements Sampler.SubSampler {
        private final Random random;

        /** Uses {@code new Random(seed)}; the sequence of permutations is fixed by the seed. */
        public SeededRandomSampler(long seed) {
            this.random = new Random(seed);
        }

        @Override
        public Iterator<Long> sample(RandomAccessDataset dataset) {
            int n = Math.toIntExact(dataset.size());
            long[] order = new long[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                long t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < n;
                }

                @Override
                public Long next() {
                    if (next >= n) {
                        throw new NoSuchElementException();
                    }
                    return order[next++];
                }
            };
        }
    }

    /** Builder of {@link CiderDataset}. */
    public static final class Builder extends BaseBuilder<Builder> {
        private List<Sample> samples;
        private Labels.Task task;
        private DatasetDims dims;
        private Long seed;
        private Integer batchSize;
        private boolean shuffle;
        private boolean dropLast;

        Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** The samples of one split, e.g. {@code data.split("train")} (required, not empty). */
        public Builder setSamples(List<Sample> samples) {
            this.samples = List.copyOf(samples);
            return this;
        }

        /** Which class label the records carry: BINARY (3 classes) or SEVEN (required). */
        public Builder setTask(Labels.Task task) {
            this.task = task;
            return this;
        }

        /** The sizes every sample must have; by default those of the first sample. */
        public Builder optDims(DatasetDims dims) {
            this.dims = dims;
            return this;
        }

        /** Seed of the shuffling order (required when shuffling). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Batches of {@code batchSize}; shuffled (with {@link #optSeed}) or in order; last partial batch kept. */
        @Override
        public Builder setSampling(int batchSize, boolean shuffle) {
            return setSampling(batchSize, shuffle, false);
        }

        /** As {@link #setSampling(int, boolean)}, optionally dropping the last partial batch. */
        @Override
        public Builder setSampling(int batchSize, boolean shuffle, boolean dropLast) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            this.shuffle = shuffle;
            this.dropLast = dropLast;
            return this;
        }

        /** Builds the dataset; checks that every sample has the same sizes. */
        public CiderDataset build() {
            if (samples == null || samples.isEmpty()) {
                throw new IllegalArgumentException("CiderDataset: setSamples(...) with at least one sample is required");
            }
            if (task == null) {
                throw new IllegalArgumentException("CiderDataset: setTask(BINARY or SEVEN) is required");
            }
            if (batchSize != null) {
                if (shuffle && seed == null) {
                    throw new IllegalArgumentException("CiderDataset: shuffling needs optSeed(seed) (no global RNG)");
                }
                Sampler.SubSampler sub = shuffle ? new SeededRandomSampler(seed) : new SequenceSampler();
                super.setSampling(new BatchSampler(sub, batchSize, dropLast));
            } else if (sampler == null) {
                throw new IllegalArgumentException("CiderDataset: setSampling(batchSize, shuffle) is required");
            }
            Sample first = samples.get(0);
            DatasetDims d = dims != null ? dims : new DatasetDims("samples", first.textFrames(), first.audioFrames(),
                    first.visionFrames(), 768, first.audioDim(), first.visionDim(), false);
            for (Sample s : samples) {
                check(s, "text length", s.textFrames(), d.textLength());
                check(s, "audio frames", s.audioFrames(), d.audioLength());
                check(s, "audio dim", s.audioDim(), d.audioDim());
                check(s, "vision frames", s.visionFrames(), d.visionLength());
                check(s, "vision dim", s.visionDim(), d.visionDim());
            }
            return new CiderDataset(this, d);
        }

        private void check(Sample s, String what, int got, int want) {
            if (got != want) {
                throw new IllegalArgumentException("CiderDataset: sample " + s.id() + " has " + what + " " + got
                        + ", expected " + want + " (dims " + (dims != null ? dims : "of the first sample") + ")");
            }
        }
    }

    @Override
    public String toString() {
        return "CiderDataset{" + samples.size() + " samples, task " + task + ", T_l/T_a/T_v "
                + dims.textLength() + "/" + dims.audioLength() + "/" + dims.visionLength() + ", d_a/d_v "
                + dims.audioDim() + "/" + dims.visionDim() + "}";
    }
}
