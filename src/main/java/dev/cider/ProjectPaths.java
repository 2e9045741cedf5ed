package dev.cider;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where things live: the project root, the shared folder beside the checkout (real data, oracle
 * fixtures) and the results folder.
 *
 * <p>The shared folder is the system property {@code cider.shared}, else the environment variable
 * {@code CIDER_SHARED}, else {@code ../shared} next to the project root. It is optional: code that
 * needs it asks {@link #shared()} and skips (tests) or explains (notebooks) when it is absent.
 */
public final class ProjectPaths {
    private ProjectPaths() {}

    /** The project root: the nearest folder upwards from the working directory holding pom.xml. */
    public static Path root() {
        String p = System.getProperty("cider.root");
        if (p != null && !p.isBlank()) {
            return Path.of(p).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("pom.xml")) && Files.isDirectory(d.resolve("src"))) {
                return d;
            }
        }
        return dir;
    }

    /** The shared folder (../shared beside the checkout), if it exists. */
    public static Optional<Path> shared() {
        String p = System.getProperty("cider.shared");
        if (p == null || p.isBlank()) {
            p = System.getenv("CIDER_SHARED");
        }
        Path candidate = (p == null || p.isBlank()) ? root().resolve("../shared") : Path.of(p);
        candidate = candidate.toAbsolutePath().normalize();
        return Files.isDirectory(candidate) ? Optional.of(candidate) : Optional.empty();
    }

    /** A file inside the shared folder, if the folder and the file exist. */
    public static Optional<Path> sharedFile(String relative) {
        return shared().map(s -> s.resolve(relative)).filter(Files::exists);
    }

    /**
     * The results folder: the system property {@code cider.results}, else the environment variable
     * {@code CIDER_RESULTS}, else {@code results/} under the root, except at smoke scale, whose
     * outputs go to {@code target/results-smoke/} so that the test command never overwrites the
     * committed quick-scale results.
     */
    public static Path results() {
        String p = System.getProperty("cider.results");
        if (p == null || p.isBlank()) {
            p = System.getenv("CIDER_RESULTS");
        }
        if (p != null && !p.isBlank()) {
            return Path.of(p).toAbsolutePath().normalize();
        }
        return Scale.current() == Scale.SMOKE ? root().resolve("target").resolve("results-smoke") : root().resolve("results");
    }
}
