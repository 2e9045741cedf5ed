package dev.cider.train;

import dev.cider.util.NoGrad;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.cider.data.DatasetDims;
import dev.cider.model.CiderInput;
import dev.cider.model.CiderLosses;
import dev.cider.model.CiderModel;
import dev.cider.model.CiderOutput;
import dev.cider.model.DistillationBatch;
import dev.cider.model.PositionalMode;
import dev.cider.model.ReferenceAdam;
import dev.cider.model.TrackingParameterStore;
import dev.cider.model.TwoStageUpdate;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The benchmark command ({@code mvn -q -B exec:java@bench}, issue 6 item 7): times the reference's
 * whole training step ({@link Trainer#step}: teacher forward + backward + Adam step, then student
 * forward + all four losses + backward + Adam step) at MOSI or MOSEI unaligned shapes with the
 * shipped hyper-parameters, on random frozen-BERT features (B, 50, 768): BERT is outside the step.
 *
 * <p>Options ({@code -Dbench.*}): {@code batch} (32), {@code threads} (1), {@code steps} (5),
 * {@code warmup} (1), {@code dataset} ({@code mosi} | {@code mosei}), {@code parts} (true: a second
 * series of the same step, split into forward / backward / optimiser CPU time by an instrumented copy of
 * the step's sequence). Progress goes to stderr; the last stdout line is one JSON object with
 * {@code two_stage_step_ms_median} (wall clock), {@code two_stage_step_thread_cpu_ms_median} (CPU
 * time of the calling thread: with one intra-op thread PyTorch runs forward and backward on it, so this
 * number is robust to other load on a shared machine; with more threads it undercounts), the
 * parts' medians, peak RSS (VmHWM), peak JVM heap, the parameter count and the load average. Timings are never asserted by tests.
 */
public final class Bench {
    private Bench() {}

    /** Benchmark settings. */
    public record Options(int batch, int threads, int steps, int warmup, String dataset, boolean parts) {
        public Options {
            if (batch <= 0 || threads <= 0 || steps <= 0 || warmup < 0) {
                throw new IllegalArgumentException("bench: batch, threads and steps must be > 0 and warmup >= 0, got batch "
                        + batch + ", threads " + threads + ", steps " + steps + ", warmup " + warmup);
            }
            if (!dataset.equals("mosi") && !dataset.equals("mosei")) {
                throw new IllegalArgumentException("bench.dataset must be mosi or mosei, got '" + dataset + "'");
            }
        }

        /** From {@code -Dbench.*} system properties. */
        public static Options fromSystemProperties() {
            return new Options(intProp("bench.batch", 32), intProp("bench.threads", 1), intProp("bench.steps", 5),
                    intProp("bench.warmup", 1), System.getProperty("bench.dataset", "mosi").trim().toLowerCase(Locale.ROOT),
                    Boolean.parseBoolean(System.getProperty("bench.parts", "true")));
        }

        private static int intProp(String key, int def) {
            String v = System.getProperty(key);
            if (v == null || v.isBlank()) {
                return def;
            }
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'", e);
            }
        }
    }

    public static void main(String[] args) {
        Options o = Options.fromSystemProperties();
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(o.threads()));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        System.out.println(run(o).toString());
    }

    /** Runs the benchmark and returns its JSON result. */
    public static JsonObject run(Options o) {
        // Autograd records only inside the step's own collectors, whatever thread calls (see NoGrad).
        try (NoGrad ignored = NoGrad.enter()) {
            return runInScope(o);
        }
    }

    private static JsonObject runInScope(Options o) {
        DatasetDims dims = o.dataset().equals("mosi") ? DatasetDims.MOSI_UNALIGNED : DatasetDims.MOSEI_UNALIGNED;
        TrainConfig cfg = TrainConfig.defaults();
        cfg.batchSize = o.batch();
        Engine.getInstance().setRandomSeed((int) cfg.seed);
        JsonObject out = new JsonObject();
        try (NDManager m = NDManager.newBaseManager()) {
            CiderModel model = CiderModel.builder().setDims(dims).setNumClasses(3).optLayers(cfg.layers)
                    .optHeads(cfg.heads).optEmbedDim(cfg.embedDim).optAttnDropout((float) cfg.attnDropout)
                    .optReluDropout((float) cfg.reluDropout).optResDropout((float) cfg.resDropout)
                    .optOutDropout((float) cfg.outDropout).optEmbedDropout((float) cfg.embedDropout)
                    .optPositionalMode(PositionalMode.REFERENCE_BATCH_INDEX).build().initialize(m);
            DistillationBatch batch = randomBatch(m, dims, o.batch(), new SplitMixRng(cfg.seed));
            List<Double> whole = new ArrayList<>();
            List<Double> wholeCpu = new ArrayList<>();
            java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            List<Double> fwd = new ArrayList<>();
            List<Double> bwd = new ArrayList<>();
            List<Double> opt = new ArrayList<>();
            try (Trainer trainer = Trainer.builder().setConfig(cfg).optModel(model).build()) {
                for (int i = 0; i < o.warmup() + o.steps(); i++) {
                    long c0 = threads.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    trainer.step(batch);
                    double ms = (System.nanoTime() - t0) / 1e6;
                    double cpu = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
                    if (i >= o.warmup()) {
                        whole.add(ms);
                        wholeCpu.add(cpu);
                    }
                    System.err.printf(Locale.ROOT, "bench %s B=%d step %d/%d %.1f ms%s%n", o.dataset(), o.batch(), i + 1,
                            o.warmup() + o.steps(), ms, i < o.warmup() ? " (warm-up)" : "");
                }
                out.addProperty("peak_rss_mb", peakRssMb());
                out.addProperty("peak_heap_mb", peakHeapMb());
                if (o.parts()) {
                    for (int i = 0; i < o.steps(); i++) {
                        double[] p = instrumentedStep(model, trainer.optimizer(), batch, cfg);
                        fwd.add(p[0]);
                        bwd.add(p[1]);
                        opt.add(p[2]);
                    }
                }
            }
            out.addProperty("dataset", o.dataset());
            out.addProperty("shapes", "B=" + o.batch() + " T_l=" + dims.textLength() + " T_a=" + dims.audioLength()
                    + " T_v=" + dims.visionLength() + " d=768/" + dims.audioDim() + "/" + dims.visionDim());
            out.addProperty("batch", o.batch());
            out.addProperty("threads", o.threads());
            out.addProperty("steps", o.steps());
            out.addProperty("warmup", o.warmup());
            out.addProperty("two_stage_step_ms_median", median(whole));
            out.add("two_stage_step_ms", array(whole));
            out.addProperty("two_stage_step_thread_cpu_ms_median", median(wholeCpu));
            out.add("load_average", loadAverage());
            if (o.parts()) {
                out.addProperty("forward_thread_cpu_ms_median", median(fwd));
                out.addProperty("backward_thread_cpu_ms_median", median(bwd));
                out.addProperty("optimizer_thread_cpu_ms_median", median(opt));
            }
            out.addProperty("parameters", model.countParameters());
            out.addProperty("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
            out.addProperty("device", "cpu");
            out.addProperty("text_input", "random frozen-BERT features (B, 50, 768): BERT is outside the step");
        }
        return out;
    }

    /**
     * The sequence of {@link TwoStageUpdate#step} in {@link TwoStageUpdate.Mode#REFERENCE} mode,
     * with the calling thread's CPU clock between the parts (robust to other load on a shared machine;
     * with one intra-op thread PyTorch computes on this thread): returns {forward ms, backward ms,
     * optimiser ms} of both passes together.
     */
    static double[] instrumentedStep(CiderModel model, ReferenceAdam adam, DistillationBatch input, TrainConfig cfg) {
        CiderLosses.Weights w = new CiderLosses.Weights((float) cfg.jointRepWeight, (float) cfg.attnWeight,
                (float) cfg.reconWeight);
        NDManager base = input.teacher().textMask().getManager();
        try (NDManager scope = base.newSubManager()) {
            DistillationBatch b = input.copyTo(scope);
            TwoStageUpdate.zeroGradients(model);
            Set<Parameter> withGrad = new LinkedHashSet<>();
            long t0 = cpuNanos();
            long t1;
            long t2;
            NDArray tz;
            NDArray ts;
            NDArray tt;
            // teacher pass in its own scope, as TwoStageUpdate does: its intermediates go before the student pass
            try (NDManager teacherScope = scope.newSubManager()) {
                TrackingParameterStore tps = new TrackingParameterStore(teacherScope);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    CiderOutput t = model.forward(tps, b.teacher(), true, false, null);
                    NDArray loss = CiderLosses.taskNll(t.pred(), b.labels());
                    loss.getFloat();
                    t1 = cpuNanos();
                    gc.backward(loss);
                    tz = t.jointRep().stopGradient();
                    ts = t.attentionScores().stopGradient();
                    tt = t.textFeatures().stopGradient();
                    for (NDArray keep : new NDArray[] {tz, ts, tt}) {
                        keep.attach(scope);
                    }
                    t2 = cpuNanos();
                }
                withGrad.addAll(tps.used());
            }
            adam.step(withGrad);
            long t3 = cpuNanos();
            TrackingParameterStore ps = new TrackingParameterStore(scope);
            long t4;
            long t5;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                CiderOutput s = model.forward(ps, b.student(), true, true, null);
                CiderLosses.Terms terms = CiderLosses.student(s, tz, ts, tt, b.labels(), b.audioTarget(),
                        b.visionTarget(), new NDArray[] {b.textDropped(), b.audioDropped(), b.visionDropped()}, w);
                terms.total().getFloat();
                t4 = cpuNanos();
                gc.backward(terms.total());
                terms.total().getFloat();
                t5 = cpuNanos();
            }
            withGrad.addAll(ps.used());
            adam.step(withGrad);
            long t6 = cpuNanos();
            return new double[] {((t1 - t0) + (t4 - t3)) / 1e6, ((t2 - t1) + (t5 - t4)) / 1e6,
                ((t3 - t2) + (t6 - t5)) / 1e6};
        }
    }

    private static long cpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** A random batch at the given shapes: lengths uniform, about half of the valid positions dropped. */
    static DistillationBatch randomBatch(NDManager m, DatasetDims d, int b, SplitMixRng rng) {
        int tl = d.textLength();
        int ta = d.audioLength();
        int tv = d.visionLength();
        float[] textMask = new float[b * tl];
        float[] audioMask = new float[b * ta];
        float[] visionMask = new float[b * tv];
        float[] textMiss = new float[b * tl];
        float[] audioMiss = new float[b * ta];
        float[] visionMiss = new float[b * tv];
        for (int i = 0; i < b; i++) {
            int lt = 3 + rng.nextInt(tl - 2);
            int la = 1 + rng.nextInt(ta);
            int lv = 1 + rng.nextInt(tv);
            fill(textMask, textMiss, i * tl, lt, rng, true);
            fill(audioMask, audioMiss, i * ta, la, rng, false);
            fill(visionMask, visionMiss, i * tv, lv, rng, false);
        }
        NDArray text = m.randomNormal(new Shape(b, tl, d.textDim()));
        NDArray textM = m.randomNormal(new Shape(b, tl, d.textDim()));
        NDArray audio = m.randomNormal(new Shape(b, ta, d.audioDim()));
        NDArray vision = m.randomNormal(new Shape(b, tv, d.visionDim()));
        NDArray tm = m.create(textMask, new Shape(b, tl));
        NDArray am = m.create(audioMask, new Shape(b, ta));
        NDArray vm = m.create(visionMask, new Shape(b, tv));
        NDArray amiss = m.create(audioMiss, new Shape(b, ta));
        NDArray vmiss = m.create(visionMiss, new Shape(b, tv));
        NDArray audioM = audio.mul(amiss.expandDims(2));
        NDArray visionM = vision.mul(vmiss.expandDims(2));
        NDArray protos = m.randomNormal(new Shape(3, d.prototypeDim()));
        NDArray priors = m.create(new float[] {0.43f, 0.04f, 0.53f});
        long[] labels = new long[b];
        for (int i = 0; i < b; i++) {
            labels[i] = rng.nextInt(3);
        }
        CiderInput teacher = CiderInput.ofFeatures(text, tm, audio, am, vision, vm, protos, priors);
        CiderInput student = CiderInput.ofFeatures(textM, tm, audioM, am, visionM, vm, protos, priors);
        return new DistillationBatch(teacher, student, m.create(labels), audio, vision,
                tm.sub(m.create(textMiss, new Shape(b, tl))), am.sub(amiss), vm.sub(vmiss));
    }

    private static void fill(float[] mask, float[] miss, int off, int len, SplitMixRng rng, boolean text) {
        for (int t = 0; t < len; t++) {
            mask[off + t] = 1;
            boolean keep = (text && (t == 0 || t == len - 1)) || rng.nextDouble() >= 0.5;
            miss[off + t] = keep ? 1 : 0;
        }
    }

    static double median(List<Double> v) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static JsonArray array(List<Double> v) {
        JsonArray a = new JsonArray();
        v.forEach(x -> a.add(Math.round(x * 10) / 10.0));
        return a;
    }

    /** Peak resident set size (VmHWM of /proc/self/status) in MB, or -1 where that file does not exist. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String[] f = line.trim().split("\\s+");
                    return Long.parseLong(f[1]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Sum of the heap pools' peak usage in MB. */
    static double peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum / (1024.0 * 1024.0);
    }

    /** The 1/5/15-minute load averages (/proc/loadavg): other work on the machine inflates wall times. */
    static JsonArray loadAverage() {
        JsonArray a = new JsonArray();
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            for (int i = 0; i < 3; i++) {
                a.add(Double.parseDouble(f[i]));
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: leave it empty
        }
        return a;
    }
}
