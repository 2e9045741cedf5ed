package dev.cider.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import dev.cider.data.DatasetDims;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Parameter counts equal the reference's (spec section 6): count = fixed part + 32,480·L, BERT
 * excluded, for every non-cross dataset/task/layer configuration; per-module counts of MOSI
 * unaligned, C = 3, L = 3 as in spec 6.1.
 */
class ParameterCountTest {

    private static long count(DatasetDims dims, int c, int layers) {
        try (NDManager m = NDManager.newBaseManager()) {
            CiderModel model = CiderModel.builder().setDims(dims).setNumClasses(c).optLayers(layers).build()
                    .initialize(m);
            return model.countParameters();
        }
    }

    @Test
    void wholeTableOfSection6() {
        // spec section 6: fixed parts per (dataset setting, C)
        Object[][] table = {
            {DatasetDims.MOSI_ALIGNED, 3, 139_601L}, {DatasetDims.MOSI_ALIGNED, 7, 147_321L},
            {DatasetDims.MOSI_UNALIGNED, 3, 179_126L}, {DatasetDims.MOSI_UNALIGNED, 7, 186_846L},
            {DatasetDims.MOSEI_ALIGNED, 3, 147_749L}, {DatasetDims.MOSEI_ALIGNED, 7, 155_469L},
            {DatasetDims.MOSEI_UNALIGNED, 3, 193_649L}, {DatasetDims.MOSEI_UNALIGNED, 7, 201_369L},
        };
        for (Object[] row : table) {
            for (int layers = 1; layers <= 4; layers++) {
                DatasetDims d = (DatasetDims) row[0];
                int c = (Integer) row[1];
                long expected = (Long) row[2] + 32_480L * layers;
                assertEquals(expected, count(d, c, layers), d + " C=" + c + " L=" + layers);
            }
        }
    }

    @Test
    void perModuleCountsOfSection61() {
        try (NDManager m = NDManager.newBaseManager()) {
            CiderModel model = CiderModel.builder().setDims(DatasetDims.MOSI_UNALIGNED).setNumClasses(3).optLayers(3)
                    .build().initialize(m);
            Map<String, Long> by = model.parameterCountsByModule();
            assertEquals(276_566L, model.countParameters());
            assertEquals(24_576L, by.get("proj_l"));
            assertEquals(160L, by.get("proj_a"));
            assertEquals(640L, by.get("proj_v"));
            assertEquals(4_224L, by.get("a_compress"));
            assertEquals(4_224L, by.get("v_compress"));
            assertEquals(6_336L, by.get("t"));
            assertEquals(3 * 32_480L + 64, by.get("multimodal_transformer"));
            assertEquals(1_089L, by.get("attn_l"));
            assertEquals(25_344L, by.get("recon_text"));
            assertEquals(19_290L, by.get("recon_audio"));
            assertEquals(26_160L, by.get("recon_vision"));
            assertEquals(18_624L, by.get("proj1") + by.get("proj2"));
            assertEquals(26_720L, by.get("cls_encoders_l"));
            assertEquals(2_304L, by.get("cls_encoders_a"));
            assertEquals(2_784L, by.get("cls_encoders_v"));
            assertEquals(1_737L, by.get("classifiers"));
        }
    }
}
