package dev.cider.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cider.data.DatasetDims;
import dev.cider.util.Npz;
import dev.cider.util.NpyArray;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the model against any fixture in the oracle format (oracle README): reads the config from
 * the JSON sidecar, builds the model, loads {@code param/*} by PyTorch names, feeds {@code in/*},
 * and compares every stored output, loss, gradient, the parameters after the two-stage update and
 * the forward pass with those parameters. A forward fixture with a student companion (sidecar
 * {@code companion}) is checked together with it, whichever of the two is named.
 *
 * <p>Tolerance: element-wise |ours − ref| ≤ 1e-5 + 1e-5·|ref| (absolute plus relative, as
 * {@code numpy.allclose(rtol=1e-5, atol=1e-5)}); analytically zero gradients (sidecar
 * {@code analytically_zero_gradients}) are compared against 0 with absolute tolerance 1e-6; the
 * {@code meta/param_after_noise_sensitive_idx} entries of {@code param_after} are excluded.
 *
 * <p>CLI: {@code mvn -q -B exec:java@verify-oracle -Doracle.fixture=PATH.npz}; prints one line per
 * key and ends with {@code oracle: N keys, max abs err X, PASS|FAIL}; exits 1 on FAIL.
 */
public final class VerifyOracle {
    /** Absolute tolerance. */
    public static final double ATOL = 1e-5;
    /** Relative tolerance. */
    public static final double RTOL = 1e-5;
    /** Absolute tolerance for analytically zero gradient entries (compared against 0). */
    public static final double ZERO_TOL = 1e-6;

    private VerifyOracle() {}

    /** One compared key. */
    public record KeyResult(String key, double maxAbsErr, int compared, boolean pass, String note) {
        /** The printed line. */
        public String line() {
            return String.format(Locale.ROOT, "%-72s max abs err %.3e  %s%s", key, maxAbsErr, pass ? "ok" : "FAIL",
                    note.isEmpty() ? "" : "  (" + note + ")");
        }
    }

    /** All compared keys. */
    public record Report(List<KeyResult> results) {
        public double maxAbsErr() {
            return results.stream().mapToDouble(KeyResult::maxAbsErr).max().orElse(0);
        }

        public boolean pass() {
            return !results.isEmpty() && results.stream().allMatch(KeyResult::pass);
        }

        /** {@code oracle: N keys, max abs err X, PASS|FAIL}. */
        public String summaryLine() {
            return String.format(Locale.ROOT, "oracle: %d keys, max abs err %.3e, %s", results.size(), maxAbsErr(),
                    pass() ? "PASS" : "FAIL");
        }
    }

    /** Options of a check. */
    public record Options(boolean forceGcBeforeBackward, PrintStream log) {
        public static Options quiet() { return new Options(false, null); }
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: VerifyOracle FIXTURE.npz   (mvn -q -B exec:java@verify-oracle -Doracle.fixture=PATH)");
            System.exit(2);
        }
        Report r;
        try {
            r = verify(Path.of(args[0]), new Options(false, System.out));
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.out.println("oracle: error: " + e.getMessage());
            System.out.println("oracle: 0 keys, max abs err NaN, FAIL");
            System.exit(1);
            return;
        }
        System.out.println(r.summaryLine());
        if (!r.pass()) {
            System.exit(1);
        }
    }

    /** A fixture pair: the forward part (parameters, inputs) and the optional student part. */
    private record Parts(Npz forward, JsonObject forwardJson, Npz student, JsonObject studentJson) {
    }

    static JsonObject sidecar(Path npz) {
        String n = npz.getFileName().toString();
        Path json = npz.resolveSibling(n.endsWith(".npz") ? n.substring(0, n.length() - 4) + ".json" : n + ".json");
        if (!Files.isRegularFile(json)) {
            throw new IllegalArgumentException(npz + ": no JSON sidecar " + json.getFileName());
        }
        try {
            return JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(json + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(json + ": not a JSON object: " + e.getMessage(), e);
        }
    }

    private static Path companion(Path npz, JsonObject json) {
        if (!json.has("companion")) {
            return null;
        }
        String c = json.get("companion").getAsString().trim();
        int sp = c.indexOf(' ');
        if (sp > 0) {
            c = c.substring(0, sp);
        }
        Path p = npz.resolveSibling(c);
        return Files.isRegularFile(p) ? p : null;
    }

    private static Parts load(Path fixture) {
        if (!Files.isRegularFile(fixture)) {
            throw new IllegalArgumentException("oracle fixture not found: " + fixture);
        }
        JsonObject json = sidecar(fixture);
        Npz npz = Npz.read(fixture);
        boolean isForward = npz.arrays().keySet().stream().anyMatch(k -> k.startsWith("param/"));
        Path other = companion(fixture, json);
        if (isForward) {
            return other == null ? new Parts(npz, json, null, null)
                    : new Parts(npz, json, Npz.read(other), sidecar(other));
        }
        if (other == null) {
            throw new IllegalArgumentException(fixture + ": has no param/ keys and its companion (sidecar 'companion')"
                    + " is missing");
        }
        return new Parts(Npz.read(other), sidecar(other), npz, json);
    }

    /** Builds the model described by a fixture sidecar's {@code config} (dropouts as stored). */
    public static CiderModel modelFromConfig(JsonObject config) {
        JsonObject dd = req(config, "dataset_dims").getAsJsonObject();
        DatasetDims dims = new DatasetDims("fixture", req(config, "T_l").getAsInt(), req(config, "T_a").getAsInt(),
                req(config, "T_v").getAsInt(), req(dd, "d_l").getAsInt(), req(dd, "d_a").getAsInt(),
                req(dd, "d_v").getAsInt(), req(config, "aligned").getAsBoolean());
        JsonObject dr = req(config, "dropouts").getAsJsonObject();
        return CiderModel.builder().setDims(dims).setNumClasses(req(config, "C").getAsInt())
                .optLayers(req(config, "L_multimodal_layers").getAsInt()).optHeads(req(config, "H_num_heads").getAsInt())
                .optEmbedDim(req(config, "embed_dim").getAsInt())
                .optAttnDropout(req(dr, "attn_dropout").getAsFloat()).optReluDropout(req(dr, "relu_dropout").getAsFloat())
                .optResDropout(req(dr, "res_dropout").getAsFloat()).optOutDropout(req(dr, "out_dropout").getAsFloat())
                .optEmbedDropout(req(dr, "embed_dropout").getAsFloat()).build();
    }

    private static JsonElement req(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            throw new IllegalArgumentException("fixture config: missing field '" + key + "'");
        }
        return e;
    }

    /** Loads every {@code <prefix><name>} array of the fixture into the model's parameters. */
    static void loadParams(CiderModel model, Npz npz, String prefix) {
        Map<String, float[]> values = new LinkedHashMap<>();
        Map<String, long[]> shapes = new HashMap<>();
        for (var e : npz.arrays().entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                String name = e.getKey().substring(prefix.length());
                values.put(name, e.getValue().floats());
                shapes.put(name, e.getValue().shape());
            }
        }
        Set<String> missing = new HashSet<>(model.torchStateDict().keySet());
        missing.removeAll(values.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(npz.file() + ": no " + prefix + " values for " + missing);
        }
        model.loadTorchParameters(values, shapes, npz.file().toString());
    }

    /** Runs the whole check on one fixture (and its companion). */
    public static Report verify(Path fixture, Options opt) {
        Parts parts = load(fixture);
        JsonObject config = req(parts.forwardJson(), "config").getAsJsonObject();
        Npz f = parts.forward();
        Npz s = parts.student();
        List<KeyResult> results = new ArrayList<>();
        Map<String, Zero> zeros = s == null ? Map.of() : analyticZeros(parts.studentJson());
        try (NDManager m = NDManager.newBaseManager()) {
            OracleBatch ob = OracleBatch.load(f, parts.forwardJson(), m);
            CiderModel model = ob.model();
            NDArray evalProtos = ob.evalPrototypes();
            NDArray evalPriors = ob.evalPriors();
            NDArray labels = ob.labels();
            CiderInput teacher = ob.teacher();
            CiderInput student = ob.student();
            NDArray bert = teacher.textFeatures();
            NDArray bertM = student.textFeatures();
            NDArray audio = teacher.audio();
            NDArray vision = teacher.vision();
            NDArray[] dropped = ob.dropped();
            CiderLosses.Weights weights = weights(config);

            // 1. complete view (teacher), train mode
            ParameterStore ps = new ParameterStore(m, false);
            Map<String, NDArray> full = new LinkedHashMap<>();
            CiderOutput t0 = model.forward(ps, teacher, true, false, full);
            compareTrace(results, f, "out/full/", full);
            // 2. eval mode: uniform priors, mean eval prototype; factual and counterfactual incomplete views
            if (f.has("out/eval/pred")) {
                CiderOutput e = model.forward(ps, teacher.withPrototypes(evalProtos, evalPriors), false, false, null);
                compare(results, f, "out/eval/pred", e.pred(), null, null);
                CiderInput evalStudent = student.withPrototypes(evalProtos, evalPriors);
                CiderOutput em = model.forward(ps, evalStudent, false, false, null);
                compare(results, f, "out/eval/pred_m", em.pred(), null, null);
                compare(results, f, "out/eval/joint_rep_m", em.jointRep(), null, null);
                CiderOutput ecf = model.forward(ps, evalStudent.withTextFeatures(ob.counterfactualText()), false,
                        false, null);
                compare(results, f, "out/eval/cf_pred_m", ecf.pred(), null, null);
                compare(results, f, "out/eval/cf_joint_rep_m", ecf.jointRep(), null, null);
            }
            // 3. student pass at θ0 and every loss component
            Map<String, NDArray> miss = new LinkedHashMap<>();
            CiderOutput s0 = model.forward(ps, student, true, true, miss);
            compareTrace(results, s != null && s.has("out/miss/pred") ? s : f, "out/miss/", miss);
            CiderLosses.Terms terms = CiderLosses.student(s0, t0.jointRep(), t0.attentionScores(), bert, labels, audio,
                    vision, dropped, weights);
            Map<String, NDArray> losses = new LinkedHashMap<>();
            losses.put("teacher_task", CiderLosses.taskNll(t0.pred(), labels));
            losses.put("student_task", terms.task());
            losses.put("joint_rep", terms.jointRep());
            losses.put("attn_kl", terms.attnKl());
            losses.put("recon_text", terms.reconText());
            losses.put("recon_audio", terms.reconAudio());
            losses.put("recon_vision", terms.reconVision());
            losses.put("recon_total", terms.reconTotal());
            losses.put("total", terms.total());
            compareTrace(results, f, "out/loss/", losses);

            if (s != null) {
                Runnable gc = opt.forceGcBeforeBackward() ? System::gc : () -> { };
                // 4a. teacher gradient at θ0
                TwoStageUpdate.zeroGradients(model);
                NDArray bertG = bert.duplicate();
                bertG.setRequiresGradient(true);
                try (GradientCollector col = Engine.getInstance().newGradientCollector()) {
                    CiderOutput t = model.forward(ps, teacher.withTextFeatures(bertG), true, false, null);
                    NDArray loss = CiderLosses.taskNll(t.pred(), labels);
                    gc.run();
                    col.backward(loss);
                }
                compareGrads(results, s, "grad_teacher/", model, zeros);
                compare(results, s, "grad_teacher_in/bert_out", bertG.getGradient(), null, null);
                // 4b. student gradient at θ0 with θ0 teacher targets
                TwoStageUpdate.zeroGradients(model);
                NDArray bertMG = bertM.duplicate();
                bertMG.setRequiresGradient(true);
                try (GradientCollector col = Engine.getInstance().newGradientCollector()) {
                    CiderOutput so = model.forward(ps, student.withTextFeatures(bertMG), true, true, null);
                    NDArray total = CiderLosses.student(so, t0.jointRep(), t0.attentionScores(), bert, labels, audio,
                            vision, dropped, weights).total();
                    gc.run();
                    col.backward(total);
                }
                compareGrads(results, s, "grad/", model, zeros);
                compare(results, s, "grad_in/bert_out_m", bertMG.getGradient(), null, null);
                // 5. one reference training batch: two Adam steps
                loadParams(model, f, "param/");
                JsonObject o = req(config, "optimizer").getAsJsonObject();
                try (ReferenceAdam adam = ReferenceAdam.builder().setManager(m)
                        .optBetas(o.getAsJsonArray("betas").get(0).getAsDouble(), o.getAsJsonArray("betas").get(1).getAsDouble())
                        .optEps(req(o, "eps").getAsDouble())
                        .addGroup("cider", model.torchStateDict().values(), req(o, "lr_non_bert").getAsDouble(),
                                o.has("weight_decay") ? o.get("weight_decay").getAsDouble() : 0).build()) {
                    TwoStageUpdate update = TwoStageUpdate.builder().setModel(model).setOptimizer(adam).optWeights(weights)
                            .optBeforeBackward(gc).build();
                    DistillationBatch batch = ob.distillationBatch();
                    TwoStageUpdate.StepResult r = update.step(batch);
                    Map<String, NDArray> up = new LinkedHashMap<>();
                    up.put("step1_teacher_task", m.create(r.teacherTask()));
                    up.put("step2_student_task", m.create(r.studentTask()));
                    up.put("step2_joint_rep", m.create(r.jointRep()));
                    up.put("step2_attn_kl", m.create(r.attnKl()));
                    up.put("step2_recon_text", m.create(r.reconText()));
                    up.put("step2_recon_audio", m.create(r.reconAudio()));
                    up.put("step2_recon_vision", m.create(r.reconVision()));
                    up.put("step2_recon_total", m.create(r.reconTotal()));
                    up.put("step2_total", m.create(r.total()));
                    compareTrace(results, s, "out/update/", up);
                    for (var e : model.torchStateDict().entrySet()) {
                        String key = "param_after/" + e.getKey();
                        if (!s.has(key)) {
                            continue;
                        }
                        String meta = "meta/param_after_noise_sensitive_idx/" + e.getKey();
                        Set<Integer> skip = new HashSet<>();
                        if (s.has(meta)) {
                            for (long i : s.get(meta).longs()) {
                                skip.add(Math.toIntExact(i));
                            }
                        }
                        compare(results, s, key, e.getValue().getArray(), skip, null);
                    }
                }
                // 6. forward with the stored param_after
                if (s.has("out/after/pred")) {
                    loadParams(model, s, "param_after/");
                    Map<String, NDArray> after = new LinkedHashMap<>();
                    model.forward(ps, teacher, true, false, after);
                    compareTrace(results, s, "out/after/", after);
                    loadParams(model, f, "param/");
                }
            }
        }
        if (opt.log() != null) {
            for (KeyResult r : results) {
                opt.log().println(r.line());
            }
        }
        return new Report(results);
    }

    private static CiderLosses.Weights weights(JsonObject config) {
        if (!config.has("loss_weights")) {
            return CiderLosses.Weights.REFERENCE;
        }
        JsonObject w = config.getAsJsonObject("loss_weights");
        return new CiderLosses.Weights(req(w, "joint_rep_weight").getAsFloat(), req(w, "attn_weight").getAsFloat(),
                req(w, "recon_weight").getAsFloat());
    }

    /** An analytically zero slice [from, to) of a parameter's gradient (to = -1: the end). */
    private record Zero(int from, int to) {
    }

    private static final Pattern SLICE = Pattern.compile("\\[(\\d*):(\\d*)\\]");

    private static Map<String, Zero> analyticZeros(JsonObject studentJson) {
        Map<String, Zero> out = new HashMap<>();
        if (studentJson == null || !studentJson.has("analytically_zero_gradients")) {
            return out;
        }
        for (JsonElement e : studentJson.getAsJsonArray("analytically_zero_gradients")) {
            JsonObject o = e.getAsJsonObject();
            Matcher mt = SLICE.matcher(o.get("slice").getAsString());
            if (!mt.find()) {
                throw new IllegalArgumentException("analytically_zero_gradients: cannot read slice '" + o.get("slice") + "'");
            }
            out.put(o.get("param").getAsString(), new Zero(mt.group(1).isEmpty() ? 0 : Integer.parseInt(mt.group(1)),
                    mt.group(2).isEmpty() ? -1 : Integer.parseInt(mt.group(2))));
        }
        return out;
    }

    private static void compareGrads(List<KeyResult> results, Npz s, String prefix, CiderModel model,
                                     Map<String, Zero> zeros) {
        for (var e : model.torchStateDict().entrySet()) {
            String key = prefix + e.getKey();
            if (!s.has(key)) {
                continue;
            }
            Set<Integer> zeroIdx = null;
            Zero z = zeros.get(e.getKey());
            if (z != null) {
                zeroIdx = new HashSet<>();
                int n = Math.toIntExact(e.getValue().getArray().size());
                for (int i = z.from(); i < (z.to() < 0 ? n : z.to()); i++) {
                    zeroIdx.add(i);
                }
            }
            try (NDArray g = e.getValue().getArray().getGradient()) {
                compare(results, s, key, g, null, zeroIdx);
            }
        }
    }

    private static void compareTrace(List<KeyResult> results, Npz npz, String prefix, Map<String, NDArray> ours) {
        for (String key : npz.arrays().keySet()) {
            if (!key.startsWith(prefix)) {
                continue;
            }
            NDArray a = ours.get(key.substring(prefix.length()));
            if (a == null) {
                results.add(new KeyResult(key, Double.NaN, 0, false, "not produced by the model"));
            } else {
                compare(results, npz, key, a, null, null);
            }
        }
    }

    /** Compares one array with a stored key (skip: flat indices excluded; zero: flat indices compared to 0). */
    static void compare(List<KeyResult> results, Npz npz, String key, NDArray ours, Set<Integer> skip,
                        Set<Integer> zero) {
        if (!npz.has(key)) {
            return;
        }
        NpyArray ref = npz.get(key);
        Shape want = new Shape(ref.shape());
        if (!ours.getShape().equals(want)) {
            results.add(new KeyResult(key, Double.NaN, 0, false, "shape " + ours.getShape() + " vs " + want));
            return;
        }
        float[] a = ours.toType(DataType.FLOAT32, false).toFloatArray();
        double[] b = ref.doubles();
        double max = 0;
        boolean ok = true;
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            if (skip != null && skip.contains(i)) {
                continue;
            }
            n++;
            if (zero != null && zero.contains(i)) {
                if (!(Math.abs(a[i]) <= ZERO_TOL)) {
                    ok = false;
                }
                continue;
            }
            double d = Math.abs(a[i] - b[i]);
            if (!(d <= ATOL + RTOL * Math.abs(b[i]))) {
                ok = false;
            }
            if (!(d <= max)) {
                max = d;
            }
        }
        String note = "";
        if (skip != null && !skip.isEmpty()) {
            note = skip.size() + " noise-sensitive entries excluded";
        } else if (zero != null) {
            note = zero.size() + " analytically zero entries vs 0";
        }
        results.add(new KeyResult(key, max, n, ok, note));
    }
}
