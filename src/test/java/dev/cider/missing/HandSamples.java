package dev.cider.missing;

import dev.cider.data.Sample;

/**
 * Small hand-made samples for the missing-pattern tests: token t of a text is 2000 + t, audio frame t
 * holds (t + 1, -(t + 1)) and vision frame t holds (10 (t + 1), 10 (t + 1) + 1, 10 (t + 1) + 2), and
 * padding frames hold the marker 7 so tests can see what happens to them.
 */
final class HandSamples {
    private HandSamples() {}

    static final int DA = 2;
    static final int DV = 3;
    static final float PAD_MARK = 7f;

    /** Unaligned: T_l = 10, T_a = 12, T_v = 9, with the given valid lengths. */
    static Sample unaligned(int textLen, int audioLen, int visionLen) {
        return make("hand-unaligned", 10, textLen, 12, audioLen, 9, visionLen, PAD_MARK);
    }

    /** Aligned: T_l = T_a = T_v = 10; audio/vision lengths set equal to the text length. */
    static Sample aligned(int textLen) {
        return make("hand-aligned", 10, textLen, 10, textLen, 10, textLen, PAD_MARK);
    }

    static Sample make(String id, int tl, int textLen, int ta, int audioLen, int tv, int visionLen, float padValue) {
        int[] ids = new int[tl];
        int[] mask = new int[tl];
        int[] seg = new int[tl];
        for (int t = 0; t < textLen; t++) {
            ids[t] = t == 0 ? TextTokens.CLS : (t == textLen - 1 ? TextTokens.SEP : 2000 + t);
            mask[t] = 1;
        }
        float[] audio = new float[ta * DA];
        for (int t = 0; t < ta; t++) {
            boolean valid = t < audioLen;
            audio[t * DA] = valid ? t + 1 : padValue;
            audio[t * DA + 1] = valid ? -(t + 1) : padValue;
        }
        float[] vision = new float[tv * DV];
        for (int t = 0; t < tv; t++) {
            boolean valid = t < visionLen;
            for (int j = 0; j < DV; j++) {
                vision[t * DV + j] = valid ? 10 * (t + 1) + j : padValue;
            }
        }
        return new Sample(id, "hand-made", ids, mask, seg, audio, ta, DA, audioLen, vision, tv, DV, visionLen,
                0.5f, 2);
    }

    static float audioOrig(int t) {
        return t + 1;
    }

    static float visionOrig(int t) {
        return 10 * (t + 1);
    }
}
