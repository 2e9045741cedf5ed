package dev.cider;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the study runs on: Java, DJL and PyTorch versions, the device, threads, the scale, the seed
 * and the git commit. Used by the {@code env} command ({@code mvn -q exec:java@env}), by
 * {@link dev.cider.study.Notebooks#setup()} and by anything that records provenance.
 *
 * <p>Settings read here (system property first, then environment variable):
 * <ul>
 *   <li>seed: {@code cider.seed} / {@code CIDER_SEED}, default {@link #DEFAULT_SEED} (the reference
 *       code's {@code --seed 1111});</li>
 *   <li>threads: {@code CIDER_THREADS}, else {@code OMP_NUM_THREADS}, becomes DJL's
 *       {@code ai.djl.pytorch.num_threads} and {@code num_interop_threads} unless those are set.</li>
 * </ul>
 */
public final class Environment {
    /** The reference implementation's seed ({@code seed_everything(1111)}). */
    public static final int DEFAULT_SEED = 1111;

    private Environment() {}

    /** The study's seed: {@code -Dcider.seed}, else {@code CIDER_SEED}, else 1111; a non-integer is an error. */
    public static int seed() {
        String v = System.getProperty("cider.seed");
        String source = "system property cider.seed";
        if (v == null || v.isBlank()) {
            v = System.getenv("CIDER_SEED");
            source = "environment variable CIDER_SEED";
        }
        if (v == null || v.isBlank()) {
            return DEFAULT_SEED;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the seed (" + source + ") must be an integer, got '" + v + "'", e);
        }
    }

    /**
     * Applies {@code CIDER_THREADS} / {@code OMP_NUM_THREADS} to DJL's PyTorch thread properties
     * unless they are set already. Effective only before the PyTorch engine is first loaded.
     *
     * @return the thread count applied, or empty when none was requested
     */
    public static Optional<Integer> applyThreadSettings() {
        String n = System.getenv("CIDER_THREADS");
        String source = "CIDER_THREADS";
        if (n == null || n.isBlank()) {
            n = System.getenv("OMP_NUM_THREADS");
            source = "OMP_NUM_THREADS";
        }
        if (n == null || n.isBlank()) {
            return Optional.empty();
        }
        int threads;
        try {
            threads = Integer.parseInt(n.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("environment variable " + source + " must be a positive integer, got '" + n + "'", e);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("environment variable " + source + " must be a positive integer, got " + threads);
        }
        for (String p : List.of("ai.djl.pytorch.num_threads", "ai.djl.pytorch.num_interop_threads")) {
            if (System.getProperty(p) == null) {
                System.setProperty(p, Integer.toString(threads));
            }
        }
        return Optional.of(threads);
    }

    /**
     * The environment as ordered key/value pairs: java, os, cpus, djl, engine, pytorch, device, gpus,
     * threads, interop threads, offline, djl cache, scale, seed, commit. Loads the DJL engine; when it
     * cannot be loaded the engine entries say why instead of throwing.
     */
    public static Map<String, String> describe() {
        applyThreadSettings();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("djl", String.valueOf(Engine.getDjlVersion()));
        try {
            Engine engine = Engine.getInstance();
            m.put("engine", engine.getEngineName());
            m.put("pytorch", engine.getVersion());
            m.put("device", engine.defaultDevice().toString());
            m.put("gpus", Integer.toString(engine.getGpuCount()));
            if ("PyTorch".equals(engine.getEngineName())) {
                m.put("threads", Integer.toString(JniUtils.getNumThreads()));
                m.put("interop threads", Integer.toString(JniUtils.getNumInteropThreads()));
            }
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            m.put("engine", "unavailable: " + e.getMessage());
        }
        m.put("offline", String.valueOf(Boolean.getBoolean("ai.djl.offline")));
        String cache = System.getProperty("DJL_CACHE_DIR", System.getenv("DJL_CACHE_DIR"));
        m.put("djl cache", cache == null ? "default (~/.djl.ai)" : cache);
        m.put("scale", Scale.current().toString());
        m.put("seed", Integer.toString(seed()));
        m.put("commit", gitCommit().orElse("unknown"));
        return m;
    }

    /** The checkout's commit ({@code git rev-parse --short=12 HEAD}, "+dirty" with uncommitted changes), if git can tell. */
    public static Optional<String> gitCommit() {
        Path root = ProjectPaths.root();
        Optional<String> head = git(root, "rev-parse", "--short=12", "HEAD");
        if (head.isEmpty()) {
            return head;
        }
        Optional<String> status = git(root, "status", "--porcelain", "--untracked-files=no");
        return Optional.of(head.get() + (status.isPresent() && !status.get().isBlank() ? "+dirty" : ""));
    }

    private static Optional<String> git(Path root, String... args) {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "git";
        cmd[1] = "-C";
        cmd[2] = root.toString();
        System.arraycopy(args, 0, cmd, 3, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 ? Optional.of(new String(out, StandardCharsets.UTF_8).strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** {@code key: value} lines, keys padded to one column. */
    public static String format(Map<String, String> info) {
        int w = info.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder sb = new StringBuilder();
        info.forEach((k, v) -> sb.append(String.format("%-" + w + "s : %s%n", k, v)));
        return sb.toString();
    }

    /**
     * Points DJL's cache at {@code target/djl-cache} of the project unless {@code DJL_CACHE_DIR} is
     * set (environment or system property), so that nothing is written under the home folder.
     * Effective only before DJL first needs its cache (engine load).
     */
    public static void useProjectDjlCache() {
        String env = System.getenv("DJL_CACHE_DIR");
        if ((env == null || env.isBlank()) && System.getProperty("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR", ProjectPaths.root().resolve("target/djl-cache").toString());
        }
    }

    /** Prints {@link #describe()} (the {@code env} command: {@code mvn -q exec:java@env}). */
    public static void main(String[] args) {
        useProjectDjlCache();
        System.out.print(format(describe()));
    }
}
