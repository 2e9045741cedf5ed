package dev.cider.eval;

import java.util.Locale;

/** Whether a result was computed on real data (MOSI/MOSEI) or on generated, synthetic data. */
public enum DataKind {
    SYNTHETIC, REAL;

    /** The CSV/JSON spelling: {@code synthetic} or {@code real}. */
    public String label() { return name().toLowerCase(Locale.ROOT); }

    /** Parses {@code synthetic} / {@code real} (case-insensitive); anything else is an error. */
    public static DataKind parse(String s) {
        if (s != null) {
            for (DataKind k : values()) {
                if (k.label().equalsIgnoreCase(s.trim())) return k;
            }
        }
        throw new IllegalArgumentException("unknown data_kind '" + s + "': expected synthetic or real");
    }

    /** The kind of a dataset container. */
    public static DataKind of(dev.cider.data.MultimodalData data) {
        return data.synthetic() ? SYNTHETIC : REAL;
    }

    @Override
    public String toString() { return label(); }
}
