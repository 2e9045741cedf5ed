package dev.cider.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bert-base-uncased WordPiece tokenizer the paper's text encoder uses (paper III-A: BERT
 * encodes the text; reference spec 2.2: MMSA's {@code text_bert} rows are its ids, attention mask
 * and segment ids at T_l = 50).
 *
 * <p>It runs DJL's {@link HuggingFaceTokenizer} (the Rust {@code tokenizers} library) on the
 * {@code bert-tokenizer.json} resource shipped in the {@code dev.langchain4j:langchain4j-embeddings}
 * jar: BertNormalizer (lower-casing, accent stripping, Chinese-character splitting, control
 * characters removed), BertPreTokenizer, WordPiece over the 30,522-token vocabulary, and the
 * {@code [CLS] text [SEP]} template. Special ids: 0 [PAD], 100 [UNK], 101 [CLS], 102 [SEP],
 * 103 [MASK]. The file's own truncation (128) and padding settings are switched off; {@link #encode}
 * truncates and pads itself, so one instance serves every length.
 *
 * <p>Holds a native tokenizer: {@link #close()} frees it (it is also freed when collected).
 */
public final class BertTokenizer implements AutoCloseable {
    /** The classpath resource with the tokenizer definition (in langchain4j-embeddings). */
    public static final String RESOURCE = "bert-tokenizer.json";
    /** [PAD] id; padding positions also have attention mask 0. */
    public static final int PAD_ID = 0;
    /** [UNK] id; also the reference's replacement for a dropped text token (spec 3.1). */
    public static final int UNK_ID = 100;
    /** [CLS] id, always at position 0. */
    public static final int CLS_ID = 101;
    /** [SEP] id, at position length - 1. */
    public static final int SEP_ID = 102;
    /** [MASK] id; the counterfactual text's replacement for non-bias words (spec 3.4). */
    public static final int MASK_ID = 103;
    /** Vocabulary size of bert-base-uncased. */
    public static final int VOCAB_SIZE = 30522;

    /** One encoded utterance: three rows of length maxLength, as MMSA's {@code text_bert} (3, T_l). */
    public record Encoding(int[] ids, int[] attentionMask, int[] segmentIds) {
        /** Number of valid tokens ([CLS] and [SEP] included). */
        public int length() {
            int n = 0;
            for (int m : attentionMask) {
                n += m;
            }
            return n;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Encoding e && Arrays.equals(ids, e.ids) && Arrays.equals(attentionMask, e.attentionMask)
                    && Arrays.equals(segmentIds, e.segmentIds);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Arrays.hashCode(ids) + Arrays.hashCode(attentionMask)) + Arrays.hashCode(segmentIds);
        }

        @Override
        public String toString() {
            return "Encoding{ids=" + Arrays.toString(ids) + ", length=" + length() + "}";
        }
    }

    private final HuggingFaceTokenizer tokenizer;
    private final Map<String, Integer> vocab;
    private final String[] byId;

    private BertTokenizer(HuggingFaceTokenizer tokenizer, Map<String, Integer> vocab) {
        this.tokenizer = tokenizer;
        this.vocab = vocab;
        this.byId = new String[vocab.size()];
        vocab.forEach((t, i) -> byId[i] = t);
        for (int i = 0; i < byId.length; i++) {
            if (byId[i] == null) {
                throw new IllegalStateException(RESOURCE + ": vocabulary has no token with id " + i);
            }
        }
    }

    /** Loads bert-base-uncased from the classpath resource {@value #RESOURCE}. */
    public static BertTokenizer load() {
        try (InputStream in = BertTokenizer.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + RESOURCE
                        + " not found: dev.langchain4j:langchain4j-embeddings must be on the classpath");
            }
            return fromJson(in.readAllBytes(), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** Loads a BERT WordPiece {@code tokenizer.json} given as bytes ({@code source} names it in errors). */
    public static BertTokenizer fromJson(byte[] json, String source) throws IOException {
        Map<String, Integer> vocab = new HashMap<>();
        try {
            JsonObject root = JsonParser.parseString(new String(json, StandardCharsets.UTF_8)).getAsJsonObject();
            JsonObject model = root.getAsJsonObject("model");
            if (model == null || !"WordPiece".equals(model.get("type").getAsString())) {
                throw new IllegalArgumentException(source + ": not a WordPiece tokenizer.json");
            }
            for (Map.Entry<String, JsonElement> e : model.getAsJsonObject("vocab").entrySet()) {
                vocab.put(e.getKey(), e.getValue().getAsInt());
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(source + ": not a valid tokenizer.json: " + e.getMessage(), e);
        }
        Map<String, String> options = Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false");
        HuggingFaceTokenizer tok = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), options);
        return new BertTokenizer(tok, Map.copyOf(vocab));
    }

    /**
     * Encodes {@code [CLS] text [SEP]}: truncated to {@code maxLength} (keeping [SEP] last, as the
     * HuggingFace tokenizer with {@code truncation=True} does), padded with [PAD] = 0 and attention
     * mask 0; segment ids are all 0 (one sentence).
     */
    public Encoding encode(String text, int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must be >= 2 for [CLS] and [SEP], got " + maxLength);
        }
        long[] full = tokenizer.encode(text == null ? "" : text, true, false).getIds();
        int n = Math.min(full.length, maxLength);
        int[] ids = new int[maxLength];
        int[] mask = new int[maxLength];
        for (int i = 0; i < n; i++) {
            ids[i] = Math.toIntExact(full[i]);
            mask[i] = 1;
        }
        if (full.length > maxLength) {
            ids[maxLength - 1] = SEP_ID;
        }
        return new Encoding(ids, mask, new int[maxLength]);
    }

    /** The number of WordPiece tokens of {@code text}, without [CLS] and [SEP]. */
    public int tokenCount(String text) {
        return tokenizer.encode(text == null ? "" : text, false, false).getIds().length;
    }

    /** The WordPiece tokens of {@code text} (lower-cased, no [CLS]/[SEP]), e.g. "playing" -&gt; [play, ##ing]. */
    public List<String> tokens(String text) {
        return List.of(tokenizer.encode(text == null ? "" : text, false, false).getTokens());
    }

    /** The id of a vocabulary token; an unknown token is an error (use {@link #UNK_ID} yourself if intended). */
    public int id(String token) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new IllegalArgumentException("token '" + token + "' is not in the bert-base-uncased vocabulary");
        }
        return id;
    }

    /** Whether {@code token} is in the vocabulary. */
    public boolean contains(String token) {
        return vocab.containsKey(token);
    }

    /** The token of an id in [0, {@link #vocabSize()}). */
    public String token(int id) {
        if (id < 0 || id >= byId.length) {
            throw new IllegalArgumentException("token id " + id + " outside [0, " + byId.length + ")");
        }
        return byId[id];
    }

    /** Vocabulary size (30,522). */
    public int vocabSize() {
        return byId.length;
    }

    /** Joins WordPiece ids back into text, skipping [PAD] (and other specials if asked). */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        long[] l = Arrays.stream(ids).filter(i -> i != PAD_ID).asLongStream().toArray();
        return tokenizer.decode(l, skipSpecialTokens);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
