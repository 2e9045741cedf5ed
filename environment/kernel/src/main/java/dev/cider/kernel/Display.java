package dev.cider.kernel;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;

import java.util.List;
import java.util.UUID;

/**
 * The static helpers every cell sees ({@code import static dev.cider.kernel.Display.*} runs at
 * start-up), with IJava's names and signatures: {@code display(obj)}, {@code display(obj, mime...)},
 * {@code updateDisplay(id, obj)}, {@code render(obj)} and {@code lineMagic(name, args)}. Notebooks
 * that only call these run unchanged in IJava.
 */
public final class Display {
    private Display() {}

    /** Shows {@code o} below the cell (chart and image as PNG, table as HTML, ...); returns its display id. */
    public static String display(Object o) {
        return show(CiderKernel.instance().renderer().render(o));
    }

    /** Shows {@code o} as the given MIME types (e.g. {@code "text/html"}); returns its display id. */
    public static String display(Object o, String... mimeTypes) {
        return show(CiderKernel.instance().renderer().renderAs(o, mimeTypes));
    }

    /** Replaces the output shown under display id {@code id}. */
    public static void updateDisplay(String id, Object o) {
        CiderKernel.instance().getIO().display.updateDisplay(id, CiderKernel.instance().renderer().render(o));
    }

    /** Replaces the output shown under display id {@code id}, as the given MIME types. */
    public static void updateDisplay(String id, Object o, String... mimeTypes) {
        CiderKernel.instance().getIO().display.updateDisplay(id, CiderKernel.instance().renderer().renderAs(o, mimeTypes));
    }

    /** The display data {@code display(o)} would show. */
    public static DisplayData render(Object o) {
        return CiderKernel.instance().renderer().render(o);
    }

    /** The display data {@code display(o, mimeTypes)} would show. */
    public static DisplayData render(Object o, String... mimeTypes) {
        return CiderKernel.instance().renderer().renderAs(o, mimeTypes);
    }

    /** Runs a line magic from code, e.g. {@code lineMagic("jars", List.of("lib/*.jar"))}. */
    public static Object lineMagic(String name, List<String> args) {
        return CiderKernel.instance().runLineMagic(name, args);
    }

    private static String show(DisplayData data) {
        String id = data.getDisplayId();
        if (id == null) {
            id = UUID.randomUUID().toString();
            data.setDisplayId(id);
        }
        CiderKernel.instance().display(data);
        return id;
    }
}
