package dev.cider.missing;

import dev.cider.data.Sample;

/**
 * The incomplete view of one sample, (S~, A~, V~) = Missing((S, A, V)) of paper Eq. (1), together
 * with the masks the reconstruction loss needs (reference spec 3.1).
 *
 * <ul>
 *   <li>{@code sample}: the modified sample ({@link Sample#withModalities}): a dropped valid text
 *       token is [UNK] (100); a dropped audio/vision frame is an all-zero vector; the attention mask
 *       and segment ids are the originals, so [UNK] tokens are still attended.</li>
 *   <li>{@code textMask}, {@code audioMask}, {@code visionMask}: validity ("input") masks, 1 for the
 *       valid positions and 0 for padding; lengths T_l, T_a, T_v. For aligned data the audio and
 *       vision validity use the text length.</li>
 *   <li>{@code textMissing}, {@code audioMissing}, {@code visionMissing}: missing masks, 1 = present,
 *       0 = dropped <em>or padding</em>. The dropped positions are mask - missing.</li>
 * </ul>
 *
 * Arrays are not copied; treat them as read-only.
 */
public record MissingView(Sample sample,
                          float[] textMask, float[] audioMask, float[] visionMask,
                          float[] textMissing, float[] audioMissing, float[] visionMissing) {

    public MissingView {
        check("text", textMask, textMissing, sample.textFrames());
        check("audio", audioMask, audioMissing, sample.audioFrames());
        check("vision", visionMask, visionMissing, sample.visionFrames());
    }

    private static void check(String what, float[] mask, float[] missing, int frames) {
        if (mask.length != frames || missing.length != frames) {
            throw new IllegalArgumentException(what + " masks have lengths " + mask.length + "/" + missing.length
                    + ", expected " + frames);
        }
        for (int i = 0; i < frames; i++) {
            if (missing[i] > mask[i]) {
                throw new IllegalArgumentException(what + " position " + i + " is present but not valid");
            }
        }
    }

    /** The validity mask of a modality. */
    public float[] mask(Modality m) {
        return switch (m) {
            case TEXT -> textMask;
            case AUDIO -> audioMask;
            case VISION -> visionMask;
        };
    }

    /** The missing mask of a modality (1 present, 0 dropped or padding). */
    public float[] missing(Modality m) {
        return switch (m) {
            case TEXT -> textMissing;
            case AUDIO -> audioMissing;
            case VISION -> visionMissing;
        };
    }

    /** Dropped positions, mask - missing (1 where a valid position was dropped), as the reconstruction loss uses them. */
    public float[] dropped(Modality m) {
        float[] mask = mask(m);
        float[] miss = missing(m);
        float[] d = new float[mask.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = mask[i] - miss[i];
        }
        return d;
    }

    /** Whether valid position {@code t} of a modality was dropped. */
    public boolean isDropped(Modality m, int t) {
        return mask(m)[t] > 0.5f && missing(m)[t] < 0.5f;
    }

    /** Number of dropped positions of a modality. */
    public int droppedCount(Modality m) {
        float[] mask = mask(m);
        float[] miss = missing(m);
        int n = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] > 0.5f && miss[i] < 0.5f) {
                n++;
            }
        }
        return n;
    }

    /** Number of valid positions of a modality. */
    public int validCount(Modality m) {
        int n = 0;
        for (float v : mask(m)) {
            if (v > 0.5f) {
                n++;
            }
        }
        return n;
    }
}
