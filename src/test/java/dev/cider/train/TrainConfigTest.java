package dev.cider.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainConfigTest {

    @Test
    void defaultsAreTheReferenceSet() {
        TrainConfig c = TrainConfig.defaults();
        assertEquals(3, c.layers);
        assertEquals(8, c.heads);
        assertEquals(0.3, c.outDropout);
        assertEquals(0.2, c.embedDropout);
        assertEquals(0.5, c.jointRepWeight);
        assertEquals(0.1, c.attnWeight);
        assertEquals(0.6, c.reconWeight);
        assertEquals(128, c.batchSize);
        assertEquals(10, c.patience);
    }

    @Test
    void roundTripsThroughAFile(@TempDir Path dir) {
        TrainConfig c = TrainConfig.defaults();
        c.layers = 2;
        c.update = "clean";
        Path f = dir.resolve("c.json");
        c.save(f);
        assertEquals(c, TrainConfig.load(f));
    }

    @Test
    void missingAndExtraFieldsAreNamed(@TempDir Path dir) throws Exception {
        String json = TrainConfig.defaults().toJson().replace("\"layers\": 3,", "\"layerz\": 3,");
        Path f = dir.resolve("bad.json");
        Files.writeString(f, json);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainConfig.load(f));
        assertTrue(e.getMessage().contains("bad.json"), e.getMessage());
        assertTrue(e.getMessage().contains("missing: [layers]"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown: [layerz]"), e.getMessage());
    }

    @Test
    void unknownOptionAndBadRangeAreErrors() {
        TrainConfig c = TrainConfig.defaults();
        c.update = "three-stage";
        assertThrows(IllegalArgumentException.class, c::validate);
        TrainConfig d = TrainConfig.defaults();
        d.outDropout = 1.5;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, d::validate);
        assertTrue(e.getMessage().contains("outDropout"));
        TrainConfig h = TrainConfig.defaults();
        h.heads = 5;
        assertThrows(IllegalArgumentException.class, h::validate);
    }

    @Test
    void notJsonIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainConfig.fromJson("{not json", "cfg.json"));
        assertTrue(e.getMessage().startsWith("cfg.json"));
    }
}
