package dev.cider.missing;

/**
 * The bert-base-uncased special token ids the missing-data generators rely on (reference spec 3.1
 * and 3.4).
 */
public final class TextTokens {
    private TextTokens() {}

    /** [PAD]: padding, never modified by a missing pattern. */
    public static final int PAD = 0;
    /** [UNK]: what a dropped valid text token becomes. */
    public static final int UNK = 100;
    /** [CLS] at position 0, never dropped. */
    public static final int CLS = 101;
    /** [SEP] at position length-1, never dropped. */
    public static final int SEP = 102;
    /** [MASK], used by the counterfactual text (not by the missing patterns). */
    public static final int MASK = 103;
}
