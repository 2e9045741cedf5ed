package dev.cider.data;

import java.util.Arrays;

/**
 * One utterance in the schema used everywhere in the study (MMSA layout, reference spec 2.2).
 *
 * <ul>
 *   <li>text: bert-base-uncased token ids, attention mask and segment ids, each of length T_l
 *       ([CLS] at 0, [SEP] at length-1, then [PAD] = 0);</li>
 *   <li>audio: T_a x d_a features, row-major in one flat array, with its valid length;</li>
 *   <li>vision: T_v x d_v features, row-major, with its valid length;</li>
 *   <li>regression score in [-3, 3], the 3-class label and the 7-class label;</li>
 *   <li>id and raw text.</li>
 * </ul>
 *
 * Arrays are not copied on construction or access (samples are large); treat them as read-only and
 * use {@link #withModalities} to derive a modified sample.
 */
public final class Sample {
    private final String id;
    private final String rawText;
    private final int[] inputIds;
    private final int[] attentionMask;
    private final int[] segmentIds;
    private final float[] audio;
    private final int audioFrames;
    private final int audioDim;
    private final int audioLength;
    private final float[] vision;
    private final int visionFrames;
    private final int visionDim;
    private final int visionLength;
    private final float regression;
    private final int label3;
    private final int label7;

    /** Creates a sample; the 7-class label is derived from the regression score (Labels#label7). */
    public Sample(String id, String rawText, int[] inputIds, int[] attentionMask, int[] segmentIds,
                  float[] audio, int audioFrames, int audioDim, int audioLength,
                  float[] vision, int visionFrames, int visionDim, int visionLength,
                  float regression, int label3) {
        this.id = id;
        this.rawText = rawText;
        this.inputIds = inputIds;
        this.attentionMask = attentionMask;
        this.segmentIds = segmentIds;
        this.audio = audio;
        this.audioFrames = audioFrames;
        this.audioDim = audioDim;
        this.audioLength = audioLength;
        this.vision = vision;
        this.visionFrames = visionFrames;
        this.visionDim = visionDim;
        this.visionLength = visionLength;
        this.regression = regression;
        this.label3 = label3;
        this.label7 = Labels.label7(regression);
        validate();
    }

    private void validate() {
        int t = inputIds.length;
        if (attentionMask.length != t || segmentIds.length != t) {
            throw new IllegalArgumentException(id + ": text rows differ in length: ids " + t + ", mask "
                    + attentionMask.length + ", segments " + segmentIds.length);
        }
        if (audio.length != audioFrames * audioDim) {
            throw new IllegalArgumentException(id + ": audio has " + audio.length + " values, expected "
                    + audioFrames + " x " + audioDim);
        }
        if (vision.length != visionFrames * visionDim) {
            throw new IllegalArgumentException(id + ": vision has " + vision.length + " values, expected "
                    + visionFrames + " x " + visionDim);
        }
        if (audioLength < 0 || audioLength > audioFrames) {
            throw new IllegalArgumentException(id + ": audio length " + audioLength + " outside [0, " + audioFrames + "]");
        }
        if (visionLength < 0 || visionLength > visionFrames) {
            throw new IllegalArgumentException(id + ": vision length " + visionLength + " outside [0, " + visionFrames + "]");
        }
        if (label3 < 0 || label3 > 2) {
            throw new IllegalArgumentException(id + ": unknown 3-class label " + label3 + " (expected 0, 1 or 2)");
        }
    }

    public String id() { return id; }
    public String rawText() { return rawText; }
    public int[] inputIds() { return inputIds; }
    public int[] attentionMask() { return attentionMask; }
    public int[] segmentIds() { return segmentIds; }
    /** Audio features, T_a x d_a row-major. */
    public float[] audio() { return audio; }
    public int audioFrames() { return audioFrames; }
    public int audioDim() { return audioDim; }
    /** Number of valid audio frames (the rest is padding). */
    public int audioLength() { return audioLength; }
    /** Vision features, T_v x d_v row-major. */
    public float[] vision() { return vision; }
    public int visionFrames() { return visionFrames; }
    public int visionDim() { return visionDim; }
    /** Number of valid vision frames. */
    public int visionLength() { return visionLength; }
    public float regression() { return regression; }
    /** 3-class label: 0 negative, 1 neutral, 2 positive. */
    public int label3() { return label3; }
    /** 7-class label: rint(clip(y,-3,3)) + 3. */
    public int label7() { return label7; }

    /** Text length T_l. */
    public int textFrames() { return inputIds.length; }

    /** Number of valid text tokens (sum of the attention mask), [CLS] and [SEP] included. */
    public int textLength() {
        int n = 0;
        for (int m : attentionMask) {
            n += m;
        }
        return n;
    }

    /** A copy with other token ids, audio and vision (same sizes), e.g. a missing-modality view. */
    public Sample withModalities(int[] newIds, float[] newAudio, float[] newVision) {
        return new Sample(id, rawText, newIds, attentionMask, segmentIds, newAudio, audioFrames, audioDim, audioLength,
                newVision, visionFrames, visionDim, visionLength, regression, label3);
    }

    @Override
    public String toString() {
        return "Sample{" + id + ", y=" + regression + ", label3=" + label3 + ", label7=" + label7 + ", text="
                + textLength() + "/" + inputIds.length + ", audio=" + audioLength + "/" + audioFrames + "x" + audioDim
                + ", vision=" + visionLength + "/" + visionFrames + "x" + visionDim + ", ids="
                + Arrays.toString(Arrays.copyOf(inputIds, Math.min(8, inputIds.length))) + "...}";
    }
}
