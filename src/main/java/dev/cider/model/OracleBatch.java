package dev.cider.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import dev.cider.ProjectPaths;
import dev.cider.util.Npz;
import dev.cider.util.NpyArray;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The batch of an oracle forward fixture (oracle README) as model inputs, with the model built from
 * its sidecar config and its {@code param/*} loaded: the real reference batch for tests, the
 * notebook and {@link VerifyOracle}.
 *
 * @param file the forward fixture
 * @param config the sidecar's {@code config}
 * @param model the model with the fixture's initial parameters θ0
 * @param teacher complete view, train prototypes and priors
 * @param student incomplete view (text_m, audio_m, vision_m), train prototypes and priors
 * @param evalPrototypes (C, P) the eval mean prototype repeated per class
 * @param evalPriors (C) uniform priors
 * @param counterfactualText (B, T_l, d_l) BERT output of the counterfactual text
 * @param labels (B) classes
 * @param dropped text/audio/vision dropped-position masks (input mask − missing mask)
 */
public record OracleBatch(Path file, JsonObject config, CiderModel model, CiderInput teacher, CiderInput student,
                          NDArray evalPrototypes, NDArray evalPriors, NDArray counterfactualText, NDArray labels,
                          NDArray[] dropped) {
    /** The public forward fixture's path inside the shared folder. */
    public static final String DEFAULT_FIXTURE = "oracle/cider_mosi_unaligned_c3_l3_h8.npz";

    /** The public forward fixture, if ../shared is present. */
    public static Optional<Path> defaultFixture() {
        return ProjectPaths.sharedFile(DEFAULT_FIXTURE);
    }

    /** Loads a forward fixture (it must hold {@code param/} and {@code in/} keys). */
    public static OracleBatch load(Path forwardNpz, NDManager m) {
        return load(Npz.read(forwardNpz), VerifyOracle.sidecar(forwardNpz), m);
    }

    static OracleBatch load(Npz f, JsonObject json, NDManager m) {
        if (!json.has("config")) {
            throw new IllegalArgumentException(f.file() + ": sidecar has no 'config'");
        }
        JsonObject config = json.getAsJsonObject("config");
        CiderModel model = VerifyOracle.modelFromConfig(config);
        model.initialize(m);
        VerifyOracle.loadParams(model, f, "param/");
        int c = model.numClasses();
        NDArray textMask = f32(m, f, "in/text_mask");
        NDArray audioMask = f32(m, f, "in/audio_mask");
        NDArray visionMask = f32(m, f, "in/vision_mask");
        NDArray protos = f32(m, f, "in/cls_feats_train");
        NDArray priors = f32(m, f, "in/cls_probs_train");
        NDArray evalProtos = f32(m, f, "in/cls_feats_eval").reshape(1, -1).repeat(0, c);
        NDArray evalPriors = f32(m, f, "in/cls_probs_eval");
        NDArray audio = f32(m, f, "in/audio");
        NDArray vision = f32(m, f, "in/vision");
        CiderInput teacher = CiderInput.ofFeatures(f32(m, f, "in/bert_out"), textMask, audio, audioMask, vision,
                visionMask, protos, priors);
        CiderInput student = CiderInput.ofFeatures(f32(m, f, "in/bert_out_m"), textMask, f32(m, f, "in/audio_m"),
                audioMask, f32(m, f, "in/vision_m"), visionMask, protos, priors);
        NDArray[] dropped = {textMask.sub(f32(m, f, "in/text_missing_mask")),
            audioMask.sub(f32(m, f, "in/audio_missing_mask")), visionMask.sub(f32(m, f, "in/vision_missing_mask"))};
        NDArray labels = m.create(f.get("in/labels").longs(), new Shape(f.get("in/labels").shape()));
        return new OracleBatch(f.file(), config, model, teacher, student, evalProtos, evalPriors,
                f32(m, f, "in/bert_out_cf"), labels, dropped);
    }

    static NDArray f32(NDManager m, Npz npz, String key) {
        NpyArray a = npz.get(key);
        return m.create(a.floats(), new Shape(a.shape()));
    }

    /** The two-stage-update batch of this fixture (targets: teacher audio/vision). */
    public DistillationBatch distillationBatch() {
        return new DistillationBatch(teacher, student, labels, teacher.audio(), teacher.vision(), dropped[0],
                dropped[1], dropped[2]);
    }
}
