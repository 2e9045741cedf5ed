package dev.cider.missing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds missing patterns from names: the reference's {@code --missing_mode} values ("RMFM",
 * "RMFM_same", "RMM", "TMFM", "STMFM") and the paper's names as aliases.
 */
public final class MissingPatterns {
    private MissingPatterns() {}

    /** The accepted names, for error messages and documentation. */
    public static final String KNOWN = "RMFM (alias proposed-rmfm), RMFM_same (alias traditional-rmfm), RMM, "
            + "TMFM, STMFM, SMM:<available modalities> (e.g. SMM:L, SMM:LA, SMM(Text, Audio), SMM:all)";

    /** {@link #parse(String, Alignment)} with {@link Alignment#INFER}. */
    public static MissingPattern parse(String name) {
        return parse(name, Alignment.INFER);
    }

    /**
     * A pattern by name for a dataset setting: its alignment comes from {@code dims}, so TMFM/STMFM on an
     * unaligned setting fail here, before any sample is touched.
     */
    public static MissingPattern parse(String name, dev.cider.data.DatasetDims dims) {
        return parse(name, Alignment.of(dims));
    }

    /**
     * A pattern by name, case-insensitive, '-', '_' and spaces interchangeable: "RMFM" / "proposed-rmfm"
     * / "proposed"; "RMFM_same" / "traditional-rmfm" / "traditional"; "RMM"; "TMFM"; "STMFM";
     * "SMM:" + available modalities (see {@link SmmCombination#parse}).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static MissingPattern parse(String name, Alignment alignment) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("empty missing pattern name: expected one of " + KNOWN);
        }
        String n = name.trim().toUpperCase(Locale.ROOT);
        if (n.startsWith("SMM")) {
            String rest = n.substring(3).trim();
            if (rest.startsWith(":") || rest.startsWith("-") || rest.startsWith("_") || rest.startsWith("=")) {
                rest = rest.substring(1);
            }
            if (rest.isBlank()) {
                throw new IllegalArgumentException("SMM needs the available modalities, e.g. SMM:L or SMM(Text, Audio)");
            }
            return SpecificModalityMissing.builder().setCombination(SmmCombination.parse(rest))
                    .optAlignment(alignment).build();
        }
        String key = n.replaceAll("[-\\s]+", "_");
        return switch (key) {
            case "RMFM", "PROPOSED_RMFM", "PROPOSED" -> ProposedRmfm.builder().optAlignment(alignment).build();
            case "RMFM_SAME", "TRADITIONAL_RMFM", "TRADITIONAL", "TRMFM" ->
                    TraditionalRmfm.builder().optAlignment(alignment).build();
            case "RMM", "RANDOM_MODALITY_MISSING" -> RandomModalityMissing.builder().optAlignment(alignment).build();
            case "TMFM", "TEMPORAL_MODALITY_FEATURE_MISSING" ->
                    TemporalModalityFeatureMissing.builder().optAlignment(alignment).build();
            case "STMFM", "STRUCTURAL_TEMPORAL_MODALITY_FEATURE_MISSING" ->
                    StructuralTemporalModalityFeatureMissing.builder().optAlignment(alignment).build();
            default -> throw new IllegalArgumentException("unknown missing pattern '" + name + "': expected one of "
                    + KNOWN);
        };
    }

    /**
     * The patterns of paper Table VIII plus the proposed RMFM, in the paper's order: RMFM, Traditional
     * RMFM, RMM, and (only when {@code aligned}) TMFM, STMFM.
     */
    public static List<MissingPattern> rateSweepPatterns(boolean aligned) {
        List<MissingPattern> out = new ArrayList<>();
        out.add(ProposedRmfm.builder().build());
        out.add(TraditionalRmfm.builder().build());
        out.add(RandomModalityMissing.builder().build());
        if (aligned) {
            out.add(TemporalModalityFeatureMissing.builder().build());
            out.add(StructuralTemporalModalityFeatureMissing.builder().build());
        }
        return out;
    }

    /** The seven SMM cases of paper Table IX, in the reference's order. */
    public static List<SpecificModalityMissing> smmPatterns() {
        List<SpecificModalityMissing> out = new ArrayList<>();
        for (SmmCombination c : SmmCombination.values()) {
            out.add(SpecificModalityMissing.of(c));
        }
        return out;
    }
}
