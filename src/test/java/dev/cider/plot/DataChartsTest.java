package dev.cider.plot;

import dev.cider.data.DatasetDims;
import dev.cider.data.MultimodalData;
import dev.cider.data.OodRepartition;
import dev.cider.data.Labels;
import dev.cider.data.SyntheticCider;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import tech.tablesaw.api.Table;

import static org.junit.jupiter.api.Assertions.*;

class DataChartsTest {

    @Test
    void chartsAndTablesOfSyntheticData() {
        MultimodalData d = SyntheticCider.builder().setSeed(2).optDims(DatasetDims.MOSI_UNALIGNED.withLengths(80, 100))
                .optScaleFraction(0.3).build().iidAndOod();
        Table schema = DataCharts.schema(d.split("train").get(0));
        assertEquals(10, schema.rowCount());
        Table summary = DataCharts.splitSummary(d);
        assertEquals(4, summary.rowCount());
        assertTrue(summary.name().contains("SYNTHETIC"));
        assertEquals(d.split("train").size(), summary.intColumn("samples").get(0));
        CategoryChart bias = DataCharts.biasWordShift(d, "train", "test_ood");
        assertEquals(2, bias.getSeriesMap().size());
        assertTrue(bias.getTitle().contains("SYNTHETIC"));
        // the bias words of the 'positive' group lean positive in train and negative in the OOD test
        double train = DataCharts.positiveShare(d.split("train"), "actually");
        double ood = DataCharts.positiveShare(d.split("test_ood"), "actually");
        assertTrue(train > 0.6 && ood < 0.4, train + " vs " + ood);
        assertNotNull(BitmapEncoder.getBufferedImage(DataCharts.labelVsCues(d, "train")));
        assertNotNull(BitmapEncoder.getBufferedImage(DataCharts.lengthHistogram(d, "train", false)));
        assertNotNull(BitmapEncoder.getBufferedImage(DataCharts.labelHistogram(d, "train")));

        OodRepartition rep = OodRepartition.builder().setSeed(3).setSizes(d.split("train").size(), d.split("valid").size())
                .optMinWordFrequency(10).optIterations(2000).build();
        MultimodalData iid = SyntheticCider.builder().setSeed(2).optDims(DatasetDims.MOSI_UNALIGNED.withLengths(80, 100))
                .optScaleFraction(0.3).build().iid();
        OodRepartition.Result r = rep.repartition(iid, Labels.Task.BINARY);
        MultimodalData repart = OodRepartition.apply(iid, r);
        assertTrue(repart.synthetic());
        assertEquals(iid.split("train").size(), repart.split("train").size());
        assertEquals(4, DataCharts.repartitionCounts(r).rowCount());
        assertEquals(5, DataCharts.topShiftedWords(r, 5).rowCount());
        assertNotNull(BitmapEncoder.getBufferedImage(DataCharts.wordLeans(r)));
    }
}
