package dev.cider.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BertTokenizerTest {
    static BertTokenizer tok;

    @BeforeAll
    static void load() {
        tok = BertTokenizer.load();
    }

    @AfterAll
    static void close() {
        tok.close();
    }

    @Test
    void specialIdsMatchBertBaseUncased() {
        assertEquals(0, tok.id("[PAD]"));
        assertEquals(100, tok.id("[UNK]"));
        assertEquals(101, tok.id("[CLS]"));
        assertEquals(102, tok.id("[SEP]"));
        assertEquals(103, tok.id("[MASK]"));
        assertEquals("[MASK]", tok.token(BertTokenizer.MASK_ID));
        assertEquals(30522, tok.vocabSize());
        assertThrows(IllegalArgumentException.class, () -> tok.token(30522));
        assertThrows(IllegalArgumentException.class, () -> tok.id("notawordpiecetoken"));
    }

    @Test
    void knownSentence() {
        // ids of bert-base-uncased (the standard HuggingFace example "Hello, my dog is cute")
        BertTokenizer.Encoding e = tok.encode("Hello, my dog is cute", 10);
        assertArrayEquals(new int[] {101, 7592, 1010, 2026, 3899, 2003, 10140, 102, 0, 0}, e.ids());
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 0, 0}, e.attentionMask());
        assertArrayEquals(new int[10], e.segmentIds());
        assertEquals(8, e.length());
        assertEquals(List.of("hello", ",", "my", "dog", "is", "cute"), tok.tokens("Hello, my dog is cute"));
    }

    @Test
    void lowerCasesAndSplitsWordPieces() {
        assertEquals(tok.tokens("the movie was playing"), tok.tokens("THE Movie WAS Playing"));
        // a rare word splits into a head piece and "##" continuations that spell it again
        List<String> t = tok.tokens("unaffable");
        assertEquals(true, t.size() > 1);
        assertEquals(false, t.get(0).startsWith("##"));
        StringBuilder joined = new StringBuilder(t.get(0));
        for (String piece : t.subList(1, t.size())) {
            assertEquals(true, piece.startsWith("##"), piece);
            joined.append(piece.substring(2));
        }
        assertEquals("unaffable", joined.toString());
        assertEquals(t.size(), tok.tokenCount("unaffable"));
        for (String piece : t) {
            assertEquals(piece, tok.token(tok.id(piece)));
        }
    }

    @Test
    void truncationKeepsSepAndPaddingIsZero() {
        String text = "one two three four five six seven eight nine ten";
        BertTokenizer.Encoding e = tok.encode(text, 6);
        assertEquals(101, e.ids()[0]);
        assertEquals(102, e.ids()[5]);
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1}, e.attentionMask());
        BertTokenizer.Encoding full = tok.encode(text, 20);
        assertArrayEquals(java.util.Arrays.copyOfRange(full.ids(), 1, 5), java.util.Arrays.copyOfRange(e.ids(), 1, 5));
        BertTokenizer.Encoding empty = tok.encode("", 4);
        assertArrayEquals(new int[] {101, 102, 0, 0}, empty.ids());
        assertThrows(IllegalArgumentException.class, () -> tok.encode("x", 1));
    }

    @Test
    void decodeRoundTrips() {
        BertTokenizer.Encoding e = tok.encode("anyhow it was really good", 12);
        assertEquals("anyhow it was really good", tok.decode(e.ids(), true));
    }
}
