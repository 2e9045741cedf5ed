package dev.cider.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Mask pictures show the right cells; tables hold what the model reports. */
class ModelPicturesTest {

    @Test
    void mcaPictureShowsAllowedAndBlockedBlocks() {
        int t = 10; // panel 30 tokens x 5 px
        BufferedImage img = ModelPictures.mcaMasks(t);
        int cell = 150 / 30;
        int gap = 24;
        int top = 44;
        int panel = 30 * cell;
        // panel k = 4 (SA[L]): query L x key L allowed, query A x key A blocked
        int x = gap + 4 * (panel + gap);
        int allowed = img.getRGB(x + 2 * cell, top + 2 * cell);
        int blocked = img.getRGB(x + (t + 2) * cell, top + (t + 2) * cell);
        assertNotEquals(allowed, blocked);
        // panel k = 0 (full): the A x A cell is allowed there
        assertEquals(allowed, img.getRGB(gap + (t + 2) * cell, top + (t + 2) * cell));
    }

    @Test
    void wsamPictureHasAnEmptyClsRow() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray tm = m.create(new float[] {1, 1, 1, 1, 0, 0}, new Shape(1, 6));
            NDArray am = m.create(new float[] {1, 1, 1, 0}, new Shape(1, 4));
            BufferedImage img = ModelPictures.wsamMask(tm, am, 0, "audio");
            int left = 60;
            int top = 36;
            int cw = Math.min(6, 900 / 4);
            int ch = Math.min(8, 400 / 6);
            int clsRow = img.getRGB(left + 1, top + 1);
            int wordRow = img.getRGB(left + 1, top + ch + 1);
            assertNotEquals(clsRow, wordRow);
            assertEquals(clsRow, img.getRGB(left + 3 * cw + 1, top + ch + 1)); // padded frame column
        }
    }

    @Test
    void tablesReportTheModel() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            CiderModel model = CiderModel.builder().setDims(CiderModelTest.TINY).setNumClasses(3).optLayers(1)
                    .optHeads(2).optEmbedDim(8).build().initialize(m);
            Table p = ModelTables.parameterTable(model);
            assertEquals(model.countParameters(), p.longColumn("parameters").get(p.rowCount() - 1));
            Map<String, NDArray> trace = new LinkedHashMap<>();
            model.forward(new ParameterStore(m, false), SyntheticInputs.view(m, CiderModelTest.TINY, 2, 3, 1), false, true, trace);
            Table s = ModelTables.shapeTable(trace);
            assertEquals(trace.size(), s.rowCount());
            assertEquals("(2, 3)", s.where(s.stringColumn("intermediate").isEqualTo("pred")).stringColumn("shape").get(0));
        }
    }
}
