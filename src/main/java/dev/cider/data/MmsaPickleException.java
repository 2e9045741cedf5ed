package dev.cider.data;

import java.nio.file.Path;

/**
 * A pickle that cannot be read as an MMSA dataset (reference spec section 2.2): corrupt or
 * truncated file, missing split or key, an array of the wrong shape or dtype, non-finite
 * features, an unknown label. The message names the file, the split and the field.
 */
public final class MmsaPickleException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final String split;
    private final String field;

    MmsaPickleException(Path file, String split, String field, String problem, Throwable cause) {
        super(message(file, split, field, problem), cause);
        this.file = file;
        this.split = split;
        this.field = field;
    }

    MmsaPickleException(Path file, String split, String field, String problem) {
        this(file, split, field, problem, null);
    }

    private static String message(Path file, String split, String field, String problem) {
        StringBuilder sb = new StringBuilder().append(file);
        if (split != null) {
            sb.append(": split '").append(split).append('\'');
        }
        if (field != null) {
            sb.append(split != null ? ", field '" : ": field '").append(field).append('\'');
        }
        return sb.append(": ").append(problem).toString();
    }

    /** The file that was read. */
    public Path file() { return file; }

    /** The split (train/valid/test) where the problem is, or null for a file-level problem. */
    public String split() { return split; }

    /** The field (pickle key) where the problem is, or null. */
    public String field() { return field; }
}
