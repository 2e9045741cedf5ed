package dev.cider.missing;

import dev.cider.data.DatasetDims;
import dev.cider.data.Sample;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Statistics over many synthetic samples: drop fractions per modality, nesting across rates,
 * reproducibility from seeds, and the two training-time generators.
 */
class MissingStatisticsTest {

    private static final DatasetDims UNALIGNED = DatasetDims.MOSI_UNALIGNED;
    private static final DatasetDims ALIGNED = DatasetDims.MOSI_ALIGNED;
    private static final List<Sample> UN = SyntheticSamples.split(UNALIGNED, 120, 7L);
    private static final List<Sample> AL = SyntheticSamples.split(ALIGNED, 120, 8L);
    private static final double[] RATES = {0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0};

    @Test
    void featureLevelPatternsDropTheRateInEveryModality() {
        for (MissingPattern p : List.of(ProposedRmfm.builder().build(), TraditionalRmfm.builder().build())) {
            for (double r : RATES) {
                MissingStats.DropFractions f = MissingStats.dropFractions(p.applyAll(UN, r, 1111L));
                // ~3,000 text tokens, ~30,000 audio and ~40,000 vision frames: 5 sigma is below 0.05
                assertEquals(r, f.text(), 0.05, p.name() + " text at " + r);
                assertEquals(r, f.audio(), 0.02, p.name() + " audio at " + r);
                assertEquals(r, f.vision(), 0.02, p.name() + " vision at " + r);
            }
        }
    }

    @Test
    void rmmDropsWholeModalitiesWithProbabilityRate() {
        MissingPattern rmm = RandomModalityMissing.builder().build();
        List<Sample> many = SyntheticSamples.split(ALIGNED, 600, 9L);
        for (double r : new double[] {0.1, 0.5, 0.9}) {
            List<MissingView> views = rmm.applyAll(many, r, 1111L);
            for (Modality m : Modality.values()) {
                int whole = 0;
                for (MissingView v : views) {
                    int droppable = m == Modality.TEXT ? v.validCount(m) - 2 : v.validCount(m);
                    if (droppable > 0 && v.droppedCount(m) == droppable) {
                        whole++;
                    }
                }
                // 600 samples, sd <= 0.021
                assertEquals(r, whole / 600.0, 0.07, m + " at " + r);
            }
        }
    }

    @Test
    void tmfmDropsTheRateOfInnerTimeSteps() {
        MissingPattern tmfm = TemporalModalityFeatureMissing.builder().build();
        for (double r : new double[] {0.2, 0.6}) {
            MissingStats.DropFractions f = MissingStats.dropFractions(tmfm.applyAll(AL, r, 1111L));
            assertEquals(r, f.text(), 0.05, "text at " + r);
            // audio/vision share the text mask, so they equal text up to the never-dropped CLS/SEP frames
            assertTrue(f.audio() < f.text() && f.audio() > f.text() * 0.8, "audio " + f.audio() + " text " + f.text());
            assertEquals(f.audio(), f.vision(), 1e-12);
        }
    }

    @Test
    void stmfmDropsExactlyTheBlockLength() {
        MissingPattern st = StructuralTemporalModalityFeatureMissing.builder().build();
        for (double r : RATES) {
            List<MissingView> views = st.applyAll(AL, r, 1111L);
            for (MissingView v : views) {
                int len = v.validCount(Modality.TEXT);
                assertEquals(StructuralTemporalModalityFeatureMissing.blockLength(len, r), v.droppedCount(Modality.TEXT));
                assertEquals(v.droppedCount(Modality.TEXT), v.droppedCount(Modality.AUDIO));
            }
        }
    }

    @Test
    void everyPatternIsNestedAcrossRates() {
        double[] fine = MissingRates.grid(20);
        for (MissingPattern p : MissingPatterns.rateSweepPatterns(true)) {
            assertEquals(0L, MissingStats.nestingViolations(p, AL, fine, 1111L), p.name() + " aligned");
        }
        for (MissingPattern p : MissingPatterns.rateSweepPatterns(false)) {
            assertEquals(0L, MissingStats.nestingViolations(p, UN, fine, 1111L), p.name() + " unaligned");
        }
        for (MissingPattern p : MissingPatterns.smmPatterns()) {
            assertEquals(0L, MissingStats.nestingViolations(p, UN.subList(0, 20), fine, 3L), p.name());
        }
        // and the nesting is not vacuous: the counts grow strictly between rate 0.3 and 0.7
        MissingPattern rmfm = ProposedRmfm.builder().build();
        MissingView lo = rmfm.apply(UN.get(0), 0.3, 5L);
        MissingView hi = rmfm.apply(UN.get(0), 0.7, 5L);
        assertTrue(MissingStats.isNested(lo, hi));
        assertFalse(MissingStats.isNested(hi, lo));
    }

    @Test
    void sameSeedSameViewsAndDifferentSeedsDiffer() {
        MissingPattern p = ProposedRmfm.builder().build();
        List<MissingView> a = p.applyAll(UN.subList(0, 10), 0.5, 42L);
        List<MissingView> b = p.applyAll(UN.subList(0, 10), 0.5, 42L);
        List<MissingView> c = p.applyAll(UN.subList(0, 10), 0.5, 43L);
        boolean anyDiff = false;
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(a.get(i).audioMissing(), b.get(i).audioMissing());
            assertArrayEquals(a.get(i).sample().inputIds(), b.get(i).sample().inputIds());
            anyDiff |= !java.util.Arrays.equals(a.get(i).audioMissing(), c.get(i).audioMissing());
        }
        assertTrue(anyDiff);
        // a sample's view depends only on (split seed, index), not on the rest of the split
        MissingView alone = p.apply(UN.get(3), 0.5, MissingSeeds.sampleSeed(42L, 3));
        assertArrayEquals(a.get(3).visionMissing(), alone.visionMissing());
        assertNotEquals(MissingSeeds.sampleSeed(42L, 0), MissingSeeds.sampleSeed(42L, 1));
        assertNotEquals(MissingSeeds.sampleSeed(42L, 0), MissingSeeds.sampleSeed(43L, 0));
    }

    @Test
    void proposedAndTraditionalRmfmAgreeStatisticallyButNotDrawForDraw() {
        MissingPattern prop = ProposedRmfm.builder().build();
        MissingPattern trad = TraditionalRmfm.builder().build();
        List<MissingView> a = prop.applyAll(UN, 0.4, 1111L);
        List<MissingView> b = trad.applyAll(UN, 0.4, 1111L);
        assertEquals(MissingStats.dropFractions(a).audio(), MissingStats.dropFractions(b).audio(), 0.02);
        assertFalse(java.util.Arrays.equals(a.get(0).audioMissing(), b.get(0).audioMissing()));
    }

    @Test
    void referenceTrainingGeneratorDropsHalfOfEveryModality() {
        TrainingMissing gen = TrainingMissing.referenceHalf();
        List<MissingView> views = gen.applyAll(UN, new SplittableRandom(1L));
        MissingStats.DropFractions f = MissingStats.dropFractions(views);
        assertEquals(0.5, f.text(), 0.04);
        assertEquals(0.5, f.audio(), 0.015);
        assertEquals(0.5, f.vision(), 0.015);
        // per-sample fractions concentrate around 0.5 (no per-sample rate)
        for (MissingView v : views) {
            double fa = (double) v.droppedCount(Modality.AUDIO) / v.validCount(Modality.AUDIO);
            if (v.validCount(Modality.AUDIO) >= 100) {
                assertEquals(0.5, fa, 0.2, "per-sample audio fraction");
            }
        }
        // [CLS]/[SEP] always kept
        for (MissingView v : views) {
            int len = v.validCount(Modality.TEXT);
            assertEquals(TextTokens.CLS, v.sample().inputIds()[0]);
            assertEquals(TextTokens.SEP, v.sample().inputIds()[len - 1]);
        }
    }

    @Test
    void paperTrainingGeneratorUsesOneUniformRatePerSample() {
        TrainingMissing gen = TrainingMissing.paperUniformRate();
        List<MissingView> views = gen.applyAll(UN, new SplittableRandom(2L));
        MissingStats.DropFractions f = MissingStats.dropFractions(views);
        assertEquals(0.5, f.audio(), 0.1, "averaged over samples, E[r] = 1/2");
        // per-sample fractions spread over [0, 1): some nearly complete, some nearly empty samples
        double min = 1;
        double max = 0;
        for (MissingView v : views) {
            double fa = (double) v.droppedCount(Modality.AUDIO) / v.validCount(Modality.AUDIO);
            double fv = (double) v.droppedCount(Modality.VISION) / v.validCount(Modality.VISION);
            min = Math.min(min, fa);
            max = Math.max(max, fa);
            if (v.validCount(Modality.AUDIO) >= 100) {
                assertEquals(fa, fv, 0.2, "audio and vision share the sample's rate");
            }
        }
        assertTrue(min < 0.1 && max > 0.9, "per-sample fractions range " + min + ".." + max);
    }

    @Test
    void trainingGeneratorIsSeededByItsRng() {
        for (TrainingMissing gen : List.of(TrainingMissing.referenceHalf(), TrainingMissing.paperUniformRate())) {
            MissingView a = gen.apply(UN.get(1), new SplittableRandom(5L));
            MissingView b = gen.apply(UN.get(1), new SplittableRandom(5L));
            assertArrayEquals(a.audioMissing(), b.audioMissing());
            assertArrayEquals(a.sample().inputIds(), b.sample().inputIds());
        }
    }

    @Test
    void nestingTableReportsZeroViolationsAndPerSampleFractionsAreRight() {
        List<Sample> few = AL.subList(0, 15);
        tech.tablesaw.api.Table t = MissingStats.nestingTable(MissingPatterns.rateSweepPatterns(true), few,
                MissingRates.paperGrid(), 1111L);
        assertEquals(5, t.rowCount());
        for (int i = 0; i < t.rowCount(); i++) {
            assertEquals(0.0, t.doubleColumn("violations").getDouble(i), t.stringColumn("pattern").get(i));
            assertTrue(t.doubleColumn("dropped positions checked").getDouble(i) > 0);
        }
        List<MissingView> views = ProposedRmfm.builder().build().applyAll(few, 0.5, 2L);
        double[] fa = MissingStats.perSampleDropFractions(views, Modality.AUDIO);
        for (int i = 0; i < fa.length; i++) {
            MissingView v = views.get(i);
            assertEquals((double) v.droppedCount(Modality.AUDIO) / v.validCount(Modality.AUDIO), fa[i], 1e-12);
        }
        assertThrows(IllegalArgumentException.class,
                () -> MissingStats.nestingTable(MissingPatterns.rateSweepPatterns(false), few, new double[] {0.5, 0.5}, 1L));
    }
}
