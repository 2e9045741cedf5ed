package dev.cider.missing;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The seven Specific Modality Missing cases (appendix B; reference {@code main_eval.py}). The name
 * and label list the <em>available</em> modalities, as the reference does: "(Text)" means audio and
 * vision are missing. Reference rates [t, a, v] (1 = missing) are {@link #referenceRates()}.
 */
public enum SmmCombination {
    TEXT(true, false, false),
    AUDIO(false, true, false),
    VISION(false, false, true),
    TEXT_AUDIO(true, true, false),
    TEXT_VISION(true, false, true),
    AUDIO_VISION(false, true, true),
    ALL(true, true, true);

    private final boolean text;
    private final boolean audio;
    private final boolean vision;

    SmmCombination(boolean text, boolean audio, boolean vision) {
        this.text = text;
        this.audio = audio;
        this.vision = vision;
    }

    /** Whether a modality is available (kept) in this case. */
    public boolean available(Modality m) {
        return switch (m) {
            case TEXT -> text;
            case AUDIO -> audio;
            case VISION -> vision;
        };
    }

    /** The reference's label: the available modalities, e.g. "(Text, Audio)", or "(all)". */
    public String label() {
        if (this == ALL) {
            return "(all)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (Modality m : Modality.values()) {
            if (available(m)) {
                sb.append(sb.length() > 1 ? ", " : "").append(m.title());
            }
        }
        return sb.append(')').toString();
    }

    /** Letters of the available modalities, e.g. "LA" for TEXT_AUDIO, "LAV" for ALL. */
    public String letters() {
        StringBuilder sb = new StringBuilder();
        for (Modality m : Modality.values()) {
            if (available(m)) {
                sb.append(m.letter());
            }
        }
        return sb.toString();
    }

    /** The reference's {@code missing_rate=[t, a, v]}: 0 for available, 1 for missing. */
    public double[] referenceRates() {
        return new double[] {text ? 0 : 1, audio ? 0 : 1, vision ? 0 : 1};
    }

    /**
     * The case with exactly these available modalities.
     *
     * @throws IllegalArgumentException if the set is empty (all three missing is not one of the seven cases)
     */
    public static SmmCombination ofAvailable(Set<Modality> available) {
        for (SmmCombination c : values()) {
            boolean same = true;
            for (Modality m : Modality.values()) {
                same &= c.available(m) == available.contains(m);
            }
            if (same) {
                return c;
            }
        }
        throw new IllegalArgumentException("SMM combination with available modalities " + available
                + " is not one of the seven cases: at least one of text, audio, vision must stay available");
    }

    /**
     * The case of the reference's rate triple [t, a, v], each 0 (available) or 1 (missing).
     *
     * @throws IllegalArgumentException for other values or [1, 1, 1]
     */
    public static SmmCombination ofReferenceRates(double t, double a, double v) {
        double[] r = {t, a, v};
        Set<Modality> avail = EnumSet.noneOf(Modality.class);
        for (Modality m : Modality.values()) {
            double x = r[m.ordinal()];
            if (x != 0.0 && x != 1.0) {
                throw new IllegalArgumentException("SMM rates must be 0 (available) or 1 (missing); "
                        + m.title().toLowerCase(Locale.ROOT) + " rate is " + x);
            }
            if (x == 0.0) {
                avail.add(m);
            }
        }
        return ofAvailable(avail);
    }

    /**
     * Parses a case by its available modalities: an enum name ("TEXT_AUDIO"), letters ("LA", "TA",
     * "lav"), a reference label ("(Text, Audio)") or "all"; case-insensitive.
     */
    public static SmmCombination parse(String s) {
        String n = s.trim().toUpperCase(Locale.ROOT).replace("(", "").replace(")", "").trim();
        if (n.isEmpty()) {
            throw new IllegalArgumentException("empty SMM combination: expected one of " + names());
        }
        if (n.equals("ALL")) {
            return ALL;
        }
        for (SmmCombination c : values()) {
            if (c.name().equals(n.replace('-', '_'))) {
                return c;
            }
        }
        Set<Modality> avail = EnumSet.noneOf(Modality.class);
        String[] parts = n.contains(",") || n.contains(" ") || n.contains("+") || n.contains("_")
                ? n.split("[,+_\\s]+") : n.split("");
        for (String p : parts) {
            if (p.isBlank()) {
                continue;
            }
            try {
                if (!avail.add(Modality.parse(p))) {
                    throw new IllegalArgumentException("modality " + p + " listed twice");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown SMM combination '" + s + "' (" + e.getMessage()
                        + "): expected the available modalities, one of " + names(), e);
            }
        }
        return ofAvailable(avail);
    }

    private static String names() {
        StringBuilder sb = new StringBuilder();
        for (SmmCombination c : values()) {
            sb.append(sb.length() > 0 ? ", " : "").append(c.letters()).append(' ').append(c.label());
        }
        return sb.toString();
    }
}
