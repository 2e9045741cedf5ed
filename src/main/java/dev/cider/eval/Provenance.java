package dev.cider.eval;

import ai.djl.engine.Engine;
import dev.cider.ProjectPaths;
import dev.cider.data.MultimodalData;
import dev.cider.data.Sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Facts about how a result was produced: git commit and dirty flag, library versions, device, and SHA-256
 * checksums of data (files or sample content). Used by {@link Manifest}. Every probe degrades to
 * "unknown" instead of failing (no git, no engine), and says so.
 */
public final class Provenance {
    private Provenance() {}

    /** Git HEAD and dirty flag of the project root, if {@code git} is available and the root is a checkout. */
    public record Git(String commit, boolean dirty) {}

    /**
     * {@code git rev-parse HEAD} and {@code git status --porcelain} in the project root; empty without git. The
     * study's own outputs under {@code results/} do not make the checkout dirty (a study run rewrites the committed
     * results as it goes), untracked files neither; any other local change does.
     */
    public static Optional<Git> git() {
        Path root = ProjectPaths.root();
        Optional<String> head = run(root, "git", "rev-parse", "HEAD");
        if (head.isEmpty() || !head.get().matches("[0-9a-f]{40}")) {
            return Optional.empty();
        }
        Optional<String> status = run(root, "git", "status", "--porcelain", "--untracked-files=no", "--", ".",
                ":(exclude)results");
        return Optional.of(new Git(head.get(), status.map(s -> !s.isBlank()).orElse(true)));
    }

    private static Optional<String> run(Path dir, String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(false).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            p.getErrorStream().readAllBytes();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 ? Optional.of(new String(out, StandardCharsets.UTF_8).trim()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * Library versions: Java, DJL, Tablesaw, XChart and, when {@code probeEngine} is true, the PyTorch engine
     * (this loads the native library, a few seconds the first time).
     */
    public static Map<String, String> libraryVersions(boolean probeEngine) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        v.put("djl", safe(Engine::getDjlVersion));
        if (probeEngine) {
            v.put("pytorch_engine", safe(() -> Engine.getEngine("PyTorch").getVersion()));
        }
        v.put("tablesaw", mavenVersion("tech.tablesaw", "tablesaw-core"));
        v.put("xchart", mavenVersion("org.knowm.xchart", "xchart"));
        return v;
    }

    /** Where the computation ran: OS, architecture, cores and, if probed, the engine's default device. */
    public static String device(boolean probeEngine) {
        String base = System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores";
        if (probeEngine) {
            base += ", engine device " + safe(() -> Engine.getEngine("PyTorch").defaultDevice().toString());
        }
        return base;
    }

    private interface Probe {
        String get() throws Exception;
    }

    private static String safe(Probe p) {
        try {
            String s = p.get();
            return s == null ? "unknown" : s;
        } catch (Exception | LinkageError e) {
            return "unknown (" + e.getClass().getSimpleName() + ")";
        }
    }

    /** The version recorded in a jar's {@code META-INF/maven/<group>/<artifact>/pom.properties}. */
    static String mavenVersion(String group, String artifact) {
        String res = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = Provenance.class.getResourceAsStream(res)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    // ---------------------------------------------------------------- checksums

    /** SHA-256 (hex) of a file's bytes; a missing file is an error naming it. */
    public static String sha256(Path file) {
        MessageDigest md = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot checksum " + file + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** SHA-256 per file, keyed by the path as given. */
    public static Map<String, String> sha256(List<Path> files) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Path f : files) {
            out.put(f.toString(), sha256(f));
        }
        return out;
    }

    /**
     * SHA-256 of sample content, independent of how the samples were stored: per sample its id, token ids,
     * masks, segment ids, audio and vision values and lengths, regression score and 3-class label, in order.
     */
    public static String sha256(Iterable<Sample> samples) {
        MessageDigest md = digest();
        for (Sample s : samples) {
            update(md, s.id() == null ? "" : s.id());
            update(md, s.inputIds());
            update(md, s.attentionMask());
            update(md, s.segmentIds());
            update(md, new int[] {s.audioFrames(), s.audioDim(), s.audioLength(),
                    s.visionFrames(), s.visionDim(), s.visionLength(), s.label3(),
                    Float.floatToIntBits(s.regression())});
            update(md, s.audio());
            update(md, s.vision());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** SHA-256 of every split of a dataset (split names included, in order). */
    public static String sha256(MultimodalData data) {
        MessageDigest md = digest();
        for (var e : data.splits().entrySet()) {
            update(md, e.getKey());
            update(md, sha256(e.getValue()));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static void update(MessageDigest md, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        md.update(ByteBuffer.allocate(4).putInt(b.length).array());
        md.update(b);
    }

    private static void update(MessageDigest md, int[] a) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * (a == null ? 0 : a.length)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(a == null ? -1 : a.length);
        if (a != null) {
            for (int x : a) b.putInt(x);
        }
        md.update(b.array());
    }

    private static void update(MessageDigest md, float[] a) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * (a == null ? 0 : a.length)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(a == null ? -1 : a.length);
        if (a != null) {
            for (float x : a) b.putInt(Float.floatToIntBits(x));
        }
        md.update(b.array());
    }

    /** Names of files in {@code paths} that do not exist (for error messages). */
    static List<String> missing(List<Path> paths) {
        List<String> out = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.isRegularFile(p)) out.add(p.toString());
        }
        return out;
    }
}
