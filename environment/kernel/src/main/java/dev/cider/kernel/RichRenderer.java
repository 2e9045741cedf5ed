package dev.cider.kernel;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.common.Image;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Turns notebook values into Jupyter display data.
 *
 * <p>Libraries the kernel does not bundle are recognised by class name and driven by reflection, so
 * the kernel jar stays small and works with whatever versions the notebook's classpath holds:
 * <ul>
 *   <li>XChart charts (subclasses of {@code org.knowm.xchart.internal.chartpart.Chart}) become PNG
 *       through {@code org.knowm.xchart.BitmapEncoder.getBufferedImage};</li>
 *   <li>Tablesaw tables ({@code tech.tablesaw.table.Relation}) become an HTML table plus the
 *       plain-text {@code print()};</li>
 *   <li>any object with a public no-argument {@code toMarkdown()} (or {@code toHtml()}) returning a
 *       String becomes {@code text/markdown} (or {@code text/html});</li>
 *   <li>{@link RenderedImage}s (e.g. {@code BufferedImage}) become PNG; everything else is text.</li>
 * </ul>
 */
public final class RichRenderer {
    static final String XCHART_CHART = "org.knowm.xchart.internal.chartpart.Chart";
    static final String XCHART_ENCODER = "org.knowm.xchart.BitmapEncoder";
    static final String TABLESAW_RELATION = "tech.tablesaw.table.Relation";
    /** Rows shown of a Tablesaw table (head); the rest is summarised in one line. */
    static final int MAX_TABLE_ROWS = 60;

    private final Renderer base;

    public RichRenderer(Renderer base) {
        this.base = base;
    }

    /** Renders with the best representation available (see the class comment). */
    public DisplayData render(Object value) {
        if (value instanceof DisplayData d) {
            return d;
        }
        if (value == null) {
            return new DisplayData("null");
        }
        try {
            if (isA(value.getClass(), XCHART_CHART)) {
                return renderChart(value);
            }
            if (isA(value.getClass(), TABLESAW_RELATION)) {
                return renderTable(value);
            }
            Method md = publicNoArg(value.getClass(), "toMarkdown");
            if (md != null && md.getReturnType() == String.class) {
                DisplayData d = new DisplayData(String.valueOf(value));
                d.putMarkdown((String) md.invoke(value));
                return d;
            }
            Method html = publicNoArg(value.getClass(), "toHtml");
            if (html != null && html.getReturnType() == String.class) {
                DisplayData d = new DisplayData(String.valueOf(value));
                d.putHTML((String) html.invoke(value));
                return d;
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot render a " + value.getClass().getName() + ": " + e, e);
        }
        if (value instanceof RenderedImage img) {
            DisplayData d = new DisplayData(describeImage(img));
            d.putData(Image.PNG, png(img));
            return d;
        }
        return base.render(value);
    }

    /**
     * Renders as the requested MIME types (IJava's {@code display(obj, "text/html")}). A String is taken
     * to be text of the requested types, so {@code display("**bold**", "text/markdown")} shows Markdown.
     */
    public DisplayData renderAs(Object value, String... mimeTypes) {
        if (value instanceof CharSequence text) {   // display("**x**", "text/markdown"): the text is that type
            DisplayData d = new DisplayData(text.toString());
            for (String m : mimeTypes) {
                d.putData(m, text.toString());
            }
            return d;
        }
        DisplayData rich = render(value);
        DisplayData out = new DisplayData(String.valueOf(value));
        boolean any = false;
        for (String m : mimeTypes) {
            Object data = rich.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.parse(m));
            if (data != null) {
                out.putData(m, data);
                any = true;
            }
        }
        return any ? out : base.renderAs(value, mimeTypes);
    }

    private DisplayData renderChart(Object chart) throws ReflectiveOperationException {
        Class<?> encoder = Class.forName(XCHART_ENCODER, true, chart.getClass().getClassLoader());
        Method toImage = null;
        for (Method m : encoder.getMethods()) {
            if (m.getName().equals("getBufferedImage") && m.getParameterCount() == 1
                    && m.getParameterTypes()[0].isInstance(chart) && Modifier.isStatic(m.getModifiers())) {
                toImage = m;
            }
        }
        if (toImage == null) {
            throw new NoSuchMethodException(XCHART_ENCODER + ".getBufferedImage(" + chart.getClass().getName() + ")");
        }
        RenderedImage img = (RenderedImage) toImage.invoke(null, chart);
        String title = "";
        Method getTitle = publicNoArg(chart.getClass(), "getTitle");
        if (getTitle != null) {
            title = String.valueOf(getTitle.invoke(chart));
        }
        DisplayData d = new DisplayData(chart.getClass().getSimpleName() + " '" + title + "' ("
                + img.getWidth() + "x" + img.getHeight() + ")");
        d.putData(Image.PNG, png(img));
        return d;
    }

    private DisplayData renderTable(Object table) throws ReflectiveOperationException {
        Class<?> c = table.getClass();
        int rows = (Integer) call(table, "rowCount");
        int cols = (Integer) call(table, "columnCount");
        @SuppressWarnings("unchecked")
        List<String> names = new ArrayList<>((List<String>) call(table, "columnNames"));
        String name = String.valueOf(call(table, "name"));
        int shown = Math.min(rows, MAX_TABLE_ROWS);
        Method getString = findPublic(c, "getString", int.class, int.class);
        StringBuilder h = new StringBuilder();
        h.append("<table class=\"cider-table\">");
        if (name != null && !name.isBlank() && !"null".equals(name)) {
            h.append("<caption>").append(escape(name)).append("</caption>");
        }
        h.append("<thead><tr>");
        for (String n : names) {
            h.append("<th>").append(escape(n)).append("</th>");
        }
        h.append("</tr></thead><tbody>");
        for (int r = 0; r < shown; r++) {
            h.append("<tr>");
            for (int col = 0; col < cols; col++) {
                h.append("<td>").append(escape(String.valueOf(getString.invoke(table, r, col)))).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</tbody></table>");
        if (rows > shown) {
            h.append("<p>").append(rows - shown).append(" more rows (").append(rows).append(" in all)</p>");
        }
        Method print = findPublic(c, "print", int.class);
        String text = print != null ? (String) print.invoke(table, shown) : String.valueOf(table);
        DisplayData d = new DisplayData(text);
        d.putHTML(h.toString());
        return d;
    }

    private static Object call(Object target, String method) throws ReflectiveOperationException {
        Method m = findPublic(target.getClass(), method);
        if (m == null) {
            throw new NoSuchMethodException(target.getClass().getName() + "." + method + "()");
        }
        return m.invoke(target);
    }

    /** A public method callable through a public class or interface (implementation classes may be hidden). */
    static Method findPublic(Class<?> c, String name, Class<?>... params) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            if (Modifier.isPublic(k.getModifiers())) {
                try {
                    return k.getMethod(name, params);
                } catch (NoSuchMethodException ignored) {
                    // try the superclass
                }
            }
            for (Class<?> i : k.getInterfaces()) {
                Method m = findPublic(i, name, params);
                if (m != null) {
                    return m;
                }
            }
        }
        return null;
    }

    private static Method publicNoArg(Class<?> c, String name) {
        Method m = findPublic(c, name);
        return m != null && !Modifier.isStatic(m.getModifiers()) ? m : null;
    }

    /** True when {@code c}, a superclass or an implemented interface has the given name. */
    static boolean isA(Class<?> c, String className) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            if (k.getName().equals(className)) {
                return true;
            }
            for (Class<?> i : k.getInterfaces()) {
                if (isA(i, className)) {
                    return true;
                }
            }
        }
        return false;
    }

    static String png(RenderedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("no PNG writer for image " + img);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode image as PNG: " + e.getMessage(), e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    private static String describeImage(RenderedImage img) {
        return "image " + img.getWidth() + "x" + img.getHeight();
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
