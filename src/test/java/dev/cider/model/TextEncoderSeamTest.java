package dev.cider.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import dev.cider.data.DatasetDims;
import org.junit.jupiter.api.Test;

/** A text encoder block plugged in front of the model (fine-tuning mode) gets gradients and its own optimizer groups. */
class TextEncoderSeamTest {
    static final DatasetDims DIMS = new DatasetDims("tiny-synthetic", 5, 7, 6, 12, 3, 4, false);

    /** A toy stand-in for BERT: a token-embedding table (ids → d_l), plus a LayerNorm-typed scale. */
    static final class ToyEncoder extends AbstractBlock {
        final Parameter table;
        final Parameter gamma;

        ToyEncoder(int vocab, int dim) {
            table = addParameter(Parameter.builder().setName("word_embeddings").setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(vocab, dim)).optInitializer(new NormalInitializer(0.5f)).build());
            gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA)
                    .optShape(new Shape(dim)).optInitializer(new NormalInitializer(0.1f)).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
            NDArray ids = in.get(0);
            int vocab = Math.toIntExact(table.getArray().getShape().get(0));
            NDArray oneHot = ids.toType(DataType.INT64, false).oneHot(vocab).toType(DataType.FLOAT32, false);
            return new NDList(oneHot.matMul(ps.getValue(table, ids.getDevice(), training))
                    .mul(ps.getValue(gamma, ids.getDevice(), training)));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] in) {
            return new Shape[] {new Shape(in[0].get(0), in[0].get(1), table.getArray().getShape().get(1))};
        }
    }

    @Test
    void encoderRunsInsideThePassAndReceivesGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(4);
            ToyEncoder enc = new ToyEncoder(30, 12);
            CiderModel model = CiderModel.builder().setDims(DIMS).setNumClasses(3).optLayers(1).optHeads(2)
                    .optEmbedDim(8).optAllDropouts(0f).optTextEncoder(enc).build().initialize(m);
            assertEquals(2, model.textEncoderParameters().size());
            CiderInput feats = SyntheticInputs.view(m, DIMS, 2, 3, 7);
            NDArray ids = m.create(new long[] {1, 5, 9, 2, 0, 1, 7, 2, 0, 0}, new Shape(2, 5));
            CiderInput tokens = CiderInput.ofTokens(ids, null, feats.textMask(), feats.audio(), feats.audioMask(),
                    feats.vision(), feats.visionMask(), feats.prototypes(), feats.priors());
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                CiderOutput o = model.forward(new ParameterStore(m, false), tokens, true, false, null);
                assertEquals(new Shape(2, 5, 12), o.textFeatures().getShape());
                gc.backward(CiderLosses.taskNll(o.pred(), m.create(new long[] {0, 2})));
            }
            float[] g = enc.table.getArray().getGradient().toFloatArray();
            double used = 0;
            double unused = 0;
            for (int j = 0; j < 12; j++) {
                used += Math.abs(g[9 * 12 + j]);   // token 9 occurs
                unused += Math.abs(g[20 * 12 + j]); // token 20 never occurs
            }
            assertTrue(used > 0, "the encoder must receive gradient");
            assertEquals(0.0, unused);
            try (ReferenceAdam adam = ReferenceAdam.forCider(model, m, 1e-3, 5e-5, 1e-3)) {
                assertEquals(3, adam.groups().size());
                assertEquals(0.001, adam.groups().get(1).weightDecay()); // BERT weights: wd 0.001
                assertEquals(enc.table, adam.groups().get(1).parameters().get(0));
                assertEquals(enc.gamma, adam.groups().get(2).parameters().get(0)); // LayerNorm-type: no decay
            }
        }
    }

    @Test
    void tokensWithoutAnEncoderAreRejected() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(4);
            CiderModel model = CiderModel.builder().setDims(DIMS).setNumClasses(3).optLayers(1).optHeads(2)
                    .optEmbedDim(8).build().initialize(m);
            CiderInput feats = SyntheticInputs.view(m, DIMS, 2, 3, 7);
            CiderInput tokens = CiderInput.ofTokens(m.zeros(new Shape(2, 5), DataType.INT64), null, feats.textMask(),
                    feats.audio(), feats.audioMask(), feats.vision(), feats.visionMask(), feats.prototypes(), feats.priors());
            var e = assertThrows(IllegalArgumentException.class,
                    () -> model.forward(new ParameterStore(m, false), tokens, false, false, null));
            assertTrue(e.getMessage().contains("text encoder"), e.getMessage());
        }
    }
}
