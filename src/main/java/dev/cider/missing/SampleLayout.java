package dev.cider.missing;

import dev.cider.data.Sample;

/**
 * The valid/protected structure of one sample as the reference generator sees it (reference spec
 * 3.1): text length = index of the first 0 of the attention mask ([CLS] at 0, [SEP] at len-1), audio
 * and vision valid lengths (the text length for aligned data), and the drop flags a pattern fills.
 * Package-private machinery shared by every {@link MissingPattern}.
 */
final class SampleLayout {
    final Sample sample;
    final boolean aligned;
    final int textLen;
    final int audioValid;
    final int visionValid;
    /** Drop flags; only eligible positions (valid, not [CLS]/[SEP]) are ever honoured. */
    final boolean[] dropText;
    final boolean[] dropAudio;
    final boolean[] dropVision;

    private SampleLayout(Sample s, boolean aligned, int textLen, int audioValid, int visionValid) {
        this.sample = s;
        this.aligned = aligned;
        this.textLen = textLen;
        this.audioValid = audioValid;
        this.visionValid = visionValid;
        this.dropText = new boolean[s.textFrames()];
        this.dropAudio = new boolean[s.audioFrames()];
        this.dropVision = new boolean[s.visionFrames()];
    }

    /** Whether a sample's shape is word-aligned (T_a = T_v = T_l). */
    static boolean alignedShape(Sample s) {
        return s.audioFrames() == s.textFrames() && s.visionFrames() == s.textFrames();
    }

    /**
     * Reads a sample's layout. {@code pattern} names the caller in error messages; {@code needsAligned}
     * rejects unaligned data (TMFM, STMFM).
     */
    static SampleLayout of(Sample s, Alignment alignment, String pattern, boolean needsAligned) {
        int[] mask = s.attentionMask();
        int len = 0;
        while (len < mask.length && mask[len] != 0) {
            len++;
        }
        for (int i = 0; i < mask.length; i++) {
            int expected = i < len ? 1 : 0;
            if (mask[i] != expected) {
                throw new IllegalArgumentException(pattern + ": sample " + s.id() + " has attention mask value "
                        + mask[i] + " at position " + i + "; expected ones then zeros ([CLS] ... [SEP] then padding)");
            }
        }
        if (len < 2) {
            throw new IllegalArgumentException(pattern + ": sample " + s.id() + " has text length " + len
                    + "; at least [CLS] and [SEP] (2 tokens) are required");
        }
        boolean aligned = switch (alignment) {
            case ALIGNED -> true;
            case UNALIGNED -> false;
            case INFER -> alignedShape(s);
        };
        if (aligned && !alignedShape(s)) {
            throw new IllegalArgumentException(pattern + ": sample " + s.id() + " is declared aligned but has T_l="
                    + s.textFrames() + ", T_a=" + s.audioFrames() + ", T_v=" + s.visionFrames());
        }
        if (needsAligned && !aligned) {
            throw new IllegalArgumentException(pattern + " requires word-aligned data (T_a = T_v = T_l, one mask shared "
                    + "by all three modalities); sample " + s.id() + " is unaligned: T_l=" + s.textFrames() + ", T_a="
                    + s.audioFrames() + ", T_v=" + s.visionFrames() + " (alignment " + alignment + ")");
        }
        int a = aligned ? len : s.audioLength();
        int v = aligned ? len : s.visionLength();
        return new SampleLayout(s, aligned, len, a, v);
    }

    /** Whether text position t may be dropped: valid and neither [CLS] (0) nor [SEP] (len-1). */
    boolean textEligible(int t) {
        return t >= 1 && t <= textLen - 2;
    }

    /** Number of droppable text tokens, len - 2. */
    int textEligibleCount() {
        return textLen - 2;
    }

    int valid(Modality m) {
        return switch (m) {
            case TEXT -> textLen;
            case AUDIO -> audioValid;
            case VISION -> visionValid;
        };
    }

    boolean[] drops(Modality m) {
        return switch (m) {
            case TEXT -> dropText;
            case AUDIO -> dropAudio;
            case VISION -> dropVision;
        };
    }

    /** Drops every droppable position of a modality (whole-modality missing). */
    void dropAll(Modality m) {
        boolean[] d = drops(m);
        for (int t = 0; t < d.length; t++) {
            d[t] = true;
        }
    }

    /**
     * Builds the view: validity masks; missing masks = validity AND NOT dropped, with [CLS]/[SEP] set
     * back to present; text ids = [UNK] where dropped; a dropped audio/vision frame becomes a zero vector.
     * Padding is never touched: its ids stay [PAD] and its frames keep their values. (The reference
     * computes x * missing, which also multiplies padding frames by 0; MMSA padding is already 0, so the
     * two agree on real data, and here rate 0 is exactly the identity.)
     */
    MissingView toView() {
        Sample s = sample;
        int tl = s.textFrames();
        float[] textMask = new float[tl];
        float[] textMissing = new float[tl];
        int[] ids = s.inputIds().clone();
        for (int t = 0; t < tl; t++) {
            boolean valid = t < textLen;
            textMask[t] = valid ? 1f : 0f;
            boolean drop = dropText[t] && textEligible(t);
            textMissing[t] = valid && !drop ? 1f : 0f;
            if (drop) {
                ids[t] = TextTokens.UNK;
            }
        }
        float[] audioMask = new float[s.audioFrames()];
        float[] audioMissing = new float[s.audioFrames()];
        float[] audio = frames(s.audio(), s.audioDim(), audioValid, dropAudio, audioMask, audioMissing);
        float[] visionMask = new float[s.visionFrames()];
        float[] visionMissing = new float[s.visionFrames()];
        float[] vision = frames(s.vision(), s.visionDim(), visionValid, dropVision, visionMask, visionMissing);
        return new MissingView(s.withModalities(ids, audio, vision), textMask, audioMask, visionMask,
                textMissing, audioMissing, visionMissing);
    }

    private float[] frames(float[] x, int dim, int validLen, boolean[] drop, float[] mask, float[] missing) {
        float[] out = x.clone();
        for (int t = 0; t < mask.length; t++) {
            boolean valid = t < validLen;
            mask[t] = valid ? 1f : 0f;
            boolean dropped = valid && drop[t] && !protectedFrame(t);
            missing[t] = valid && !dropped ? 1f : 0f;
            if (dropped) {
                java.util.Arrays.fill(out, t * dim, (t + 1) * dim, 0f);
            }
        }
        return out;
    }

    /**
     * In aligned data the shared-mask patterns restore [CLS]/[SEP] in the shared array, so audio/vision
     * frames at those positions are kept too (reference spec 3.2, TMFM). Patterns that draw audio/vision
     * independently never mark those frames protected.
     */
    private boolean protectedFrame(int t) {
        return sharedMask && (t == 0 || t == textLen - 1);
    }

    /** Set by TMFM/STMFM: audio/vision share the text mask, [CLS]/[SEP] included. */
    boolean sharedMask;
}
