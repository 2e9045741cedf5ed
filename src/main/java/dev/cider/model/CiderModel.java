package dev.cider.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.cider.data.DatasetDims;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * CIDer (paper section III, Fig. 2; spec section 4): text encoder output → Conv1D projections →
 * WSAM (unaligned) → three GRUs → MCT (MCA layers) → naive attention per modality → fusion MLP →
 * MCM head; the MSSD reconstruction heads run in the student pass only.
 *
 * <p>Built with {@link #builder()}: dims from {@link DatasetDims}, classes C, layers L, heads H,
 * embed dim D (32), dropouts, and the ablation switches of the study's Table V
 * ({@link Builder#optUseWsam}, {@link Builder#optMctVariant}, {@link Builder#optUseMcm}) and the
 * positional quirk ({@link Builder#optPositionalMode}). Defaults are the reference model.
 *
 * <p>The text encoder (BERT) is a seam: by default the model takes the encoder's last hidden state
 * {@code (B, T_l, d_l)} as input, as the oracle fixtures do; a DJL block taking
 * {@code (ids, mask, segment ids)} and returning {@code (B, T_l, d_l)} can be plugged in front with
 * {@link Builder#optTextEncoder} (fine-tuning mode; its parameters then belong to the model, see
 * {@link #textEncoderParameters()}).
 *
 * <p>Parameters are reachable by the reference's PyTorch {@code state_dict} names
 * ({@link #torchStateDict()}), e.g. {@code multimodal_transformer.layers.0.self_attn.in_proj_weight}.
 */
public final class CiderModel extends CiderBlock {
    private final DatasetDims dims;
    private final int numClasses;
    private final int dim;
    private final int heads;
    private final int layers;
    private final boolean useWsam;
    private final boolean useMcm;
    private final MctVariant mctVariant;
    private final PositionalMode positionalMode;
    private final Block textEncoder;
    private final ModalityProjection projL;
    private final ModalityProjection projA;
    private final ModalityProjection projV;
    private final Wsam aCompress;
    private final Wsam vCompress;
    private final ModalityGru gruT;
    private final ModalityGru gruA;
    private final ModalityGru gruV;
    private final MultimodalCompositeTransformer mct;
    private final NaiveAttention attnL;
    private final NaiveAttention attnA;
    private final NaiveAttention attnV;
    private final SelfDistillationHeads recon;
    private final FusionMlp fusion;
    private final CiderBlock head;

    private CiderModel(Builder b) {
        dims = b.dims;
        numClasses = b.numClasses;
        dim = b.embedDim;
        heads = b.heads;
        layers = b.layers;
        useWsam = b.useWsam;
        useMcm = b.useMcm;
        mctVariant = b.mctVariant;
        positionalMode = b.positionalMode;
        int tl = dims.textLength();
        textEncoder = b.textEncoder == null ? null
                : child("text_model", b.textEncoder, new Shape(1, tl), new Shape(1, tl), new Shape(1, tl));
        projL = child("proj_l", ModalityProjection.builder().setInputDim(dims.textDim()).optOutputDim(dim).build(), new Shape());
        projA = child("proj_a", ModalityProjection.builder().setInputDim(dims.audioDim()).optOutputDim(dim).build(), new Shape());
        projV = child("proj_v", ModalityProjection.builder().setInputDim(dims.visionDim()).optOutputDim(dim).build(), new Shape());
        aCompress = child("a_compress", Wsam.builder().optEmbedDim(dim).build(), new Shape());
        vCompress = child("v_compress", Wsam.builder().optEmbedDim(dim).build(), new Shape());
        gruT = child("t", ModalityGru.builder().optEmbedDim(dim).build(), new Shape());
        gruA = child("a", ModalityGru.builder().optEmbedDim(dim).build(), new Shape());
        gruV = child("v", ModalityGru.builder().optEmbedDim(dim).build(), new Shape());
        mct = child("multimodal_transformer", MultimodalCompositeTransformer.builder().optEmbedDim(dim)
                .setNumHeads(heads).setNumLayers(layers).optVariant(mctVariant).optPositionalMode(positionalMode)
                .optAttentionDropout(b.attnDropout).optReluDropout(b.reluDropout).optResDropout(b.resDropout)
                .optEmbedDropout(b.embedDropout).build(), new Shape());
        attnL = child("attn_l", NaiveAttention.builder().optEmbedDim(dim).build(), new Shape());
        attnA = child("attn_a", NaiveAttention.builder().optEmbedDim(dim).build(), new Shape());
        attnV = child("attn_v", NaiveAttention.builder().optEmbedDim(dim).build(), new Shape());
        recon = child("recon", SelfDistillationHeads.builder().optEmbedDim(dim).setTextLength(tl)
                .setAudioLength(dims.audioLength()).setVisionLength(dims.visionLength()).optTextDim(dims.textDim())
                .setAudioDim(dims.audioDim()).setVisionDim(dims.visionDim()).build(), new Shape());
        fusion = child("fusion", FusionMlp.builder().optWidth(3 * dim).optOutDropout(b.outDropout).build(), new Shape());
        head = useMcm
                ? child("mcm", MultimodalCausalModule.builder().setNumClasses(numClasses).optEmbedDim(dim)
                        .optTextDim(dims.textDim()).setAudioDim(dims.audioDim()).setVisionDim(dims.visionDim()).build(),
                        new Shape())
                : child("linear_head", LinearHead.builder().optWidth(3 * dim).setNumClasses(numClasses).build(), new Shape());
    }

    /** A builder; {@code setDims} and {@code setNumClasses} are required. */
    public static Builder builder() { return new Builder(); }

    /** Initialises every parameter (float32) with the reference's initialisers; seeds come from the engine RNG. */
    public CiderModel initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape());
        return this;
    }

    /**
     * Runs one forward pass.
     *
     * @param ps the parameter store (a {@link TrackingParameterStore} records which parameters were used)
     * @param in the batch view
     * @param training train mode (dropout active)
     * @param reconstruct run the MSSD reconstruction heads (student pass)
     * @param trace if non-null, receives every intermediate under the oracle's key names, in the
     *     reference's layouts (see the oracle README "Layout conventions")
     */
    public CiderOutput forward(ParameterStore ps, CiderInput in, boolean training, boolean reconstruct,
                               Map<String, NDArray> trace) {
        NDArray textFeat = in.textFeatures();
        if (textFeat == null) {
            if (textEncoder == null || in.textIds() == null) {
                throw new IllegalArgumentException("CiderInput has no text features and the model has no text encoder"
                        + " (or no text ids were given)");
            }
            NDArray seg = in.segmentIds() != null ? in.segmentIds() : in.textIds().zerosLike();
            textFeat = textEncoder.forward(ps, new NDList(in.textIds(), in.textMask(), seg), training).get(0);
        }
        checkShape("text features", textFeat, -1, dims.textLength(), dims.textDim());
        long b = textFeat.getShape().get(0);
        checkShape("audio", in.audio(), b, dims.audioLength(), dims.audioDim());
        checkShape("vision", in.vision(), b, dims.visionLength(), dims.visionDim());
        checkShape("text mask", in.textMask(), b, dims.textLength());
        checkShape("audio mask", in.audioMask(), b, dims.audioLength());
        checkShape("vision mask", in.visionMask(), b, dims.visionLength());
        checkFinite("text features", textFeat);
        checkFinite("audio", in.audio());
        checkFinite("vision", in.vision());
        checkFinite("prototypes", in.prototypes());
        checkFinite("priors", in.priors());

        NDArray pl = run(projL, ps, textFeat, training);
        NDArray pa = run(projA, ps, in.audio(), training);
        NDArray pv = run(projV, ps, in.vision(), training);
        if (trace != null) {
            trace.put("proj_l", pl.transpose(0, 2, 1));
            trace.put("proj_a", pa.transpose(0, 2, 1));
            trace.put("proj_v", pv.transpose(0, 2, 1));
        }
        NDArray ca;
        NDArray cv;
        if (dims.aligned()) {
            ca = pa;
            cv = pv;
        } else if (useWsam) {
            NDList oa = aCompress.forward(ps, new NDList(pl, pa, Wsam.referenceMask(in.textMask(), in.audioMask())), training);
            NDList ov = vCompress.forward(ps, new NDList(pl, pv, Wsam.referenceMask(in.textMask(), in.visionMask())), training);
            ca = oa.get(0);
            cv = ov.get(0);
            if (trace != null) {
                trace.put("wsam_a", ca.transpose(1, 0, 2));
                trace.put("wsam_v", cv.transpose(1, 0, 2));
                trace.put("wsam_a_weights", oa.get(1));
                trace.put("wsam_v_weights", ov.get(1));
            }
        } else {
            ca = spanAverage(pa, dims.textLength());
            cv = spanAverage(pv, dims.textLength());
        }
        NDArray gl = run(gruT, ps, pl, training);
        NDArray ga = run(gruA, ps, ca, training);
        NDArray gv = run(gruV, ps, cv, training);
        NDArray concat = NDArrays.concat(new NDList(gl, ga, gv), 1);
        NDList mo = mct.forward(ps, new NDList(concat), training);
        NDArray mctOut = mo.get(0);
        NDArray scores = mo.get(1);
        if (trace != null) {
            trace.put("gru_l", gl.transpose(1, 0, 2));
            trace.put("gru_a", ga.transpose(1, 0, 2));
            trace.put("gru_v", gv.transpose(1, 0, 2));
            trace.put("mct_concat", concat.transpose(1, 0, 2));
            if (positionalMode == PositionalMode.REFERENCE_BATCH_INDEX) {
                trace.put("mct_pos_added", mo.get(2));
                trace.put("mct_input", concat.add(mo.get(2).expandDims(1)).transpose(1, 0, 2));
            }
            for (int i = 0; i < layers; i++) {
                trace.put("mct_layer" + i + "_out", mo.get(3 + 2 * i).transpose(1, 0, 2));
                trace.put("mct_layer" + i + "_mca", mo.get(4 + 2 * i).transpose(1, 0, 2));
            }
            for (int k = 3 + 2 * layers; k < mo.size(); k++) {
                trace.put("mct_last_branch" + (k - 3 - 2 * layers), mo.get(k).transpose(1, 0, 2));
            }
            trace.put("mct_out", mctOut.transpose(1, 0, 2));
            trace.put("attn_scores_last", scores);
        }
        int t = dims.textLength();
        NaiveAttention[] nas = {attnL, attnA, attnV};
        String[] mods = {"l", "a", "v"};
        NDList pooled = new NDList();
        for (int i = 0; i < 3; i++) {
            NDList na = nas[i].forward(ps, new NDList(mctOut.get(new NDIndex(":, {}:{}", i * t, (i + 1) * t))), training);
            pooled.add(na.get(0));
            if (trace != null) {
                trace.put("na_scores_" + mods[i], na.get(2));
                trace.put("na_weights_" + mods[i], na.get(1));
                trace.put("na_pooled_" + mods[i], na.get(0));
            }
        }
        NDArray h = NDArrays.concat(pooled, 1);
        NDList fo = fusion.forward(ps, new NDList(h), training);
        NDArray z = fo.get(0);
        NDList ho = head.forward(ps, new NDList(z, in.prototypes(), in.priors()), training);
        NDArray pred = ho.get(0);
        if (trace != null) {
            trace.put("fusion_h", h);
            trace.put("proj1_out", fo.get(1));
            trace.put("z", z);
            if (useMcm) {
                Shape es = new Shape(numClasses, b, dim);
                trace.put("mcm_enc_l", ho.get(1).expandDims(1).broadcast(es));
                trace.put("mcm_enc_a", ho.get(2).expandDims(1).broadcast(es));
                trace.put("mcm_enc_v", ho.get(3).expandDims(1).broadcast(es));
                trace.put("mcm_logits", ho.get(4));
            }
            trace.put("pred", pred);
        }
        NDArray rt = null;
        NDArray ra = null;
        NDArray rv = null;
        if (reconstruct) {
            NDList ro = recon.forward(ps, new NDList(mctOut), training);
            rt = ro.get(0);
            ra = ro.get(1);
            rv = ro.get(2);
            if (trace != null) {
                trace.put("recon_text", rt);
                trace.put("recon_audio", ra);
                trace.put("recon_vision", rv);
            }
        }
        return new CiderOutput(pred, z, scores, mctOut, textFeat, rt, ra, rv);
    }

    /**
     * The {@code optUseWsam(false)} stand-in for unaligned data: adaptive average pooling of the
     * (B, T, D) sequence to T_l contiguous spans [floor(i·T/T_l), ceil((i+1)·T/T_l)) (as PyTorch's
     * {@code adaptive_avg_pool1d}), over the padded length, as a fixed (T_l, T) averaging matrix.
     */
    static NDArray spanAverage(NDArray x, int tl) {
        int tt = Math.toIntExact(x.getShape().get(1));
        float[] a = new float[tl * tt];
        for (int i = 0; i < tl; i++) {
            int s = (int) Math.floor((double) i * tt / tl);
            int e = (int) Math.ceil((double) (i + 1) * tt / tl);
            for (int j = s; j < e; j++) {
                a[i * tt + j] = 1f / (e - s);
            }
        }
        return x.getManager().create(a, new Shape(tl, tt)).matMul(x);
    }

    private static void checkFinite(String what, NDArray a) {
        if (a == null) {
            throw new IllegalArgumentException("CiderInput: " + what + " is missing");
        }
        if (a.isNaN().logicalOr(a.isInfinite()).any().getBoolean()) {
            throw new IllegalArgumentException("CiderInput: " + what + " holds NaN or infinite values"
                    + " (MMSA features carry -inf padding: zero it when loading)");
        }
    }

    private static void checkShape(String what, NDArray a, long b, long... rest) {
        if (a == null) {
            throw new IllegalArgumentException("CiderInput: " + what + " is missing");
        }
        Shape s = a.getShape();
        boolean ok = s.dimension() == rest.length + 1 && (b < 0 || s.get(0) == b);
        for (int i = 0; ok && i < rest.length; i++) {
            ok = s.get(i + 1) == rest[i];
        }
        if (!ok) {
            throw new IllegalArgumentException("CiderInput: " + what + " must be (" + (b < 0 ? "B" : b) + ", "
                    + Arrays.toString(rest).replaceAll("[\\[\\]]", "") + "), got " + s);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        if (inputs.size() != 8) {
            throw new IllegalArgumentException("CiderModel expects 8 inputs (text features, text mask, audio, audio mask,"
                    + " vision, vision mask, prototypes, priors), got " + inputs.size());
        }
        CiderInput in = CiderInput.ofFeatures(inputs.get(0), inputs.get(1), inputs.get(2), inputs.get(3), inputs.get(4),
                inputs.get(5), inputs.get(6), inputs.get(7));
        CiderOutput o = forward(ps, in, training, false, null);
        return new NDList(o.pred(), o.jointRep(), o.attentionScores(), o.mctOut());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        long b = in[0].get(0);
        int n = 3 * dims.textLength();
        return new Shape[] {new Shape(b, numClasses), new Shape(b, 3L * dim), new Shape(b * heads, n, n),
            new Shape(b, n, dim)};
    }

    @Override
    public void torchParameters(String prefix, Map<String, Parameter> out) {
        projL.torchParameters(prefix + "proj_l.", out);
        projA.torchParameters(prefix + "proj_a.", out);
        projV.torchParameters(prefix + "proj_v.", out);
        aCompress.torchParameters(prefix + "a_compress.", out);
        vCompress.torchParameters(prefix + "v_compress.", out);
        gruT.torchParameters(prefix + "t.", out);
        gruA.torchParameters(prefix + "a.", out);
        gruV.torchParameters(prefix + "v.", out);
        mct.torchParameters(prefix + "multimodal_transformer.", out);
        attnL.torchParameters(prefix + "attn_l.", out);
        attnA.torchParameters(prefix + "attn_a.", out);
        attnV.torchParameters(prefix + "attn_v.", out);
        recon.torchParameters(prefix, out);
        fusion.torchParameters(prefix, out);
        ((TorchNamed) head).torchParameters(prefix, out);
    }

    /** Every parameter after the text encoder, by its PyTorch {@code state_dict} name, in the reference's order. */
    public Map<String, Parameter> torchStateDict() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        torchParameters("", out);
        return out;
    }

    /** The text encoder's parameters (empty without one): the reference's BERT optimizer groups. */
    public java.util.List<Parameter> textEncoderParameters() {
        return textEncoder == null ? java.util.List.of()
                : textEncoder.getParameters().values();
    }

    /** The MSSD reconstruction heads' parameters (unused in the teacher pass). */
    public java.util.Collection<Parameter> reconstructionParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        recon.torchParameters("", out);
        return out.values();
    }

    /**
     * Parameter counts per reference module (the first component of the PyTorch name, e.g.
     * {@code proj_l}, {@code multimodal_transformer}, {@code classifiers}), text encoder excluded,
     * in the reference's order — as {@code train.py}'s "CIDer Parameters" (spec section 6).
     */
    public Map<String, Long> parameterCountsByModule() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (var e : torchStateDict().entrySet()) {
            String module = e.getKey().substring(0, e.getKey().indexOf('.'));
            out.merge(module, e.getValue().getArray().getShape().size(), Long::sum);
        }
        return out;
    }

    /** Total parameters without the text encoder (276,566 for MOSI unaligned, C = 3, L = 3). */
    public long countParameters() {
        return parameterCountsByModule().values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Copies values into the parameters by PyTorch name. Every name must exist and every shape must
     * match; nothing is written unless all checks pass.
     *
     * @param values name → C-order float values
     * @param shapes name → shape
     * @param source what the values come from, for error messages (e.g. a file name)
     */
    public void loadTorchParameters(Map<String, float[]> values, Map<String, long[]> shapes, String source) {
        Map<String, Parameter> sd = torchStateDict();
        for (var e : values.entrySet()) {
            Parameter p = sd.get(e.getKey());
            if (p == null) {
                throw new IllegalArgumentException(source + ": unknown parameter '" + e.getKey() + "' for this model");
            }
            Shape want = p.getArray().getShape();
            long[] got = shapes.get(e.getKey());
            if (got == null || !want.equals(new Shape(got))) {
                throw new IllegalArgumentException(source + ": parameter '" + e.getKey() + "' has shape "
                        + (got == null ? "?" : Arrays.toString(got)) + ", model expects " + want);
            }
            for (float f : e.getValue()) {
                if (!Float.isFinite(f)) {
                    throw new IllegalArgumentException(source + ": parameter '" + e.getKey() + "' holds NaN/Inf");
                }
            }
        }
        for (var e : values.entrySet()) {
            sd.get(e.getKey()).getArray().set(FloatBuffer.wrap(e.getValue()));
        }
    }

    public DatasetDims dims() { return dims; }

    public int numClasses() { return numClasses; }

    public int embedDim() { return dim; }

    public int numHeads() { return heads; }

    public int numLayers() { return layers; }

    public boolean usesMcm() { return useMcm; }

    public boolean usesWsam() { return useWsam && !dims.aligned(); }

    public MctVariant mctVariant() { return mctVariant; }

    public PositionalMode positionalMode() { return positionalMode; }

    /** Builder of {@link CiderModel}. */
    public static final class Builder {
        private DatasetDims dims;
        private int numClasses = -1;
        private int layers = 3;
        private int heads = 8;
        private int embedDim = 32;
        private float attnDropout;
        private float reluDropout = 0.1f;
        private float resDropout = 0.1f;
        private float outDropout = 0.3f;
        private float embedDropout = 0.2f;
        private boolean useWsam = true;
        private boolean useMcm = true;
        private MctVariant mctVariant = MctVariant.COMPOSITE;
        private PositionalMode positionalMode = PositionalMode.REFERENCE_BATCH_INDEX;
        private Block textEncoder;

        /** Dataset sizes (T_l, T_a, T_v, d_l, d_a, d_v, aligned). Required. */
        public Builder setDims(DatasetDims d) { dims = Objects.requireNonNull(d, "dims"); return this; }

        /** Number of classes C (3 for the "binary" task, 7 for "seven"). Required. */
        public Builder setNumClasses(int c) { numClasses = c; return this; }

        /** MCT layers L (default 3, the shipped {@code main_run.py}). */
        public Builder optLayers(int l) { layers = l; return this; }

        /** Attention heads H (default 8); must divide the embed dim. */
        public Builder optHeads(int h) { heads = h; return this; }

        /** Embed dim D (default 32). */
        public Builder optEmbedDim(int d) { embedDim = d; return this; }

        /** Attention dropout of the MCA's full branch (default 0.0). */
        public Builder optAttnDropout(float p) { attnDropout = p; return this; }

        /** FFN ReLU dropout (default 0.1). */
        public Builder optReluDropout(float p) { reluDropout = p; return this; }

        /** Residual dropout (default 0.1). */
        public Builder optResDropout(float p) { resDropout = p; return this; }

        /** Fusion output dropout (default 0.3). */
        public Builder optOutDropout(float p) { outDropout = p; return this; }

        /** Embedding dropout after the positional term (default 0.2). */
        public Builder optEmbedDropout(float p) { embedDropout = p; return this; }

        /** Sets all five dropouts to {@code p} (the oracle fixtures use 0). */
        public Builder optAllDropouts(float p) {
            attnDropout = p;
            reluDropout = p;
            resDropout = p;
            outDropout = p;
            embedDropout = p;
            return this;
        }

        /**
         * Table V "w/o WSAM" (default true). Without WSAM, unaligned audio/vision are average-pooled
         * to T_l contiguous spans over the padded length ({@link #spanAverage}); WSAM's parameters
         * still exist (as in the reference's aligned mode). No effect on aligned data.
         */
        public Builder optUseWsam(boolean b) { useWsam = b; return this; }

        /** Table V "w/o MCA": {@link MctVariant#PLAIN} uses a plain attention (default COMPOSITE). */
        public Builder optMctVariant(MctVariant v) { mctVariant = Objects.requireNonNull(v, "mct variant"); return this; }

        /** Table V "w/o MACI": false uses Linear(3D → C) + log-softmax instead of the MCM (default true). */
        public Builder optUseMcm(boolean b) { useMcm = b; return this; }

        /** The positional term (default the reference's batch-index quirk). */
        public Builder optPositionalMode(PositionalMode p) { positionalMode = Objects.requireNonNull(p, "positional mode"); return this; }

        /**
         * A text encoder in front (fine-tuning mode): a block mapping (ids, mask, segment ids), each
         * (B, T_l), to the last hidden state (B, T_l, d_l). May be initialised already.
         */
        public Builder optTextEncoder(Block encoder) { textEncoder = encoder; return this; }

        public CiderModel build() {
            if (dims == null) {
                throw new IllegalArgumentException("CiderModel: setDims is required");
            }
            if (numClasses < 2) {
                throw new IllegalArgumentException("CiderModel: numClasses must be >= 2, got " + numClasses);
            }
            if (layers < 1) {
                throw new IllegalArgumentException("CiderModel: layers must be >= 1, got " + layers);
            }
            MultimodalCompositeAttention.checkHeads(embedDim, heads);
            checkRate("attn_dropout", attnDropout);
            checkRate("relu_dropout", reluDropout);
            checkRate("res_dropout", resDropout);
            checkRate("out_dropout", outDropout);
            checkRate("embed_dropout", embedDropout);
            return new CiderModel(this);
        }
    }
}
