package dev.cider.kernel;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RichRendererTest {
    private final RichRenderer r = new RichRenderer(new Renderer());

    /** A stand-in with the Markdown convention. */
    public static final class Md {
        public String toMarkdown() {
            return "# t";
        }

        @Override
        public String toString() {
            return "t";
        }
    }

    @Test
    void imagesBecomePng() {
        DisplayData d = r.render(new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB));
        byte[] png = Base64.getDecoder().decode((String) d.getData(MIMEType.IMAGE_PNG));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        assertEquals("image 3x2", d.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void toMarkdownObjectsBecomeMarkdownAndOthersText() {
        DisplayData d = r.render(new Md());
        assertEquals("# t", d.getData(MIMEType.TEXT_MARKDOWN));
        assertEquals("t", d.getData(MIMEType.TEXT_PLAIN));
        DisplayData plain = r.render(List.of(1, 2));
        assertEquals("[1, 2]", plain.getData(MIMEType.TEXT_PLAIN));
        assertNull(plain.getData(MIMEType.TEXT_HTML));
        assertEquals("null", r.render(null).getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void renderAsKeepsOnlyTheRequestedTypes() {
        DisplayData d = r.renderAs(new Md(), "text/markdown");
        assertEquals("# t", d.getData(MIMEType.TEXT_MARKDOWN));
        DisplayData s = r.renderAs("<b>x</b>", "text/html", "text/markdown");
        assertEquals("<b>x</b>", s.getData(MIMEType.TEXT_HTML));
        assertEquals("<b>x</b>", s.getData(MIMEType.TEXT_MARKDOWN));
        assertEquals("<b>x</b>", s.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void classNamesAreMatchedThroughSuperclassesAndInterfaces() {
        assertTrue(RichRenderer.isA(java.util.ArrayList.class, "java.util.AbstractList"));
        assertTrue(RichRenderer.isA(java.util.ArrayList.class, "java.util.Collection"));
        assertFalse(RichRenderer.isA(String.class, RichRenderer.TABLESAW_RELATION));
        // a public method reached through a public interface of a non-public class
        assertEquals(java.util.List.class, RichRenderer.findPublic(List.of(1).getClass(), "size").getDeclaringClass());
    }

    @Test
    void htmlIsEscaped() {
        assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;", RichRenderer.escape("<a href=\"x\">&"));
    }

    @Test
    void magicArgumentsSplitLikeAShell() {
        assertEquals(List.of("a", "b c", "d\"e"), CiderKernel.splitArgs(" a \"b c\"  d\\\"e "));
        assertEquals(List.of(), CiderKernel.splitArgs("   "));
        CellException e = org.junit.jupiter.api.Assertions.assertThrows(CellException.class,
                () -> CiderKernel.splitArgs("\"open"));
        assertTrue(e.getMessage().contains("unclosed quote"));
    }
}
