package dev.cider.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

    @Test
    void stopsAfterPatienceEpochsWithoutImprovement() {
        EarlyStopping es = new EarlyStopping(2);
        assertTrue(es.update(0, 0.5));
        assertFalse(es.update(1, 0.5)); // equal is not strictly better
        assertFalse(es.shouldStop());
        assertTrue(es.update(2, 0.6));
        assertFalse(es.update(3, Double.NaN));
        assertFalse(es.update(4, 0.1));
        assertTrue(es.shouldStop());
        assertEquals(2, es.bestEpoch());
        assertEquals(0.6, es.best());
    }

    @Test
    void restoredStateContinuesIdentically() {
        EarlyStopping a = new EarlyStopping(3);
        a.update(0, 0.4);
        a.update(1, 0.3);
        EarlyStopping b = EarlyStopping.restore(3, a.best(), a.bestEpoch(), a.patienceLeft());
        assertEquals(a.update(2, 0.2), b.update(2, 0.2));
        assertEquals(a.patienceLeft(), b.patienceLeft());
    }

    @Test
    void progressBarPrintsBoundedLines() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar("train", 100, new PrintStream(buf, true, StandardCharsets.UTF_8), 4);
        for (int i = 1; i <= 100; i++) {
            bar.update(i, "loss 0.5");
        }
        String[] lines = buf.toString(StandardCharsets.UTF_8).trim().split("\n");
        assertEquals(5, lines.length); // the first step, then one line per quarter
        assertTrue(lines[4].contains("100/100 100%"), lines[4]);
        assertTrue(lines[4].endsWith("loss 0.5"));
        assertEquals("1:01:01", ProgressBar.clock(3661));
    }
}
