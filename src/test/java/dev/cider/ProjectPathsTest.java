package dev.cider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProjectPathsTest {

    @Test
    void smokeScaleWritesUnderTargetAndAPropertyOverrides() {
        String scale = System.getProperty("cider.scale");
        String results = System.getProperty("cider.results");
        try {
            System.clearProperty("cider.results");
            System.setProperty("cider.scale", "smoke");
            assertEquals(ProjectPaths.root().resolve("target/results-smoke"), ProjectPaths.results());
            System.setProperty("cider.scale", "quick");
            if (System.getenv("CIDER_RESULTS") == null) {
                assertEquals(ProjectPaths.root().resolve("results"), ProjectPaths.results());
            }
            System.setProperty("cider.results", "/tmp/elsewhere");
            assertEquals(Path.of("/tmp/elsewhere"), ProjectPaths.results());
        } finally {
            restore("cider.scale", scale);
            restore("cider.results", results);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
