package dev.cider;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvironmentTest {

    @AfterEach
    void clearSeed() {
        System.clearProperty("cider.seed");
    }

    @Test
    void describeReportsTheProjectsPinnedVersionsAndSettings() {
        Map<String, String> d = Environment.describe();
        assertEquals(List.of("java", "os", "cpus", "djl", "engine", "pytorch", "device", "gpus", "threads",
                "interop threads", "offline", "djl cache", "scale", "seed", "commit"), List.copyOf(d.keySet()));
        assertTrue(d.get("java").startsWith(System.getProperty("java.version")), d.get("java"));
        assertEquals("0.32.0", d.get("djl"));
        assertEquals("PyTorch", d.get("engine"));
        assertEquals("2.5.1", d.get("pytorch"));
        // surefire runs with -Dcider.scale=smoke and 1 PyTorch thread (pom.xml)
        assertEquals("smoke", d.get("scale"));
        assertEquals("1", d.get("threads"));
        assertEquals("true", d.get("offline"));
        assertEquals(Integer.toString(Environment.DEFAULT_SEED), d.get("seed"));
        assertFalse(d.get("commit").isBlank());
    }

    @Test
    void seedComesFromThePropertyAndBadValuesNameTheSetting() {
        assertEquals(1111, Environment.seed());
        System.setProperty("cider.seed", " 7 ");
        assertEquals(7, Environment.seed());
        System.setProperty("cider.seed", "seven");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Environment::seed);
        assertTrue(e.getMessage().contains("cider.seed") && e.getMessage().contains("seven"), e.getMessage());
    }

    @Test
    void formatAlignsKeysAndMainPrintsEveryEntry() {
        assertEquals("a   : 1\nbbb : 2\n", Environment.format(new java.util.LinkedHashMap<>(Map.of("a", "1")) {{
            put("bbb", "2");
        }}).replace(System.lineSeparator(), "\n"));
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            Environment.main(new String[0]);
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        for (String key : List.of("java", "djl", "pytorch", "device", "threads", "scale", "seed", "commit")) {
            assertTrue(out.lines().anyMatch(l -> l.startsWith(key + " ")), key + " missing in:\n" + out);
        }
    }
}
