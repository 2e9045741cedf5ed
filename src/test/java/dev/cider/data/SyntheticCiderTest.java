package dev.cider.data;

import dev.cider.text.BertVocab;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SyntheticCiderTest {

    /** 3-class counts of samples. */
    private static int[] classCounts(List<Sample> samples) {
        int[] c = new int[3];
        for (Sample s : samples) {
            c[s.label3()]++;
        }
        return c;
    }

    /** MOSI-shaped sizes but shorter raw sequences, so the test stays small; the story is the same. */
    private static SyntheticCider.Builder small(long seed) {
        return SyntheticCider.builder().setSeed(seed).optDims(DatasetDims.MOSI_UNALIGNED.withLengths(120, 160));
    }

    @Test
    void mosiSizedSchemaAndLabels() {
        MultimodalData d = SyntheticCider.builder().setSeed(1111).build().iid();
        assertTrue(d.synthetic());
        assertEquals("synthetic-mosi", d.name());
        assertTrue(d.source().startsWith("SYNTHETIC"));
        assertTrue(d.label().contains("SYNTHETIC"));
        assertEquals(1284, d.split("train").size());
        assertEquals(229, d.split("valid").size());
        assertEquals(686, d.split("test").size());
        // training class counts equal MOSI's IID training counts (the default prior)
        int[] c = new int[3];
        for (Sample s : d.split("train")) {
            c[s.label3()]++;
        }
        assertArrayEquals(new int[]{552, 53, 679}, c);
        BertVocab vocab = BertVocab.load();
        for (Sample s : d.split("test")) {
            assertEquals(50, s.textFrames());
            assertEquals(375, s.audioFrames());
            assertEquals(5, s.audioDim());
            assertEquals(500, s.visionFrames());
            assertEquals(20, s.visionDim());
            assertTrue(s.audioLength() < 375 && s.audioLength() > 0);
            assertTrue(s.visionLength() < 500 && s.visionLength() > 0);
            int len = s.textLength();
            assertEquals(BertVocab.CLS, s.inputIds()[0]);
            assertEquals(BertVocab.SEP, s.inputIds()[len - 1]);
            String[] words = s.rawText().split(" ");
            assertEquals(len - 2, words.length);
            for (int i = 0; i < words.length; i++) {
                assertEquals(vocab.id(words[i]), s.inputIds()[i + 1], "raw text word " + i + " is its id");
            }
            for (int i = len; i < 50; i++) {
                assertEquals(0, s.inputIds()[i]);
                assertEquals(0, s.attentionMask()[i]);
            }
            for (int i = s.audioLength() * 5; i < s.audio().length; i++) {
                assertEquals(0f, s.audio()[i], "audio padding is zero");
            }
            float y = s.regression();
            assertTrue(y >= -3 && y <= 3);
            assertEquals(Labels.label3FromScore(y), s.label3());
            assertEquals(Labels.label7(y), s.label7());
        }
    }

    @Test
    void sameSeedSameData() {
        List<Sample> a = small(7).optScaleFraction(0.1).build().iidAndOod().split("test_ood");
        List<Sample> b = small(7).optScaleFraction(0.1).build().iidAndOod().split("test_ood");
        List<Sample> c = small(8).optScaleFraction(0.1).build().iidAndOod().split("test_ood");
        assertEquals(a.size(), b.size());
        boolean differs = false;
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).inputIds(), b.get(i).inputIds());
            assertArrayEquals(a.get(i).audio(), b.get(i).audio());
            assertArrayEquals(a.get(i).vision(), b.get(i).vision());
            assertEquals(a.get(i).regression(), b.get(i).regression());
            assertEquals(a.get(i).rawText(), b.get(i).rawText());
            differs |= !a.get(i).rawText().equals(c.get(i).rawText());
        }
        assertTrue(differs, "another seed gives other data");
        // ood() shares train and valid with iid(); only the test differs
        SyntheticCider g = small(7).optScaleFraction(0.1).build();
        MultimodalData iid = g.iid();
        MultimodalData ood = g.ood();
        assertEquals("synthetic-mosi-ood", ood.name());
        assertEquals("synthetic-mosi-iid+ood", g.iidAndOod().name());
        assertEquals(List.of("train", "valid", "test", "test_ood"), List.copyOf(g.iidAndOod().splits().keySet()));
        assertArrayEquals(iid.split("train").get(3).audio(), ood.split("train").get(3).audio());
        assertEquals(iid.split("valid").get(5).rawText(), ood.split("valid").get(5).rawText());
        assertNotEquals(iid.split("test").get(0).rawText() + iid.split("test").get(1).rawText(),
                ood.split("test").get(0).rawText() + ood.split("test").get(1).rawText());
    }

    @Test
    void alignedVariantUsesTextLengths() {
        MultimodalData d = SyntheticCider.builder().setSeed(3).optDims(DatasetDims.MOSEI_ALIGNED).optScaleFraction(0.01)
                .build().iid();
        assertArrayEquals(new int[]{16326, 1871, 4659}, SyntheticCider.defaultSizes(DatasetDims.MOSEI_UNALIGNED));
        assertEquals(163, d.split("train").size()); // 1 % of MOSEI's 16,326
        // MOSEI's training prior 4738 / 3540 / 8048 scaled to 163 samples (largest remainder)
        assertArrayEquals(SyntheticCider.quotas(new double[]{4738 / 16326.0, 3540 / 16326.0, 8048 / 16326.0}, 163),
                classCounts(d.split("train")));
        assertTrue(d.name().contains("mosei") && d.name().contains("aligned"));
        for (Sample s : d.split("train")) {
            assertEquals(s.textLength(), s.audioLength());
            assertEquals(s.textLength(), s.visionLength());
            assertEquals(74, s.audioDim());
            assertEquals(35, s.visionDim());
        }
    }

    @Test
    void oodTestHasShiftedPriorAndFlippedBiasWords() {
        MultimodalData d = small(11).build().iidAndOod();
        double[] shareIid = biasAgreement(d.split("test"));
        double[] shareOod = biasAgreement(d.split("test_ood"));
        System.out.printf("bias agreement IID test %.3f, OOD test %.3f%n", shareIid[0], shareOod[0]);
        assertTrue(shareIid[0] > 0.75, "IID: bias words agree with the label");
        assertTrue(shareOod[0] < 0.25, "OOD: bias words disagree with the label");
        int[] c = new int[3];
        for (Sample s : d.split("test_ood")) {
            c[s.label3()]++;
        }
        assertTrue(c[0] > c[2], "OOD test prior is mirrored (more negatives)");
    }

    /** Fraction of non-neutral samples with a bias word whose group matches the sign of the label. */
    private static double[] biasAgreement(List<Sample> samples) {
        int agree = 0;
        int total = 0;
        for (Sample s : samples) {
            if (s.label3() == 1) {
                continue;
            }
            for (String w : s.rawText().split(" ")) {
                int g = SyntheticCider.biasGroup(w);
                if (g != 0) {
                    total++;
                    agree += (g > 0) == (s.label3() == 2) ? 1 : 0;
                }
            }
        }
        return new double[]{agree / (double) total, total};
    }

    @Test
    void textOnlyProbeLosesAccuracyOutOfDistribution() {
        MultimodalData d = small(1111).build().iidAndOod();
        double iid = LinearProbe.accuracy(d.split("train"), d.split("test"), LinearProbe.Features.TEXT);
        double ood = LinearProbe.accuracy(d.split("train"), d.split("test_ood"), LinearProbe.Features.TEXT);
        System.out.printf("text-only bag of words: IID test %.3f, OOD test %.3f%n", iid, ood);
        assertTrue(iid - ood > 0.05, "planted language bias: OOD accuracy drops by more than 5 points, got "
                + iid + " vs " + ood);
    }

    @Test
    void theOodDropComesFromThePlantedBiases() {
        // no shift at all: the OOD test is drawn like the IID test (other samples), the drop vanishes
        MultimodalData none = small(1111).optBiasAgreement(0.85, 0.85).optOodTestPrior(552, 53, 679).build().iidAndOod();
        double iid0 = LinearProbe.accuracy(none.split("train"), none.split("test"), LinearProbe.Features.TEXT);
        double ood0 = LinearProbe.accuracy(none.split("train"), none.split("test_ood"), LinearProbe.Features.TEXT);
        // language bias only (flipped bias words, same prior)
        MultimodalData lang = small(1111).optOodTestPrior(552, 53, 679).build().iidAndOod();
        double ood1 = LinearProbe.accuracy(lang.split("train"), lang.split("test_ood"), LinearProbe.Features.TEXT);
        System.out.printf("text-only: IID %.3f, OOD without shift %.3f, OOD with flipped bias words only %.3f%n", iid0, ood0, ood1);
        assertEquals(iid0, ood0, 0.04, "without planted shift IID and OOD tests are alike");
        assertTrue(iid0 - ood1 > 0.05, "flipped bias words alone cost more than 5 points");
    }

    @Test
    void fusionBeatsEachModalityAlone() {
        MultimodalData d = small(1111).build().iid();
        double text = LinearProbe.accuracy(d.split("train"), d.split("test"), LinearProbe.Features.TEXT);
        double cues = LinearProbe.accuracy(d.split("train"), d.split("test"), LinearProbe.Features.AUDIO_VISION);
        double all = LinearProbe.accuracy(d.split("train"), d.split("test"), LinearProbe.Features.TEXT_AUDIO_VISION);
        System.out.printf("IID test: text %.3f, audio+vision %.3f, all %.3f%n", text, cues, all);
        assertTrue(all - text > 0.05, "audio/vision cues add more than 5 points to text");
        assertTrue(all - cues > 0.05, "text adds more than 5 points to audio/vision");
        assertTrue(cues > 0.6, "the cues alone are informative");
    }

    @Test
    void cuesSitOnSentimentWordSpans() {
        // aligned data: frame j belongs to token j, so the cue can be read at the sentiment words' positions
        MultimodalData d = SyntheticCider.builder().setSeed(5).optDims(DatasetDims.MOSI_ALIGNED).optScaleFraction(0.2)
                .build().iid();
        BertVocab vocab = BertVocab.load();
        float[] e = SyntheticCider.cueDirection(5);
        double onSentiment = 0;
        double elsewhere = 0;
        int nOn = 0;
        int nOff = 0;
        for (Sample s : d.split("train")) {
            for (int j = 1; j < s.textLength() - 1; j++) {
                String w = vocab.word(s.inputIds()[j]);
                double proj = 0;
                for (int k = 0; k < 5; k++) {
                    proj += s.audio()[j * 5 + k] * e[k];
                }
                double signed = proj * (s.label3() == 2 ? 1 : s.label3() == 0 ? -1 : 0);
                if (SyntheticCider.POSITIVE_WORDS.contains(w) || SyntheticCider.NEGATIVE_WORDS.contains(w)) {
                    onSentiment += signed;
                    nOn++;
                } else {
                    elsewhere += signed;
                    nOff++;
                }
            }
        }
        System.out.printf("label-signed audio cue: on sentiment words %.3f, elsewhere %.3f%n", onSentiment / nOn, elsewhere / nOff);
        assertTrue(onSentiment / nOn > 0.3, "the cue agrees with the label on sentiment-word frames");
        assertEquals(0.0, elsewhere / nOff, 0.05, "elsewhere frames are noise only");
    }

    @Test
    void badOptionsAreRejected() {
        assertThrows(IllegalStateException.class, () -> SyntheticCider.builder().build());
        assertThrows(IllegalArgumentException.class, () -> SyntheticCider.builder().optScaleFraction(1.5));
        assertThrows(IllegalArgumentException.class, () -> SyntheticCider.builder().optBiasAgreement(0.5, -0.1));
        assertThrows(IllegalArgumentException.class, () -> SyntheticCider.builder().optTrainPrior(Double.NaN, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> SyntheticCider.builder().optSizes(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> SyntheticCider.builder()
                .optDims(DatasetDims.MOSI_UNALIGNED.withLengths(10, 500)));
    }
}
