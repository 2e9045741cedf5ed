package dev.cider.kernel;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CellEvaluatorTest {
    private static CellEvaluator eval;

    @BeforeAll
    static void start() {
        eval = new CellEvaluator(List.of());
        eval.startup(List.of());
    }

    @AfterAll
    static void stop() {
        eval.close();
    }

    @Test
    void lastExpressionValueIsTheRealObject() {
        CellEvaluator.Result r = eval.eval("int a = 20;\nvar sb = new StringBuilder(\"x\");\nsb");
        assertTrue(r.value() instanceof StringBuilder);
        assertEquals(22, eval.eval("a + 2").value());
        assertNull(eval.eval("a + 2;"), "a trailing ';' hides the value");
        assertNull(eval.eval("int b = 3;"));
        assertEquals(List.of(1, 2), eval.eval("new ArrayList<>(List.of(1, 2))").value(), "default imports");
    }

    @Test
    void compileErrorsCarryJavacsMessageAndACaret() {
        CellException e = assertThrows(CellException.class, () -> eval.eval("int c = 1;\nString s = c;"));
        assertEquals("CompilationException", e.errorName());
        assertTrue(e.getMessage().contains("incompatible types"), e.getMessage());
        assertTrue(e.traceback().contains("String s = c;"), e.traceback().toString());
        assertTrue(e.traceback().stream().anyMatch(l -> l.strip().equals("^")), e.traceback().toString());
    }

    @Test
    void exceptionsCarryTheJavaClassMessageAndCauses() {
        CellException e = assertThrows(CellException.class,
                () -> eval.eval("throw new IllegalArgumentException(\"bad\", new java.io.IOException(\"io\"))"));
        assertEquals("java.lang.IllegalArgumentException", e.errorName());
        assertEquals("bad", e.getMessage());
        assertEquals("java.lang.IllegalArgumentException: bad", e.traceback().get(0));
        assertTrue(e.traceback().contains("Caused by: java.io.IOException: io"), e.traceback().toString());
    }

    @Test
    void declarationsWithMissingTypesAreErrors() {
        CellException e = assertThrows(CellException.class, () -> eval.eval("NoSuchType t = null;"));
        assertEquals("CompilationException", e.errorName());
        assertTrue(e.getMessage().contains("NoSuchType"), e.getMessage());
    }

    @Test
    void snippetsRunWithTheirClassLoaderAsContextLoader() {
        Object loader = eval.eval("Thread.currentThread().getContextClassLoader()").value();
        Object own = eval.eval("class Probe {}\nnew Probe().getClass().getClassLoader()").value();
        assertEquals(own, loader);
    }

    @Test
    void isCompleteAnswersInJupyterTerms() {
        assertEquals("complete", eval.isComplete("1 + 1"));
        assertEquals("    ", eval.isComplete("if (true) {"));
    }
}
