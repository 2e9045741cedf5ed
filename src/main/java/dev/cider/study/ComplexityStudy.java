package dev.cider.study;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cider.ProjectPaths;
import dev.cider.Scale;
import dev.cider.data.DatasetDims;
import dev.cider.data.SyntheticCider;
import dev.cider.eval.DataKind;
import dev.cider.eval.Manifest;
import dev.cider.eval.PaperNumbers;
import dev.cider.eval.ResultsWriter;
import dev.cider.model.CiderModel;
import dev.cider.plot.Charts;
import dev.cider.train.Bench;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.knowm.xchart.CategoryChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The library side of notebook 07 (complexity, paper Table VI, section V-C; spec section 6):
 * parameters per module ({@link CiderModel#parameterCountsByModule()}) for every configuration the
 * reference can build, beside the paper's 247,946 (which matches none of them, spec section 6), and the
 * benchmark's time per training step, peak memory and an epoch estimate, beside the paper's GPU figures
 * and the reference PyTorch code's time measured on this machine class.
 *
 * <p>The benchmark is {@link Bench} (the {@code bench} command: the reference's whole two-stage training
 * step on random frozen-BERT features at MOSI/MOSEI unaligned shapes). It runs as a <b>subprocess</b> by
 * default, one fresh JVM per setting, so that its peak resident memory (VmHWM) is the benchmark's own and
 * not the notebook kernel's; {@link Settings#subprocess()} = false runs it in-process (tests).
 */
public final class ComplexityStudy {
    private ComplexityStudy() {}

    /** The experiment's name and results folder. */
    public static final String EXPERIMENT = "07-complexity";

    /**
     * The reference PyTorch code's time per training step (seconds) on this machine class, 1 thread, MOSI
     * unaligned shapes, by batch size: given data, measured by the project on this machine class (issue 6).
     */
    public static final Map<Integer, Double> REFERENCE_PYTORCH_STEP_S = Map.of(32, 2.2, 128, 31.6);

    /** Where {@link #REFERENCE_PYTORCH_STEP_S} comes from, for tables and the manifest. */
    public static final String REFERENCE_PYTORCH_SOURCE =
            "reference PyTorch code, measured by the project on this machine class (issue 6), 1 thread, MOSI shapes";

    /** The paper's hardware (section V-A). */
    public static final String PAPER_HARDWARE = "NVIDIA Quadro RTX 8000 GPU (paper V-A)";

    /** The modules of the MCM head (MACI's learned part): prototype encoders and class-specific classifiers. */
    public static final Set<String> MCM_MODULES = Set.of("cls_encoders_l", "cls_encoders_a", "cls_encoders_v",
            "classifiers");

    /**
     * Sizes at one scale.
     *
     * @param benches the benchmark settings, run in order
     * @param subprocess run each benchmark in a fresh JVM (clean peak memory) rather than in-process
     * @param timeoutSeconds the limit of one benchmark subprocess
     */
    public record Settings(Scale scale, List<Bench.Options> benches, boolean subprocess, long timeoutSeconds) {
        public Settings {
            Objects.requireNonNull(scale, "scale");
            benches = List.copyOf(benches);
            if (benches.isEmpty()) {
                throw new IllegalArgumentException("at least one benchmark setting is needed");
            }
            if (timeoutSeconds <= 0) {
                throw new IllegalArgumentException("timeoutSeconds must be > 0, got " + timeoutSeconds);
            }
        }
    }

    /**
     * smoke: MOSI shapes, batch 4, one step; quick: MOSI shapes, batch 32 (three steps after one warm-up,
     * with the forward/backward/optimiser split) and batch 128 (two steps after one warm-up); full: batch 32
     * and 128 at MOSI shapes and batch 128 at MOSEI shapes, ten steps each (on a GPU with {@code -Pgpu}
     * the subprocess uses the GPU build DJL picks).
     */
    public static Settings settings(Scale scale) {
        return switch (scale) {
            case SMOKE -> new Settings(scale, List.of(new Bench.Options(4, 1, 1, 0, "mosi", false)), true, 300);
            case QUICK -> new Settings(scale, List.of(new Bench.Options(32, 1, 3, 1, "mosi", true),
                    new Bench.Options(128, 1, 2, 1, "mosi", false)), true, 600);
            case FULL -> new Settings(scale, List.of(new Bench.Options(32, 1, 10, 2, "mosi", true),
                    new Bench.Options(128, 1, 10, 2, "mosi", true), new Bench.Options(128, 1, 10, 2, "mosei", true)),
                    true, 3600);
        };
    }

    // ---------------------------------------------------------------- parameters

    /** One model configuration the reference can build (BERT excluded). */
    public record Configuration(String name, DatasetDims dims, int classes, int layers) {
        public Configuration {
            Objects.requireNonNull(dims, "dims");
            if (classes != 3 && classes != 7) {
                throw new IllegalArgumentException("classes must be 3 (binary) or 7 (seven), got " + classes);
            }
            if (layers < 1) {
                throw new IllegalArgumentException("layers must be >= 1, got " + layers);
            }
        }

        /** The shipped hyper-parameters' configuration on MOSI unaligned, binary: L = 3 (spec 5.4). */
        public static Configuration shipped() {
            return new Configuration("MOSI unaligned", DatasetDims.MOSI_UNALIGNED, 3, 3);
        }
    }

    /**
     * The configurations of the paper's search space on its four settings: MOSI/MOSEI × aligned/unaligned ×
     * C ∈ {3, 7} × L ∈ 1..4 (Optuna's {@code multimodal_layers}, spec 5.4), D = 32: 32 configurations.
     */
    public static List<Configuration> paperConfigurations() {
        Map<String, DatasetDims> settings = new LinkedHashMap<>();
        settings.put("MOSI aligned", DatasetDims.MOSI_ALIGNED);
        settings.put("MOSI unaligned", DatasetDims.MOSI_UNALIGNED);
        settings.put("MOSEI aligned", DatasetDims.MOSEI_ALIGNED);
        settings.put("MOSEI unaligned", DatasetDims.MOSEI_UNALIGNED);
        List<Configuration> out = new ArrayList<>();
        for (var e : settings.entrySet()) {
            for (int c : new int[] {3, 7}) {
                for (int l = 1; l <= 4; l++) {
                    out.add(new Configuration(e.getKey(), e.getValue(), c, l));
                }
            }
        }
        return out;
    }

    /** Parameter counts per reference module of one configuration (text encoder excluded). */
    public static Map<String, Long> countsByModule(Configuration c) {
        try (NDManager m = NDManager.newBaseManager()) {
            CiderModel model = CiderModel.builder().setDims(c.dims()).setNumClasses(c.classes()).optLayers(c.layers())
                    .build().initialize(m);
            return model.parameterCountsByModule();
        }
    }

    /** The paper's figure for a model of Table VI (parameters without BERT). */
    public static double paperParameters(String model) {
        return PaperNumbers.cell(PaperNumbers.table("VI"), model, "", "parameters_excl_bert", Map.of());
    }

    /**
     * Every configuration's total (BERT excluded), its MCM head, and the difference to the paper's CIDer
     * figure (Table VI), sorted by the absolute difference: the first row is the nearest configuration.
     */
    public static Table parameterTable(List<Configuration> configurations) {
        double paper = paperParameters("CIDer");
        StringColumn setting = StringColumn.create("setting");
        IntColumn classes = IntColumn.create("C");
        IntColumn layers = IntColumn.create("L");
        DoubleColumn total = DoubleColumn.create("parameters (ours)");
        DoubleColumn mcm = DoubleColumn.create("MCM head");
        DoubleColumn diff = DoubleColumn.create("ours − paper CIDer");
        for (Configuration c : configurations) {
            Map<String, Long> by = countsByModule(c);
            long t = by.values().stream().mapToLong(Long::longValue).sum();
            setting.append(c.name());
            classes.append(c.classes());
            layers.append(c.layers());
            total.append(t);
            mcm.append(mcmParameters(by));
            diff.append(t - paper);
        }
        Table t = Table.create("CIDer parameters (BERT excluded) per configuration vs the paper's "
                + String.format(Locale.ROOT, "%,.0f", paper), setting, classes, layers, total, mcm, diff);
        DoubleColumn abs = diff.abs().setName("|difference|");
        t.addColumns(abs);
        return t.sortAscendingOn("|difference|");
    }

    /** The MCM head's parameters (modules {@link #MCM_MODULES}) in per-module counts. */
    public static long mcmParameters(Map<String, Long> byModule) {
        return byModule.entrySet().stream().filter(e -> MCM_MODULES.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Per-module counts of a configuration as a table (module, parameters, share of the total). */
    public static Table moduleTable(Configuration c) {
        Map<String, Long> by = countsByModule(c);
        long total = by.values().stream().mapToLong(Long::longValue).sum();
        StringColumn module = StringColumn.create("module");
        DoubleColumn count = DoubleColumn.create("parameters");
        DoubleColumn share = DoubleColumn.create("share (%)");
        for (var e : by.entrySet()) {
            module.append(e.getKey());
            count.append(e.getValue());
            share.append(100.0 * e.getValue() / total);
        }
        module.append("total");
        count.append(total);
        share.append(100.0);
        return Table.create("parameters per module: " + c.name() + ", C = " + c.classes() + ", L = " + c.layers(),
                module, count, share);
    }

    /** A bar chart of the per-module counts (the "total" row left out). */
    public static CategoryChart moduleChart(Table modules) {
        Table t = modules.where(modules.stringColumn("module").isNotEqualTo("total"));
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("parameters", t.doubleColumn("parameters").asDoubleArray());
        CategoryChart c = Charts.groupedBars(modules.name(), "parameters", t.stringColumn("module").asList(), series);
        c.getStyler().setXAxisLabelRotation(60);
        return c;
    }

    // ---------------------------------------------------------------- benchmark

    /**
     * Runs one benchmark setting: in a fresh JVM ({@code subprocess}) or in this one; progress lines go to
     * {@code progress} (may be null). Returns the benchmark's JSON result.
     */
    public static JsonObject bench(Bench.Options o, boolean subprocess, long timeoutSeconds, PrintStream progress) {
        if (!subprocess) {
            return Bench.run(o);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Dai.djl.offline=true");
        cmd.add("-Dai.djl.pytorch.num_threads=" + o.threads());
        cmd.add("-Dai.djl.pytorch.num_interop_threads=1");
        cmd.add("-Dbench.batch=" + o.batch());
        cmd.add("-Dbench.threads=" + o.threads());
        cmd.add("-Dbench.steps=" + o.steps());
        cmd.add("-Dbench.warmup=" + o.warmup());
        cmd.add("-Dbench.dataset=" + o.dataset());
        cmd.add("-Dbench.parts=" + o.parts());
        cmd.add(Bench.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(o.threads()));
        String cache = System.getenv("DJL_CACHE_DIR");
        if (cache == null || cache.isBlank()) {
            cache = System.getProperty("DJL_CACHE_DIR", ProjectPaths.root().resolve("target/djl-cache").toString());
        }
        pb.environment().put("DJL_CACHE_DIR", cache);
        List<String> lines = new ArrayList<>();
        try {
            Process p = pb.start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        synchronized (lines) {
                            lines.add(line);
                        }
                        if (progress != null && !line.startsWith("{")) {
                            progress.println(line);
                        }
                    }
                } catch (IOException e) {
                    // the process ended; what was read is kept
                }
            }, "bench-output");
            reader.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("benchmark " + o + " did not finish within " + timeoutSeconds + " s");
            }
            reader.join(10_000);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("benchmark " + o + " failed (exit " + p.exitValue() + "): "
                        + tail(lines));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the benchmark JVM: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while benchmarking", e);
        }
        synchronized (lines) {
            for (int i = lines.size() - 1; i >= 0; i--) {
                String l = lines.get(i).trim();
                if (l.startsWith("{")) {
                    return JsonParser.parseString(l).getAsJsonObject();
                }
            }
        }
        throw new IllegalStateException("benchmark " + o + " printed no JSON result: " + tail(lines));
    }

    private static String tail(List<String> lines) {
        synchronized (lines) {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        }
    }

    /**
     * The project's runtime classpath for the benchmark JVM: the kernel's classpath file (system property
     * {@code cider.kernel.classpathFile}, else {@code target/kernel-classpath.txt}, both written by
     * {@code environment/setup.sh}), else this JVM's {@code java.class.path}.
     */
    static String classpath() {
        List<Path> candidates = new ArrayList<>();
        String prop = System.getProperty("cider.kernel.classpathFile");
        if (prop != null && !prop.isBlank()) {
            candidates.add(Path.of(prop));
        }
        candidates.add(ProjectPaths.root().resolve("target").resolve("kernel-classpath.txt"));
        for (Path f : candidates) {
            if (Files.isRegularFile(f)) {
                try {
                    String cp = Files.readString(f).trim();
                    if (!cp.isEmpty()) {
                        return cp;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the classpath file " + f + ": " + e.getMessage(), e);
                }
            }
        }
        return System.getProperty("java.class.path");
    }

    /** One benchmark's numbers. */
    public record BenchResult(Bench.Options options, JsonObject json) {
        public double stepSeconds() {
            return json.get("two_stage_step_ms_median").getAsDouble() / 1000;
        }

        public double stepCpuSeconds() {
            return json.get("two_stage_step_thread_cpu_ms_median").getAsDouble() / 1000;
        }

        public double peakRssGib() {
            double mb = json.get("peak_rss_mb").getAsDouble();
            return mb < 0 ? Double.NaN : mb / 1024;
        }

        public long parameters() {
            return json.get("parameters").getAsLong();
        }

        /** The load average (1 min) when the benchmark ended: other work on the machine inflates wall times. */
        public double load1() {
            return json.has("load_average") && json.getAsJsonArray("load_average").size() > 0
                    ? json.getAsJsonArray("load_average").get(0).getAsDouble() : Double.NaN;
        }

        /** Training steps of one epoch at the paper's training-split size ({@link #stepsPerEpoch}). */
        public int stepsPerEpoch() {
            return ComplexityStudy.stepsPerEpoch(options.dataset(), options.batch());
        }

        /** Estimated seconds per epoch: steps per epoch × median step (training steps only). */
        public double epochSeconds() {
            return stepsPerEpoch() * stepSeconds();
        }
    }

    /** Runs every benchmark of the settings, in order. */
    public static List<BenchResult> benchAll(Settings s, PrintStream progress) {
        List<BenchResult> out = new ArrayList<>();
        for (Bench.Options o : s.benches()) {
            if (progress != null) {
                progress.printf(Locale.ROOT, "== bench %s B=%d, %d step(s) after %d warm-up, %s ==%n", o.dataset(),
                        o.batch(), o.steps(), o.warmup(), s.subprocess() ? "fresh JVM" : "in-process");
            }
            out.add(new BenchResult(o, bench(o, s.subprocess(), s.timeoutSeconds(), progress)));
        }
        return out;
    }

    /** Mini-batches of one training epoch: ceil(MMSA training-split size / batch) (MOSI 1284, MOSEI 16326). */
    public static int stepsPerEpoch(String dataset, int batch) {
        DatasetDims d = dataset.equals("mosei") ? DatasetDims.MOSEI_UNALIGNED : DatasetDims.MOSI_UNALIGNED;
        int train = SyntheticCider.defaultSizes(d)[0];
        return (train + batch - 1) / batch;
    }

    private static double round3(double v) {
        return Double.isNaN(v) ? v : AblationStudy.round(v, 3);
    }

    /**
     * The benchmark results as a table: one row per setting, times in seconds (wall and the stepping thread's
     * CPU time; the parts in thread CPU time), memory in GiB.
     */
    public static Table benchTable(List<BenchResult> results) {
        StringColumn setting = StringColumn.create("setting");
        DoubleColumn step = DoubleColumn.create("step (s, wall, median)");
        DoubleColumn cpu = DoubleColumn.create("step (s, thread CPU)");
        DoubleColumn fwd = DoubleColumn.create("forward (s, thread CPU)");
        DoubleColumn bwd = DoubleColumn.create("backward (s, thread CPU)");
        DoubleColumn opt = DoubleColumn.create("optimiser (s, thread CPU)");
        DoubleColumn rss = DoubleColumn.create("peak RSS (GiB)");
        DoubleColumn epoch = DoubleColumn.create("epoch estimate (s)");
        DoubleColumn load = DoubleColumn.create("load average (1 min)");
        for (BenchResult r : results) {
            Bench.Options o = r.options();
            setting.append(String.format(Locale.ROOT, "%s B=%d, %d thread(s), %d step(s)", o.dataset(), o.batch(),
                    o.threads(), o.steps()));
            step.append(AblationStudy.round(r.stepSeconds(), 3));
            cpu.append(AblationStudy.round(r.stepCpuSeconds(), 3));
            fwd.append(round3(part(r, "forward")));
            bwd.append(round3(part(r, "backward")));
            opt.append(round3(part(r, "optimizer")));
            rss.append(round3(r.peakRssGib()));
            epoch.append(AblationStudy.round(r.epochSeconds(), 1));
            load.append(r.load1());
        }
        return Table.create("benchmark: the reference's two-stage training step (DJL, CPU, random MOSI-shaped "
                + "inputs)", setting, step, cpu, fwd, bwd, opt, rss, epoch, load);
    }

    /**
     * A part of the step in seconds: {@code <part>_thread_cpu_ms_median} (thread CPU time, current Bench) or
     * {@code <part>_ms_median} (wall time, older Bench); NaN when the benchmark ran without parts.
     */
    static double part(BenchResult r, String part) {
        for (String key : List.of(part + "_thread_cpu_ms_median", part + "_ms_median")) {
            if (r.json().has(key)) {
                return r.json().get(key).getAsDouble() / 1000;
            }
        }
        return Double.NaN;
    }

    /**
     * Table VI side by side: the paper's CIDer and MACI rows (GPU), the reference PyTorch code's step time on
     * this machine class (given data, {@link #REFERENCE_PYTORCH_SOURCE}) and ours (this CPU), each with its
     * hardware. Epoch times of the CPU rows are estimates: steps per MOSI epoch × median (wall) step time; our rows
     * also give the stepping thread's CPU time per step, which other load on a shared machine does not inflate.
     */
    public static Table sideBySide(List<BenchResult> ours, String cpu) {
        StringColumn row = StringColumn.create("row");
        StringColumn hardware = StringColumn.create("hardware");
        DoubleColumn params = DoubleColumn.create("parameters (excl. BERT)");
        DoubleColumn memory = DoubleColumn.create("memory (GiB)");
        StringColumn memoryKind = StringColumn.create("memory measured as");
        DoubleColumn step = DoubleColumn.create("time per step (s)");
        DoubleColumn stepCpu = DoubleColumn.create("thread CPU per step (s)");
        DoubleColumn epoch = DoubleColumn.create("time per epoch (s)");
        Table paper = PaperNumbers.table("VI");
        for (String model : List.of("CIDer", "MACI")) {
            row.append("paper, " + model + " (Table VI, MOSI)");
            hardware.append(PAPER_HARDWARE);
            params.append(PaperNumbers.cell(paper, model, "", "parameters_excl_bert", Map.of()));
            memory.append(PaperNumbers.cell(paper, model, "", "gpu_memory_gib", Map.of()));
            memoryKind.append("GPU memory usage");
            step.appendMissing();
            stepCpu.appendMissing();
            epoch.append(PaperNumbers.cell(paper, model, "", "training_time_s_per_epoch", Map.of()));
        }
        for (var e : new java.util.TreeMap<>(REFERENCE_PYTORCH_STEP_S).entrySet()) {
            row.append("reference PyTorch, MOSI B=" + e.getKey() + " (issue 6)");
            hardware.append("this machine class, CPU, 1 thread (measured by the project, issue 6)");
            params.appendMissing();
            memory.appendMissing();
            memoryKind.append("-");
            step.append(e.getValue());
            stepCpu.appendMissing();
            epoch.append(AblationStudy.round(stepsPerEpoch("mosi", e.getKey()) * e.getValue(), 1));
        }
        for (BenchResult r : ours) {
            Bench.Options o = r.options();
            row.append(String.format(Locale.ROOT, "ours (DJL), %s B=%d", o.dataset().toUpperCase(Locale.ROOT) + "-shaped",
                    o.batch()));
            hardware.append(String.format(Locale.ROOT, "%s, %d thread(s), load %.1f", cpu, o.threads(), r.load1()));
            params.append(r.parameters());
            memory.append(round3(r.peakRssGib()));
            memoryKind.append("peak RSS of the benchmark JVM");
            step.append(AblationStudy.round(r.stepSeconds(), 3));
            stepCpu.append(AblationStudy.round(r.stepCpuSeconds(), 3));
            epoch.append(AblationStudy.round(r.epochSeconds(), 1));
        }
        return Table.create("Table VI: paper (GPU) vs reference PyTorch and ours (CPU)", row, hardware, params, memory,
                memoryKind, step, stepCpu, epoch);
    }

    /** Seconds per epoch of every row with one, as bars (log-free: the GPU/CPU gap is the point). */
    public static CategoryChart epochChart(Table sideBySide) {
        Table t = sideBySide.where(sideBySide.doubleColumn("time per epoch (s)").isNotMissing());
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("s/epoch (CPU rows: estimate = steps × step time)", t.doubleColumn("time per epoch (s)").asDoubleArray());
        CategoryChart c = Charts.groupedBars("Time per epoch, MOSI: paper GPU vs this CPU", "seconds per epoch",
                t.stringColumn("row").asList(), series);
        c.getStyler().setXAxisLabelRotation(30);
        return c;
    }

    /** The CPU model name (/proc/cpuinfo) and core count, or "CPU" where unknown. */
    public static String cpuDescription() {
        String name = "CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    name = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: keep "CPU"
        }
        return name + " (" + Runtime.getRuntime().availableProcessors() + " cores)";
    }

    /**
     * Writes the tidy CSV (parameter counts and benchmark numbers; data_kind synthetic: random inputs at MOSI
     * shapes), the tables as CSV, the manifest and the PNGs to {@code results/07-complexity/}; returns the folder.
     */
    public static Path write(Settings s, Table parameters, Table modules, List<BenchResult> bench, Table sideBySide,
                             Map<String, CategoryChart> charts, Manifest manifest) {
        Path dir = ProjectPaths.results().resolve(EXPERIMENT);
        ResultsWriter w = ResultsWriter.create(EXPERIMENT);
        for (var row : parameters) {
            String ds = "random-inputs-synthetic " + row.getString("setting");
            ResultsWriter.Context ctx = new ResultsWriter.Context(ds, row.getInt("C") == 3 ? "binary" : "seven",
                    "none", "count", "L=" + row.getInt("L"), Double.NaN, 0, DataKind.SYNTHETIC);
            w.add(ctx, "parameters", row.getDouble("parameters (ours)"), Double.NaN);
            w.add(ctx, "mcm_parameters", row.getDouble("MCM head"), Double.NaN);
        }
        for (BenchResult r : bench) {
            Bench.Options o = r.options();
            ResultsWriter.Context ctx = new ResultsWriter.Context("random-inputs-synthetic " + o.dataset() + " unaligned",
                    "binary", "train-step", "bench B=" + o.batch() + " threads=" + o.threads(), "reference-half", Double.NaN,
                    1111, DataKind.SYNTHETIC);
            w.add(ctx, "step_s_median", r.stepSeconds(), Double.NaN);
            w.add(ctx, "step_thread_cpu_s_median", r.stepCpuSeconds(), Double.NaN);
            if (!Double.isNaN(r.peakRssGib())) {
                w.add(ctx, "peak_rss_gib", r.peakRssGib(), Double.NaN);
            }
            w.add(ctx, "epoch_s_estimate", r.epochSeconds(), Double.NaN);
            w.add(ctx, "parameters", r.parameters(), Double.NaN);
        }
        Path csv = w.write(dir.resolve("results.csv"));
        Map<String, Table> tables = new LinkedHashMap<>();
        tables.put("parameters_by_configuration.csv", parameters);
        tables.put("parameters_by_module.csv", modules);
        tables.put("table_VI_side_by_side.csv", sideBySide);
        List<Path> written = new ArrayList<>();
        for (var e : tables.entrySet()) {
            Path f = dir.resolve(e.getKey());
            writeCsv(e.getValue(), f);
            written.add(f);
        }
        for (var e : charts.entrySet()) {
            Charts.savePng(e.getValue(), dir.resolve(e.getKey() + ".png"));
        }
        List<Map<String, Object>> benches = new ArrayList<>();
        for (Bench.Options o : s.benches()) {
            benches.add(Map.of("dataset", o.dataset(), "batch", o.batch(), "threads", o.threads(), "steps", o.steps(),
                    "warmup", o.warmup(), "parts", o.parts()));
        }
        manifest.config(Map.of("benches", benches, "subprocess", s.subprocess())).scale(s.scale())
                .data(DataKind.SYNTHETIC, "random tensors at MOSI/MOSEI unaligned shapes (Bench.randomBatch); no dataset",
                        Map.of())
                .addResultsFile(csv).seeds(1111)
                .note("reference_pytorch", REFERENCE_PYTORCH_SOURCE + ": " + REFERENCE_PYTORCH_STEP_S + " s per step")
                .note("paper_hardware", PAPER_HARDWARE)
                .note("our_hardware", cpuDescription())
                .note("epoch_estimate", "steps per epoch (ceil(1284 / B) for MOSI) x median step time; training steps only");
        for (Path f : written) {
            manifest.addResultsFile(f);
        }
        manifest.finish().write(dir.resolve("manifest.json"));
        return dir;
    }

    static void writeCsv(Table t, Path f) {
        dev.cider.util.AtomicFiles.write(f, out -> {
            java.io.Writer wr = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
            t.write().usingOptions(tech.tablesaw.io.csv.CsvWriteOptions.builder(wr).lineEnd("\n").build());
            wr.flush();
        });
    }
}
