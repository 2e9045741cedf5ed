package dev.cider.missing;

import dev.cider.data.Sample;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Exact semantics of every pattern on hand-made samples (reference spec 3.1, 3.2). */
class MissingSemanticsTest {

    private static final Sample UN = HandSamples.unaligned(7, 9, 5);
    private static final Sample AL = HandSamples.aligned(6);

    /** Every pattern usable on the given sample, SMM(all-missing-but-text) included. */
    private static List<MissingPattern> unalignedPatterns() {
        return List.of(ProposedRmfm.builder().build(), TraditionalRmfm.builder().build(),
                RandomModalityMissing.builder().build());
    }

    private static List<MissingPattern> allPatterns() {
        return List.of(ProposedRmfm.builder().build(), TraditionalRmfm.builder().build(),
                RandomModalityMissing.builder().build(), TemporalModalityFeatureMissing.builder().build(),
                StructuralTemporalModalityFeatureMissing.builder().build());
    }

    @Test
    void rateZeroIsIdentityForEveryPattern() {
        for (MissingPattern p : allPatterns()) {
            MissingView v = p.apply(AL, 0.0, 42L);
            assertArrayEquals(AL.inputIds(), v.sample().inputIds(), p.name());
            assertArrayEquals(AL.audio(), v.sample().audio(), p.name());
            assertArrayEquals(AL.vision(), v.sample().vision(), p.name());
            for (Modality m : Modality.values()) {
                assertArrayEquals(v.mask(m), v.missing(m), p.name() + " " + m);
                assertEquals(0, v.droppedCount(m), p.name() + " " + m);
            }
        }
    }

    @Test
    void rateOneDropsEverythingButClsSepUnaligned() {
        for (MissingPattern p : unalignedPatterns()) {
            MissingView v = p.apply(UN, 1.0, 3L);
            int[] ids = v.sample().inputIds();
            // [CLS] 0 and [SEP] 6 kept, 1..5 -> [UNK], padding 7..9 stays [PAD]
            assertArrayEquals(new int[] {101, 100, 100, 100, 100, 100, 102, 0, 0, 0}, ids, p.name());
            assertArrayEquals(new float[] {1, 0, 0, 0, 0, 0, 1, 0, 0, 0}, v.textMissing(), p.name());
            assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 1, 0, 0, 0}, v.textMask(), p.name());
            assertEquals(9, v.validCount(Modality.AUDIO));
            assertEquals(5, v.validCount(Modality.VISION));
            assertEquals(9, v.droppedCount(Modality.AUDIO), p.name());
            assertEquals(5, v.droppedCount(Modality.VISION), p.name());
            for (int i = 0; i < 9 * HandSamples.DA; i++) {
                assertEquals(0f, v.sample().audio()[i], p.name());
            }
            for (int i = 0; i < 5 * HandSamples.DV; i++) {
                assertEquals(0f, v.sample().vision()[i], p.name());
            }
            // the BERT attention mask and segment ids are the original arrays' values
            assertArrayEquals(UN.attentionMask(), v.sample().attentionMask());
            assertArrayEquals(UN.segmentIds(), v.sample().segmentIds());
        }
    }

    @Test
    void droppedPositionsAreMaskMinusMissing() {
        MissingView v = ProposedRmfm.builder().build().apply(UN, 0.5, 11L);
        for (Modality m : Modality.values()) {
            float[] d = v.dropped(m);
            for (int t = 0; t < d.length; t++) {
                assertEquals(v.mask(m)[t] - v.missing(m)[t], d[t]);
                assertTrue(d[t] == 0f || d[t] == 1f);
                assertEquals(d[t] == 1f, v.isDropped(m, t));
            }
        }
    }

    @Test
    void partialDropReplacesExactlyTheDroppedPositions() {
        int[] nonTrivial = new int[3];
        for (long seed = 0; seed < 20; seed++) {
            MissingView v = ProposedRmfm.builder().build().apply(UN, 0.5, seed);
            checkReplacement(v);
            for (Modality m : Modality.values()) {
                if (v.droppedCount(m) > 0 && v.droppedCount(m) < v.validCount(m)) {
                    nonTrivial[m.ordinal()]++;
                }
            }
        }
        // partial drops happen in every modality (the checks above are not vacuous)
        for (int n : nonTrivial) {
            assertTrue(n > 5, "partial drops in " + n + " of 20 seeds");
        }
    }

    private static void checkReplacement(MissingView v) {
        int[] ids = v.sample().inputIds();
        for (int t = 0; t < UN.textFrames(); t++) {
            if (v.isDropped(Modality.TEXT, t)) {
                assertEquals(TextTokens.UNK, ids[t]);
                assertTrue(t >= 1 && t <= 5, "only droppable tokens are dropped, got " + t);
            } else {
                assertEquals(UN.inputIds()[t], ids[t]);
            }
        }
        float[] a = v.sample().audio();
        for (int t = 0; t < UN.audioFrames(); t++) {
            boolean present = v.audioMissing()[t] == 1f;
            if (t >= UN.audioLength()) {
                assertEquals(HandSamples.PAD_MARK, a[t * HandSamples.DA]);
                continue;
            }
            assertEquals(present ? HandSamples.audioOrig(t) : 0f, a[t * HandSamples.DA]);
            assertEquals(present ? -HandSamples.audioOrig(t) : 0f, a[t * HandSamples.DA + 1]);
        }
        float[] x = v.sample().vision();
        for (int t = 0; t < UN.visionFrames(); t++) {
            boolean present = v.visionMissing()[t] == 1f;
            if (t >= UN.visionLength()) {
                assertEquals(HandSamples.PAD_MARK, x[t * HandSamples.DV]);
                continue;
            }
            for (int j = 0; j < HandSamples.DV; j++) {
                assertEquals(present ? HandSamples.visionOrig(t) + j : 0f, x[t * HandSamples.DV + j]);
            }
        }
    }

    @Test
    void paddingIsNeverTouched() {
        for (MissingPattern p : unalignedPatterns()) {
            MissingView v = p.apply(UN, 1.0, 5L);
            // audio padding 9..11, vision padding 5..8: mask 0, missing 0, values kept
            for (int t = 9; t < 12; t++) {
                assertEquals(0f, v.audioMask()[t]);
                assertEquals(0f, v.audioMissing()[t]);
                assertEquals(HandSamples.PAD_MARK, v.sample().audio()[t * HandSamples.DA], p.name());
            }
            for (int t = 5; t < 9; t++) {
                assertEquals(0f, v.visionMissing()[t]);
                assertEquals(HandSamples.PAD_MARK, v.sample().vision()[t * HandSamples.DV], p.name());
            }
            for (int t = 7; t < 10; t++) {
                assertEquals(TextTokens.PAD, v.sample().inputIds()[t]);
                assertEquals(0f, v.textMissing()[t]);
            }
        }
    }

    @Test
    void inputSampleIsNeverModified() {
        int[] ids = UN.inputIds().clone();
        float[] audio = UN.audio().clone();
        float[] vision = UN.vision().clone();
        for (MissingPattern p : unalignedPatterns()) {
            p.apply(UN, 1.0, 1L);
        }
        assertArrayEquals(ids, UN.inputIds());
        assertArrayEquals(audio, UN.audio());
        assertArrayEquals(vision, UN.vision());
    }

    @Test
    void rmmDropsWholeModalitiesOnly() {
        MissingPattern rmm = RandomModalityMissing.builder().build();
        int[] dropCounts = new int[3];
        for (long seed = 0; seed < 200; seed++) {
            MissingView v = rmm.apply(UN, 0.5, seed);
            for (Modality m : Modality.values()) {
                int d = v.droppedCount(m);
                int all = m == Modality.TEXT ? 5 : v.validCount(m);
                assertTrue(d == 0 || d == all, m + " partially dropped: " + d + " of " + all);
                if (d == all) {
                    dropCounts[m.ordinal()]++;
                }
            }
        }
        for (int c : dropCounts) {
            assertTrue(c > 60 && c < 140, "whole-modality drop count " + c + " of 200 at r = 0.5");
        }
    }

    @Test
    void tmfmSharesOneMaskAcrossModalitiesAndKeepsClsSepFrames() {
        MissingPattern tmfm = TemporalModalityFeatureMissing.builder().build();
        MissingView v = tmfm.apply(AL, 1.0, 9L);
        float[] expected = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0};
        assertArrayEquals(expected, v.textMissing());
        assertArrayEquals(expected, v.audioMissing());
        assertArrayEquals(expected, v.visionMissing());
        // audio/vision at [CLS] (0) and [SEP] (5) kept
        assertEquals(HandSamples.audioOrig(0), v.sample().audio()[0]);
        assertEquals(HandSamples.audioOrig(5), v.sample().audio()[5 * HandSamples.DA]);
        for (long seed = 0; seed < 50; seed++) {
            MissingView w = tmfm.apply(AL, 0.4, seed);
            assertArrayEquals(w.textMissing(), w.audioMissing());
            assertArrayEquals(w.textMissing(), w.visionMissing());
        }
    }

    @Test
    void alignedValidityUsesTextLength() {
        // aligned sample whose own audio/vision lengths (10) differ from its text length (6)
        Sample s = HandSamples.make("aligned-longer-av", 10, 6, 10, 10, 10, 10, 0f);
        MissingView v = ProposedRmfm.builder().build().apply(s, 0.0, 1L);
        assertEquals(6, v.validCount(Modality.AUDIO));
        assertEquals(6, v.validCount(Modality.VISION));
        MissingView u = ProposedRmfm.builder().optAlignment(Alignment.UNALIGNED).build().apply(s, 0.0, 1L);
        assertEquals(10, u.validCount(Modality.AUDIO));
    }

    @Test
    void stmfmDropsOneContiguousBlockInAllModalities() {
        MissingPattern st = StructuralTemporalModalityFeatureMissing.builder().build();
        Sample s = HandSamples.aligned(10);
        for (long seed = 0; seed < 100; seed++) {
            MissingView v = st.apply(s, 0.5, seed);
            int k = StructuralTemporalModalityFeatureMissing.blockLength(10, 0.5);
            assertEquals(4, k);
            assertArrayEquals(v.textMissing(), v.audioMissing());
            assertArrayEquals(v.textMissing(), v.visionMissing());
            int first = -1;
            int last = -1;
            for (int t = 0; t < 10; t++) {
                if (v.isDropped(Modality.TEXT, t)) {
                    if (first < 0) {
                        first = t;
                    }
                    last = t;
                }
            }
            assertEquals(k, last - first + 1, "contiguous block of length k");
            assertEquals(k, v.droppedCount(Modality.TEXT));
            assertTrue(first >= 1 && last <= 8, "block inside [1, len-2]: " + first + ".." + last);
        }
    }

    @Test
    void smmKeepsAvailableModalitiesAndRemovesTheOthers() {
        for (SmmCombination c : SmmCombination.values()) {
            SpecificModalityMissing p = SpecificModalityMissing.of(c);
            MissingView v = p.apply(UN, 77L);
            for (Modality m : Modality.values()) {
                int droppable = m == Modality.TEXT ? 5 : v.validCount(m);
                assertEquals(c.available(m) ? 0 : droppable, v.droppedCount(m), c + " " + m);
            }
        }
        assertEquals("(Text)", SmmCombination.TEXT.label());
        assertEquals("(Text, Audio)", SmmCombination.TEXT_AUDIO.label());
        assertEquals("(Audio, Vision)", SmmCombination.AUDIO_VISION.label());
        assertEquals("(all)", SmmCombination.ALL.label());
        assertArrayEquals(new double[] {0, 1, 1}, SmmCombination.TEXT.referenceRates());
        assertArrayEquals(new double[] {1, 0, 0}, SmmCombination.AUDIO_VISION.referenceRates());
        assertEquals(SmmCombination.TEXT_VISION, SmmCombination.ofReferenceRates(0, 1, 0));
    }

    @Test
    void traditionalRmfmHonoursSeparateRates() {
        TraditionalRmfm p = TraditionalRmfm.builder().build();
        MissingView v = p.apply(UN, 0.0, 1.0, 0.0, 5L);
        assertEquals(0, v.droppedCount(Modality.TEXT));
        assertEquals(9, v.droppedCount(Modality.AUDIO));
        assertEquals(0, v.droppedCount(Modality.VISION));
        // the equal-rate call draws the same values as the three-rate call
        MissingView a = p.apply(UN, 0.4, 0.4, 0.4, 8L);
        MissingView b = p.apply(UN, 0.4, 8L);
        assertArrayEquals(a.textMissing(), b.textMissing());
        assertArrayEquals(a.audioMissing(), b.audioMissing());
        assertArrayEquals(a.visionMissing(), b.visionMissing());
    }

    @Test
    void minimalTextOfClsSepHasNothingToDrop() {
        Sample s = HandSamples.unaligned(2, 3, 3);
        MissingView v = ProposedRmfm.builder().build().apply(s, 1.0, 1L);
        assertArrayEquals(new int[] {101, 102, 0, 0, 0, 0, 0, 0, 0, 0}, v.sample().inputIds());
        assertEquals(0, v.droppedCount(Modality.TEXT));
        assertEquals(3, v.droppedCount(Modality.AUDIO));
    }
}
