package dev.cider.missing;

import java.util.Locale;

/**
 * The three modalities of the paper (section III-A): language/text S, audio A and vision V, in the
 * order the reference concatenates them ([text | audio | vision]).
 */
public enum Modality {
    TEXT("L", "Text"), AUDIO("A", "Audio"), VISION("V", "Vision");

    private final String letter;
    private final String title;

    Modality(String letter, String title) {
        this.letter = letter;
        this.title = title;
    }

    /** One-letter name used in the paper's tables (L, A, V). */
    public String letter() { return letter; }

    /** Title-case name as in the reference's SMM labels ("Text", "Audio", "Vision"). */
    public String title() { return title; }

    /**
     * Parses a modality name: L/T/text/language, A/audio/acoustic, V/vision/visual (case-insensitive).
     */
    public static Modality parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "l", "t", "text", "language", "lang" -> TEXT;
            case "a", "audio", "acoustic" -> AUDIO;
            case "v", "vision", "visual", "video" -> VISION;
            default -> throw new IllegalArgumentException("unknown modality '" + name
                    + "': expected L/T/text, A/audio or V/vision");
        };
    }
}
