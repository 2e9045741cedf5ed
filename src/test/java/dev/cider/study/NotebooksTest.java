package dev.cider.study;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NotebooksTest {

    private static float[] setupThenDraw() {
        PrintStream old = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            Notebooks.setup();
        } finally {
            System.setOut(old);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            return m.randomNormal(new ai.djl.ndarray.types.Shape(8)).toFloatArray();
        }
    }

    @Test
    void setupSeedsDjlSoThatRerunsRepeatTheNumbers() {
        float[] first = setupThenDraw();
        float[] again = setupThenDraw();
        assertArrayEquals(first, again);
        try (NDManager m = NDManager.newBaseManager()) {   // without re-seeding the stream moves on
            float[] next = m.randomNormal(new ai.djl.ndarray.types.Shape(8)).toFloatArray();
            assertTrue(!java.util.Arrays.equals(first, next));
        }
    }

    @Test
    void setupPrintsVersionsScaleAndSeed() {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            Notebooks.setup();
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("pytorch") && out.contains("2.5.1"), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("seed\\s+: 1111")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("scale\\s+: smoke")), out);
    }

    @Test
    void markdownKeepsItsTextForTheKernel() {
        Notebooks.Markdown md = Notebooks.markdown("**bold**");
        assertEquals("**bold**", md.toMarkdown());
        assertEquals("**bold**", md.toString());
        assertThrows(NullPointerException.class, () -> Notebooks.markdown(null));
    }
}
