package dev.cider;

import java.util.Locale;

/**
 * The one place where the study's scale is decided.
 *
 * <p>Every notebook and command reads {@link #current()}: {@code smoke} is the smallest setting
 * (tests), {@code quick} is the README's main command on 2 CPU cores, {@code full} is the paper's
 * setting for a GPU. It is read from the system property {@code cider.scale}, else the environment
 * variable {@code CIDER_SCALE}, else defaults to {@code quick}.
 */
public enum Scale {
    SMOKE, QUICK, FULL;

    /** The scale of this JVM: system property {@code cider.scale}, env {@code CIDER_SCALE}, default quick. */
    public static Scale current() {
        String v = System.getProperty("cider.scale");
        if (v == null || v.isBlank()) {
            v = System.getenv("CIDER_SCALE");
        }
        if (v == null || v.isBlank()) {
            return QUICK;
        }
        return parse(v);
    }

    /** Parses a scale name (case-insensitive); an unknown name is an error that lists the valid ones. */
    public static Scale parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown scale '" + name + "' (cider.scale / CIDER_SCALE): expected smoke, quick or full");
        }
    }

    /** Picks one of three values by scale, e.g. {@code Scale.current().pick(2, 30, 200)} epochs. */
    public <T> T pick(T smoke, T quick, T full) {
        return switch (this) {
            case SMOKE -> smoke;
            case QUICK -> quick;
            case FULL -> full;
        };
    }

    /** Primitive-int variant of {@link #pick(Object, Object, Object)}. */
    public int pickInt(int smoke, int quick, int full) {
        return pick(smoke, quick, full);
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
