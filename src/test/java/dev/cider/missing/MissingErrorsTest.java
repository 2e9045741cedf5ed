package dev.cider.missing;

import dev.cider.data.Sample;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Every documented error, and the name factory. */
class MissingErrorsTest {

    private static final Sample UN = HandSamples.unaligned(7, 9, 5);
    private static final Sample AL = HandSamples.aligned(6);

    @Test
    void ratesOutsideUnitIntervalOrNaNAreRejected() {
        MissingPattern p = ProposedRmfm.builder().build();
        for (double bad : new double[] {-0.1, 1.0000001, Double.NaN, Double.POSITIVE_INFINITY, -0.0 - 1e-300}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.apply(UN, bad, 1L));
            assertTrue(e.getMessage().contains("rate") && e.getMessage().contains("[0, 1]"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> p.applyAll(List.of(UN), Double.NaN, 1L));
        TraditionalRmfm t = TraditionalRmfm.builder().build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.apply(UN, 0.1, 2.0, 0.1, 1L));
        assertTrue(e.getMessage().contains("audio rate"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StructuralTemporalModalityFeatureMissing.blockLength(10, 1.5));
        // boundaries are allowed
        assertDoesNotThrow(() -> p.apply(UN, 0.0, 1L));
        assertDoesNotThrow(() -> p.apply(UN, 1.0, 1L));
    }

    @Test
    void temporalPatternsRejectUnalignedData() {
        for (String name : List.of("TMFM", "STMFM")) {
            MissingPattern p = MissingPatterns.parse(name);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.apply(UN, 0.3, 1L));
            assertTrue(e.getMessage().contains(name) && e.getMessage().contains("aligned")
                    && e.getMessage().contains(UN.id()), e.getMessage());
            assertDoesNotThrow(() -> p.apply(AL, 0.3, 1L));
            assertThrows(IllegalArgumentException.class, () -> MissingPatterns.parse(name, Alignment.UNALIGNED));
            MissingPattern forcedUn = MissingPatterns.parse("RMFM", Alignment.UNALIGNED);
            assertDoesNotThrow(() -> forcedUn.apply(AL, 0.3, 1L));
        }
        // a dataset setting decides at parse time
        assertThrows(IllegalArgumentException.class,
                () -> MissingPatterns.parse("STMFM", dev.cider.data.DatasetDims.MOSI_UNALIGNED));
        assertEquals(Alignment.ALIGNED, MissingPatterns.parse("TMFM", dev.cider.data.DatasetDims.MOSEI_ALIGNED).alignment());
        // declaring unaligned-shaped data aligned is an error too
        MissingPattern forced = ProposedRmfm.builder().optAlignment(Alignment.ALIGNED).build();
        assertThrows(IllegalArgumentException.class, () -> forced.apply(UN, 0.3, 1L));
    }

    @Test
    void unknownPatternNamesAreRejectedListingTheKnownOnes() {
        for (String bad : List.of("RMFX", "", "  ", "random", "SMM", "SMM:", "SMM:XYZ")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MissingPatterns.parse(bad));
            assertFalse(e.getMessage().isBlank());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MissingPatterns.parse("RMFX"));
        assertTrue(e.getMessage().contains("RMFM_same") && e.getMessage().contains("STMFM"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MissingPatterns.parse(null));
    }

    @Test
    void namesAndAliasesParse() {
        assertInstanceOf(ProposedRmfm.class, MissingPatterns.parse("RMFM"));
        assertInstanceOf(ProposedRmfm.class, MissingPatterns.parse("proposed-rmfm"));
        assertInstanceOf(TraditionalRmfm.class, MissingPatterns.parse("RMFM_same"));
        assertInstanceOf(TraditionalRmfm.class, MissingPatterns.parse("traditional-rmfm"));
        assertInstanceOf(TraditionalRmfm.class, MissingPatterns.parse("Traditional RMFM"));
        assertInstanceOf(RandomModalityMissing.class, MissingPatterns.parse("rmm"));
        assertInstanceOf(TemporalModalityFeatureMissing.class, MissingPatterns.parse("tmfm"));
        assertInstanceOf(StructuralTemporalModalityFeatureMissing.class, MissingPatterns.parse("STMFM"));
        assertEquals(SmmCombination.TEXT, ((SpecificModalityMissing) MissingPatterns.parse("SMM:L")).combination());
        assertEquals(SmmCombination.TEXT_AUDIO, ((SpecificModalityMissing) MissingPatterns.parse("SMM(Text, Audio)")).combination());
        assertEquals(SmmCombination.AUDIO_VISION, ((SpecificModalityMissing) MissingPatterns.parse("smm-av")).combination());
        assertEquals(SmmCombination.ALL, ((SpecificModalityMissing) MissingPatterns.parse("SMM:all")).combination());
        // every pattern's own name parses back to the same kind
        for (MissingPattern p : MissingPatterns.rateSweepPatterns(true)) {
            assertEquals(p.getClass(), MissingPatterns.parse(p.name()).getClass());
        }
        for (SpecificModalityMissing p : MissingPatterns.smmPatterns()) {
            assertEquals(p.combination(), ((SpecificModalityMissing) MissingPatterns.parse(p.name())).combination());
        }
    }

    @Test
    void smmCombinationsOutsideTheSevenAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SmmCombination.ofAvailable(EnumSet.noneOf(Modality.class)));
        assertTrue(e.getMessage().contains("seven"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SmmCombination.ofReferenceRates(1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> SmmCombination.ofReferenceRates(0.5, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> SmmCombination.parse("LL"));
        assertThrows(IllegalArgumentException.class, () -> SmmCombination.parse("Q"));
        assertThrows(NullPointerException.class, () -> SpecificModalityMissing.builder().build());
        assertEquals(7, SmmCombination.values().length);
        assertEquals(SmmCombination.ALL, SmmCombination.ofAvailable(Set.of(Modality.TEXT, Modality.AUDIO, Modality.VISION)));
    }

    @Test
    void malformedTextIsRejectedNamingTheSample() {
        Sample noSep = HandSamples.unaligned(1, 3, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProposedRmfm.builder().build().apply(noSep, 0.5, 1L));
        assertTrue(e.getMessage().contains(noSep.id()) && e.getMessage().contains("[SEP]"), e.getMessage());
        int[] holeMask = {1, 1, 0, 1, 0, 0, 0, 0, 0, 0};
        Sample holes = new Sample("holes", "", new int[10], holeMask, new int[10], new float[24], 12, 2, 5,
                new float[27], 9, 3, 5, 0f, 1);
        e = assertThrows(IllegalArgumentException.class, () -> ProposedRmfm.builder().build().apply(holes, 0.5, 1L));
        assertTrue(e.getMessage().contains("holes") && e.getMessage().contains("attention mask"), e.getMessage());
    }

    @Test
    void trainingModeNamesParseAndBadOnesFail() {
        assertEquals(TrainingMissing.Mode.REFERENCE_HALF, TrainingMissing.builder().setMode("reference-half").build().mode());
        assertEquals(TrainingMissing.Mode.PAPER_UNIFORM_RATE, TrainingMissing.builder().setMode("paper").build().mode());
        assertThrows(IllegalArgumentException.class, () -> TrainingMissing.builder().setMode("sometimes"));
        assertThrows(IllegalArgumentException.class, () -> TrainingMissing.builder()
                .setMode(TrainingMissing.Mode.REFERENCE_HALF).optPattern(RandomModalityMissing.builder().build()).build());
        assertDoesNotThrow(() -> TrainingMissing.builder().setMode(TrainingMissing.Mode.PAPER_UNIFORM_RATE)
                .optPattern(RandomModalityMissing.builder().build()).build());
    }
}
