package dev.cider.missing;

import dev.cider.data.DatasetDims;
import dev.cider.data.Labels;
import dev.cider.data.Sample;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * SYNTHETIC samples in the shape of a dataset setting, for pictures and statistics of the missing
 * patterns (they carry no meaning: ids are arbitrary word-piece ids, features are Gaussian noise).
 * Every id starts with "synthetic-".
 */
public final class SyntheticSamples {
    private SyntheticSamples() {}

    /**
     * One synthetic sample with {@code textLength} valid tokens ([CLS] ... [SEP], 2 &lt;= textLength &lt;= T_l);
     * audio/vision valid lengths are the same fraction of T_a/T_v (equal to textLength for aligned dims).
     */
    public static Sample sample(DatasetDims dims, int textLength, long seed) {
        int tl = dims.textLength();
        if (textLength < 2 || textLength > tl) {
            throw new IllegalArgumentException("textLength must be in [2, " + tl + "], got " + textLength);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[] ids = new int[tl];
        int[] mask = new int[tl];
        int[] seg = new int[tl];
        ids[0] = TextTokens.CLS;
        for (int t = 1; t < textLength - 1; t++) {
            ids[t] = rng.nextInt(1996, 30000);
        }
        ids[textLength - 1] = TextTokens.SEP;
        for (int t = 0; t < textLength; t++) {
            mask[t] = 1;
        }
        int ta = dims.audioLength();
        int tv = dims.visionLength();
        int la = dims.aligned() ? textLength : Math.max(1, (int) Math.round((double) ta * textLength / tl));
        int lv = dims.aligned() ? textLength : Math.max(1, (int) Math.round((double) tv * textLength / tl));
        float[] audio = features(rng, ta, dims.audioDim(), la);
        float[] vision = features(rng, tv, dims.visionDim(), lv);
        float y = (float) (rng.nextDouble() * 6.0 - 3.0);
        return new Sample("synthetic-" + Long.toHexString(seed), "(synthetic)", ids, mask, seg, audio, ta,
                dims.audioDim(), la, vision, tv, dims.visionDim(), lv, y, Labels.label3FromScore(y));
    }

    /** {@code n} synthetic samples with text lengths uniform on [max(2, T_l/4), T_l], sample i from seed (seed, i). */
    public static List<Sample> split(DatasetDims dims, int n, long seed) {
        List<Sample> out = new ArrayList<>(n);
        int lo = Math.max(2, dims.textLength() / 4);
        for (int i = 0; i < n; i++) {
            long s = MissingSeeds.sampleSeed(seed, i);
            int len = lo + (int) Math.floorMod(s, (long) (dims.textLength() - lo + 1));
            out.add(sample(dims, len, s));
        }
        return out;
    }

    private static float[] features(SplittableRandom rng, int frames, int dim, int valid) {
        float[] x = new float[frames * dim];
        for (int i = 0; i < valid * dim; i++) {
            x[i] = (float) gaussian(rng);
        }
        return x;
    }

    private static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
