package dev.cider.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.cider.data.DatasetDims;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Tablesaw views of the model for the notebooks: parameter counts, shape walks, oracle reports. */
public final class ModelTables {
    private ModelTables() {}

    /** The non-cross dataset settings of spec section 6, in its order. */
    public static final DatasetDims[] SETTINGS = {DatasetDims.MOSI_ALIGNED, DatasetDims.MOSI_UNALIGNED,
        DatasetDims.MOSEI_ALIGNED, DatasetDims.MOSEI_UNALIGNED};

    /** Parameters per reference module (text encoder excluded) with the total as the last row. */
    public static Table parameterTable(CiderModel model) {
        Map<String, Long> by = model.parameterCountsByModule();
        long total = model.countParameters();
        StringColumn name = StringColumn.create("module");
        LongColumn count = LongColumn.create("parameters");
        DoubleColumn share = DoubleColumn.create("share %");
        for (var e : by.entrySet()) {
            name.append(e.getKey());
            count.append(e.getValue());
            share.append(Math.round(1000.0 * e.getValue() / total) / 10.0);
        }
        name.append("TOTAL");
        count.append(total);
        share.append(100.0);
        return Table.create("CIDer parameters (" + model.dims().name() + (model.dims().aligned() ? " aligned" : " unaligned")
                + ", C=" + model.numClasses() + ", L=" + model.numLayers() + ")", name, count, share);
    }

    /** Counts one configuration by building and initialising it (float32, on a throw-away manager). */
    public static long count(DatasetDims dims, int numClasses, int layers) {
        try (NDManager m = NDManager.newBaseManager()) {
            return CiderModel.builder().setDims(dims).setNumClasses(numClasses).optLayers(layers).build()
                    .initialize(m).countParameters();
        }
    }

    /** The spec section 6 grid, computed live: one row per (setting, C), columns L = 1..4 and the fixed part. */
    public static Table parameterCountGrid() {
        StringColumn setting = StringColumn.create("setting");
        IntColumn classes = IntColumn.create("C");
        LongColumn fixed = LongColumn.create("fixed part");
        LongColumn[] perL = new LongColumn[4];
        for (int l = 0; l < 4; l++) {
            perL[l] = LongColumn.create("L=" + (l + 1));
        }
        for (DatasetDims d : SETTINGS) {
            for (int c : new int[] {3, 7}) {
                setting.append(d.name() + (d.aligned() ? " aligned" : " unaligned"));
                classes.append(c);
                long[] n = new long[4];
                for (int l = 0; l < 4; l++) {
                    n[l] = count(d, c, l + 1);
                    perL[l].append(n[l]);
                }
                fixed.append(n[0] - (n[1] - n[0]));
            }
        }
        Table t = Table.create("Parameter count = fixed part + per-layer part x L (BERT excluded)", setting, classes, fixed);
        for (LongColumn c : perL) {
            t.addColumns(c);
        }
        return t;
    }

    /**
     * The {@code k} configurations (setting, C, L = 1..4) whose counts are closest to {@code target}.
     *
     * @param dataset keep only settings of this dataset name ("mosi", "mosei"), or null for all
     */
    public static Table closestConfigurations(long target, int k, String dataset) {
        List<Object[]> rows = new ArrayList<>();
        for (DatasetDims d : SETTINGS) {
            if (dataset != null && !d.name().equals(dataset)) {
                continue;
            }
            for (int c : new int[] {3, 7}) {
                for (int l = 1; l <= 4; l++) {
                    long n = count(d, c, l);
                    rows.add(new Object[] {d.name() + (d.aligned() ? " aligned" : " unaligned"), c, l, n});
                }
            }
        }
        rows.sort(Comparator.comparingLong(r -> Math.abs((Long) r[3] - target)));
        StringColumn setting = StringColumn.create("setting");
        IntColumn classes = IntColumn.create("C");
        IntColumn layers = IntColumn.create("L");
        LongColumn count = LongColumn.create("parameters");
        LongColumn diff = LongColumn.create("minus " + target);
        for (Object[] r : rows.subList(0, Math.min(k, rows.size()))) {
            setting.append((String) r[0]);
            classes.append((Integer) r[1]);
            layers.append((Integer) r[2]);
            count.append((Long) r[3]);
            diff.append((Long) r[3] - target);
        }
        return Table.create("Configurations closest to " + target, setting, classes, layers, count, diff);
    }

    /** The shape of every traced intermediate, in forward order (layouts as the reference's). */
    public static Table shapeTable(Map<String, NDArray> trace) {
        StringColumn key = StringColumn.create("intermediate");
        StringColumn shape = StringColumn.create("shape");
        for (var e : trace.entrySet()) {
            key.append(e.getKey());
            shape.append(e.getValue().getShape().toString());
        }
        return Table.create("Forward pass, block by block", key, shape);
    }

    /**
     * Each paper block with its input and output shapes on a batch, from a forward {@code trace}
     * (layouts as the trace: projections channels-first, WSAM/GRU/MCT sequence-first). Blocks that
     * did not run (WSAM on aligned data, MSSD without reconstruction) are left out.
     */
    public static Table blockTable(CiderInput in, Map<String, NDArray> trace) {
        StringColumn block = StringColumn.create("block");
        StringColumn input = StringColumn.create("input");
        StringColumn output = StringColumn.create("output");
        String[][] rows = {
            {"Conv1D projection, text", "text features " + in.textFeatures().getShape(), "proj_l"},
            {"Conv1D projection, audio", "audio " + in.audio().getShape(), "proj_a"},
            {"Conv1D projection, vision", "vision " + in.vision().getShape(), "proj_v"},
            {"WSAM, audio (query: text)", "proj_a + proj_l", "wsam_a"},
            {"WSAM, vision (query: text)", "proj_v + proj_l", "wsam_v"},
            {"GRU t", "proj_l", "gru_l"},
            {"GRU a", trace.containsKey("wsam_a") ? "wsam_a" : "proj_a", "gru_a"},
            {"GRU v", trace.containsKey("wsam_v") ? "wsam_v" : "proj_v", "gru_v"},
            {"concat [L; A; V]", "gru_l, gru_a, gru_v", "mct_concat"},
            {"positional term (batch index)", "mct_concat", "mct_input"},
            {"MCT (L layers of MCA + FFN, final LayerNorm)", "mct_input", "mct_out"},
            {"MCA raw scores, last layer", "last layer's LayerNorm(input)", "attn_scores_last"},
            {"naive attention, text rows", "mct_out[0:T_l]", "na_pooled_l"},
            {"naive attention, audio rows", "mct_out[T_l:2T_l]", "na_pooled_a"},
            {"naive attention, vision rows", "mct_out[2T_l:3T_l]", "na_pooled_v"},
            {"fusion MLP + residual", "fusion_h", "z"},
            {"MCM prototype encoders", "prototypes " + in.prototypes().getShape(), "mcm_enc_l"},
            {"MCM class-specific classifiers", "z + encodings", "mcm_logits"},
            {"MCM log-mixture", "mcm_logits + priors " + in.priors().getShape(), "pred"},
            {"MSSD text head", "mct_out[0:T_l]", "recon_text"},
            {"MSSD audio head (Linear over time)", "mct_out[T_l:2T_l]", "recon_audio"},
            {"MSSD vision head (Linear over time)", "mct_out[2T_l:3T_l]", "recon_vision"},
        };
        for (String[] r : rows) {
            NDArray out = trace.get(r[2]);
            if (out == null) {
                continue;
            }
            String src = r[1];
            NDArray srcArr = trace.get(src);
            block.append(r[0]);
            input.append(srcArr != null ? src + " " + srcArr.getShape() : src);
            output.append(r[2] + " " + out.getShape());
        }
        return Table.create("CIDer blocks on this batch (B = " + in.textMask().getShape().get(0) + ")", block, input, output);
    }

    /** One row per compared oracle key; {@code prefixFilter} keeps keys starting with it ("" = all). */
    public static Table oracleTable(VerifyOracle.Report report, String prefixFilter) {
        StringColumn key = StringColumn.create("key");
        IntColumn n = IntColumn.create("elements");
        DoubleColumn err = DoubleColumn.create("max abs err");
        StringColumn ok = StringColumn.create("result");
        for (VerifyOracle.KeyResult r : report.results()) {
            if (!r.key().startsWith(prefixFilter)) {
                continue;
            }
            key.append(r.key());
            n.append(r.compared());
            err.append(r.maxAbsErr());
            ok.append(r.pass() ? "ok" : "FAIL");
        }
        return Table.create(report.summaryLine(), key, n, err, ok);
    }

    /** Per key-group (prefix up to the second '/') counts and worst error of an oracle report. */
    public static Table oracleSummary(VerifyOracle.Report report) {
        Map<String, double[]> groups = new java.util.LinkedHashMap<>();
        for (VerifyOracle.KeyResult r : report.results()) {
            String k = r.key();
            int first = k.indexOf('/');
            int second = k.indexOf('/', first + 1);
            String g = k.startsWith("out/") && second > 0 ? k.substring(0, second) : k.substring(0, Math.max(first, 0));
            double[] a = groups.computeIfAbsent(g, x -> new double[3]);
            a[0]++;
            a[1] = Math.max(a[1], r.maxAbsErr());
            a[2] += r.pass() ? 0 : 1;
        }
        StringColumn group = StringColumn.create("group");
        IntColumn keys = IntColumn.create("keys");
        DoubleColumn err = DoubleColumn.create("max abs err");
        IntColumn failed = IntColumn.create("failed");
        for (var e : groups.entrySet()) {
            group.append(e.getKey());
            keys.append((int) e.getValue()[0]);
            err.append(e.getValue()[1]);
            failed.append((int) e.getValue()[2]);
        }
        return Table.create(report.summaryLine(), group, keys, err, failed);
    }
}
