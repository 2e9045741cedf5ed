package dev.cider.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A whole dataset in the sample schema: named splits ("train", "valid", "test", and for OOD data
 * e.g. "test_ood") of {@link Sample}s with one {@link DatasetDims}.
 *
 * <p>{@code source} says where it came from, e.g. "synthetic (seed 1111)", "MMSA pickle
 * /path/unaligned_50.pkl" or "MOSI transcripts (text only)". {@code synthetic} must be true for
 * generated data: it is shown wherever the data's numbers appear and is never compared with the
 * paper's MOSI/MOSEI figures as if it were real.
 */
public record MultimodalData(String name, DatasetDims dims, boolean synthetic, String source,
                             Map<String, List<Sample>> splits) {

    public MultimodalData {
        splits = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(splits));
    }

    /** One split; an unknown split name is an error listing the known ones. */
    public List<Sample> split(String split) {
        List<Sample> s = splits.get(split);
        if (s == null) {
            throw new NoSuchElementException(name + ": no split '" + split + "' (have " + splits.keySet() + ")");
        }
        return s;
    }

    /** A label for tables and charts, e.g. "MOSI-sized synthetic (SYNTHETIC)" or "mosi". */
    public String label() {
        return synthetic ? name + " (SYNTHETIC)" : name;
    }
}
