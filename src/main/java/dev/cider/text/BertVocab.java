package dev.cider.text;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The bert-base-uncased WordPiece vocabulary (30,522 entries): word to id and back.
 *
 * <p>It is read from the {@code bert-tokenizer.json} resource that ships inside the
 * {@code dev.langchain4j:langchain4j-embeddings} jar (a Hugging Face tokenizer file; its
 * {@code model.vocab} object maps each token to its id). The reference model's text input is
 * bert-base-uncased token ids (reference spec 2.2), with the special ids below (spec 3.1, 3.4).
 *
 * <p>This class does not tokenise: it looks whole words up. The synthetic generator
 * ({@code dev.cider.data.SyntheticCider}) uses only words that are single vocabulary entries, so
 * one word is one id. Full WordPiece tokenisation is {@code dev.cider.text.BertTokenizer}.
 */
public final class BertVocab {
    /** [PAD]: padding id. */
    public static final int PAD = 0;
    /** [UNK]: unknown token; also the id a dropped (missing) text token gets (spec 3.1). */
    public static final int UNK = 100;
    /** [CLS]: first token of every sequence. */
    public static final int CLS = 101;
    /** [SEP]: last valid token of every sequence. */
    public static final int SEP = 102;
    /** [MASK]: the id counterfactual text puts in place of non-bias words (spec 3.4). */
    public static final int MASK = 103;
    /** Name of the classpath resource holding the tokenizer JSON. */
    public static final String RESOURCE = "bert-tokenizer.json";

    private static volatile BertVocab cached;

    private final Map<String, Integer> ids;
    private final String[] words;
    private final String source;

    private BertVocab(Map<String, Integer> ids, String[] words, String source) {
        this.ids = ids;
        this.words = words;
        this.source = source;
    }

    /** The bert-base-uncased vocabulary from the classpath resource (loaded once, then shared; it is immutable). */
    public static BertVocab load() {
        BertVocab v = cached;
        if (v == null) {
            synchronized (BertVocab.class) {
                v = cached;
                if (v == null) {
                    ClassLoader cl = BertVocab.class.getClassLoader();
                    try (InputStream in = cl.getResourceAsStream(RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException("classpath resource '" + RESOURCE + "' not found: it ships in "
                                    + "dev.langchain4j:langchain4j-embeddings; is that jar on the classpath?");
                        }
                        v = fromJson(new InputStreamReader(in, StandardCharsets.UTF_8), "classpath:" + RESOURCE);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read classpath resource " + RESOURCE, e);
                    }
                    cached = v;
                }
            }
        }
        return v;
    }

    /**
     * Parses a Hugging Face tokenizer JSON ({@code model.vocab}: token to id). Ids must be unique,
     * non-negative and dense (0..n-1); anything else is an error naming {@code source}.
     */
    public static BertVocab fromJson(Reader json, String source) {
        JsonObject root;
        try {
            root = JsonParser.parseReader(json).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(source + ": not a tokenizer JSON object: " + e.getMessage(), e);
        }
        JsonElement model = root.get("model");
        if (model == null || !model.isJsonObject() || !model.getAsJsonObject().has("vocab")
                || !model.getAsJsonObject().get("vocab").isJsonObject()) {
            throw new IllegalArgumentException(source + ": no 'model.vocab' object");
        }
        JsonObject vocab = model.getAsJsonObject().getAsJsonObject("vocab");
        Map<String, Integer> ids = new HashMap<>(vocab.size() * 2);
        String[] words = new String[vocab.size()];
        for (Map.Entry<String, JsonElement> e : vocab.entrySet()) {
            int id;
            try {
                id = e.getValue().getAsInt();
            } catch (RuntimeException ex) {
                throw new IllegalArgumentException(source + ": model.vocab['" + e.getKey() + "'] is not an integer id");
            }
            if (id < 0 || id >= words.length || words[id] != null) {
                throw new IllegalArgumentException(source + ": model.vocab['" + e.getKey() + "'] = " + id
                        + " is out of range or duplicated (vocabulary of " + words.length + ")");
            }
            words[id] = e.getKey();
            ids.put(e.getKey(), id);
        }
        String[] specials = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};
        int[] expected = {PAD, UNK, CLS, SEP, MASK};
        for (int i = 0; i < specials.length; i++) {
            Integer got = ids.get(specials[i]);
            if (got == null || got != expected[i]) {
                throw new IllegalArgumentException(source + ": " + specials[i] + " has id " + got + ", expected "
                        + expected[i] + " (not a bert-base-uncased vocabulary)");
            }
        }
        return new BertVocab(Collections.unmodifiableMap(ids), words, source);
    }

    /** Number of entries (30,522 for bert-base-uncased). */
    public int size() {
        return words.length;
    }

    /** Where the vocabulary was read from. */
    public String source() {
        return source;
    }

    /** The id of a vocabulary entry, if present (exact match; the vocabulary is lower-case). */
    public OptionalInt find(String word) {
        Integer id = ids.get(word);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** True if {@code word} is one vocabulary entry (so it tokenises to exactly one id). */
    public boolean contains(String word) {
        return ids.containsKey(word);
    }

    /** The id of a word; a word that is not a single entry is an error naming it. */
    public int id(String word) {
        Integer id = ids.get(word);
        if (id == null) {
            throw new IllegalArgumentException("'" + word + "' is not a single bert-base-uncased vocabulary entry");
        }
        return id;
    }

    /** The id of a word, or {@link #UNK} when it is not a single entry. */
    public int idOrUnk(String word) {
        Integer id = ids.get(word);
        return id == null ? UNK : id;
    }

    /** The entry of an id; an id outside [0, size) is an error. */
    public String word(int id) {
        if (id < 0 || id >= words.length) {
            throw new IllegalArgumentException("token id " + id + " outside the vocabulary [0, " + words.length + ")");
        }
        return words[id];
    }

    /**
     * The entries of the ids up to the first [PAD], joined by spaces (WordPiece pieces are shown as
     * they are, e.g. "##ing"), e.g. "[CLS] it was good [SEP]".
     */
    public String decode(int[] ids) {
        StringBuilder b = new StringBuilder();
        for (int id : ids) {
            if (id == PAD) {
                break;
            }
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(word(id));
        }
        return b.toString();
    }

    /** True for the five special ids {0, 100, 101, 102, 103} that bias-word counting skips (spec 3.5). */
    public static boolean isSpecial(int id) {
        return id == PAD || (id >= UNK && id <= MASK);
    }
}
