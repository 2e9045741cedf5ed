package dev.cider.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cider.ProjectPaths;
import dev.cider.model.CiderInput;
import dev.cider.model.CiderModel;
import dev.cider.model.DistillationBatch;
import dev.cider.model.TwoStageUpdate;
import dev.cider.model.VerifyOracle;
import dev.cider.util.Npz;
import dev.cider.util.NpyArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The oracle's one reference training batch (oracle README "The training step") driven through
 * {@link Trainer#step}: the parameters after the two Adam steps equal {@code param_after/*} within
 * 1e-5, except the entries the fixture flags as decided by rounding noise.
 */
class TrainerOracleTest {

    private static NDArray f32(NDManager m, Npz npz, String key) {
        NpyArray a = npz.get(key);
        return m.create(a.floats(), new Shape(a.shape()));
    }

    @Test
    void trainerStepMatchesOracleParametersAfterUpdate() throws Exception {
        java.util.Optional<Path> shared = ProjectPaths.shared();
        Assumptions.assumeTrue(shared.isPresent(), "../shared absent");
        Path dir = shared.get().resolve("oracle");
        Path fwd = dir.resolve("cider_mosi_unaligned_c3_l3_h8.npz");
        Path stu = dir.resolve("cider_mosi_unaligned_c3_l3_h8_student.npz");
        Assumptions.assumeTrue(Files.isRegularFile(fwd) && Files.isRegularFile(stu), "oracle fixtures absent");
        JsonObject sidecar = JsonParser.parseString(Files.readString(dir.resolve("cider_mosi_unaligned_c3_l3_h8.json")))
                .getAsJsonObject();
        Npz f = Npz.read(fwd);
        Npz s = Npz.read(stu);
        try (NDManager m = NDManager.newBaseManager()) {
            CiderModel model = VerifyOracle.modelFromConfig(sidecar.getAsJsonObject("config"));
            model.initialize(m);
            Map<String, float[]> values = new LinkedHashMap<>();
            Map<String, long[]> shapes = new HashMap<>();
            for (String name : model.torchStateDict().keySet()) {
                values.put(name, f.get("param/" + name).floats());
                shapes.put(name, f.get("param/" + name).shape());
            }
            model.loadTorchParameters(values, shapes, fwd.toString());
            TrainConfig cfg = TrainConfig.defaults();
            cfg.layers = model.numLayers();
            cfg.heads = model.numHeads();
            cfg.attnDropout = 0;
            cfg.outDropout = 0;
            cfg.embedDropout = 0;
            cfg.reluDropout = 0;
            cfg.resDropout = 0;
            assertEquals(1e-3, cfg.lr);
            NDArray textMask = f32(m, f, "in/text_mask");
            NDArray audioMask = f32(m, f, "in/audio_mask");
            NDArray visionMask = f32(m, f, "in/vision_mask");
            NDArray protos = f32(m, f, "in/cls_feats_train");
            NDArray priors = f32(m, f, "in/cls_probs_train");
            NDArray audio = f32(m, f, "in/audio");
            NDArray vision = f32(m, f, "in/vision");
            NDArray labels = m.create(f.get("in/labels").longs());
            CiderInput teacher = CiderInput.ofFeatures(f32(m, f, "in/bert_out"), textMask, audio, audioMask, vision,
                    visionMask, protos, priors);
            CiderInput student = CiderInput.ofFeatures(f32(m, f, "in/bert_out_m"), textMask, f32(m, f, "in/audio_m"),
                    audioMask, f32(m, f, "in/vision_m"), visionMask, protos, priors);
            DistillationBatch batch = new DistillationBatch(teacher, student, labels, audio, vision,
                    textMask.sub(f32(m, f, "in/text_missing_mask")), audioMask.sub(f32(m, f, "in/audio_missing_mask")),
                    visionMask.sub(f32(m, f, "in/vision_missing_mask")));
            try (Trainer trainer = Trainer.builder().setConfig(cfg).optModel(model).build()) {
                TwoStageUpdate.StepResult r = trainer.step(batch);
                assertEquals(s.get("out/update/step2_total").floats()[0], r.total(), 1e-5);
                int compared = 0;
                for (var e : model.torchStateDict().entrySet()) {
                    String key = "param_after/" + e.getKey();
                    float[] want = s.get(key).floats();
                    float[] got = e.getValue().getArray().toFloatArray();
                    Set<Integer> skip = new HashSet<>();
                    String meta = "meta/param_after_noise_sensitive_idx/" + e.getKey();
                    if (s.has(meta)) {
                        for (long i : s.get(meta).longs()) {
                            skip.add(Math.toIntExact(i));
                        }
                    }
                    for (int i = 0; i < want.length; i++) {
                        if (!skip.contains(i)) {
                            assertEquals(want[i], got[i], 1e-5, key + "[" + i + "]");
                            compared++;
                        }
                    }
                    int steps = trainer.optimizer().stepCount(e.getValue());
                    boolean recon = model.reconstructionParameters().contains(e.getValue());
                    assertEquals(recon ? 1 : 2, steps, "Adam step count of " + e.getKey());
                }
                assertTrue(compared > 200_000, "compared " + compared + " entries");
            }
        }
    }
}
