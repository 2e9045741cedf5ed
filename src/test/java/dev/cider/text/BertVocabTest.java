package dev.cider.text;

import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.*;

class BertVocabTest {

    @Test
    void loadsBertBaseUncased() {
        BertVocab v = BertVocab.load();
        assertEquals(30522, v.size());
        assertEquals("[PAD]", v.word(BertVocab.PAD));
        assertEquals("[UNK]", v.word(BertVocab.UNK));
        assertEquals("[CLS]", v.word(BertVocab.CLS));
        assertEquals("[SEP]", v.word(BertVocab.SEP));
        assertEquals("[MASK]", v.word(BertVocab.MASK));
        assertEquals(2204, v.id("good"));   // well-known bert-base-uncased ids
        assertEquals(1996, v.id("the"));
        assertEquals("movie", v.word(v.id("movie")));
        assertFalse(v.contains("Good"), "uncased vocabulary has no capitals");
        assertEquals(BertVocab.UNK, v.idOrUnk("notaword12345"));
        assertThrows(IllegalArgumentException.class, () -> v.id("notaword12345"));
        assertThrows(IllegalArgumentException.class, () -> v.word(30522));
        assertEquals("[CLS] the movie [SEP]", v.decode(new int[]{101, 1996, 3185, 102, 0, 0}));
        assertSame(v, BertVocab.load());
    }

    @Test
    void specialIds() {
        for (int id : new int[]{0, 100, 101, 102, 103}) {
            assertTrue(BertVocab.isSpecial(id));
        }
        for (int id : new int[]{1, 99, 104, 2204}) {
            assertFalse(BertVocab.isSpecial(id));
        }
    }

    @Test
    void badJsonIsRejectedWithItsSource() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BertVocab.fromJson(new StringReader("{\"model\": {}}"), "x.json"));
        assertTrue(e.getMessage().contains("x.json"));
        assertThrows(IllegalArgumentException.class, () -> BertVocab.fromJson(new StringReader("not json"), "y.json"));
        assertThrows(IllegalArgumentException.class, () -> BertVocab.fromJson(
                new StringReader("{\"model\": {\"vocab\": {\"a\": 0, \"b\": 0}}}"), "dup.json"));
        // a dense vocabulary without BERT's special ids is not bert-base-uncased
        assertThrows(IllegalArgumentException.class, () -> BertVocab.fromJson(
                new StringReader("{\"model\": {\"vocab\": {\"a\": 0, \"b\": 1}}}"), "small.json"));
    }
}
