package dev.cider.kernel;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Classpath specifications as IJava reads them: the {@code IJAVA_CLASSPATH} environment variable and
 * the {@code %classpath} / {@code %jars} magics.
 *
 * <p>A specification is a list of entries separated by {@link File#pathSeparator}. Each entry is a
 * folder or archive, {@code dir/*} (every jar in {@code dir}, as {@code java -cp} reads it) or a
 * glob ({@code lib/**}{@code /*.jar}, {@code build/classes-?}). A leading {@code ~} is the user's home.
 * Relative entries are resolved against a base folder (the kernel's working directory).
 */
public final class KernelClasspath {
    private KernelClasspath() {}

    /** Splits a path-separated specification into non-blank, trimmed entries. */
    public static List<String> split(String spec) {
        List<String> out = new ArrayList<>();
        if (spec == null) {
            return out;
        }
        for (String e : spec.split(File.pathSeparator)) {
            if (!e.isBlank()) {
                out.add(e.trim());
            }
        }
        return out;
    }

    /**
     * Resolves one entry to existing files or folders, sorted by name.
     *
     * @param entry   a path, {@code dir/*} or a glob
     * @param base    folder that relative entries are resolved against
     * @param jarsOnly keep only {@code .jar} files (the {@code %jars} magic and {@code dir/*})
     * @return the matches; empty when nothing exists or matches
     */
    public static List<Path> resolve(String entry, Path base, boolean jarsOnly) {
        String e = entry.trim();
        if (e.equals("~") || e.startsWith("~/")) {
            e = System.getProperty("user.home") + e.substring(1);
        }
        int firstGlob = indexOfGlob(e);
        List<Path> out = new ArrayList<>();
        if (firstGlob < 0) {
            Path p = base.resolve(e).toAbsolutePath().normalize();
            if (Files.exists(p) && (!jarsOnly || isJar(p))) {
                out.add(p);
            }
            return out;
        }
        // fixed prefix folder = everything up to the last separator before the first glob character
        int cut = e.lastIndexOf('/', firstGlob);
        Path root = base.resolve(cut < 0 ? "." : (cut == 0 ? "/" : e.substring(0, cut))).toAbsolutePath().normalize();
        String pattern = cut < 0 ? e : e.substring(cut + 1);
        if (!Files.isDirectory(root)) {
            return out;
        }
        boolean javaStar = pattern.equals("*");   // dir/* = the jars of dir, like java -cp
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        int depth = pattern.contains("**") ? Integer.MAX_VALUE : (int) pattern.chars().filter(c -> c == '/').count() + 1;
        try (Stream<Path> s = Files.walk(root, depth)) {
            s.filter(p -> !p.equals(root))
                    .filter(p -> matcher.matches(root.relativize(p)))
                    .filter(p -> !(jarsOnly || javaStar) || isJar(p))
                    .sorted()
                    .forEach(out::add);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot list classpath glob '" + entry + "'", ex);
        }
        return out;
    }

    /** Resolves a whole specification; entries that match nothing are reported to {@code missing}. */
    public static List<Path> resolveAll(String spec, Path base, boolean jarsOnly, List<String> missing) {
        List<Path> out = new ArrayList<>();
        for (String e : split(spec)) {
            List<Path> r = resolve(e, base, jarsOnly);
            if (r.isEmpty() && missing != null) {
                missing.add(e);
            }
            out.addAll(r);
        }
        return out;
    }

    private static int indexOfGlob(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return i;
            }
        }
        return -1;
    }

    private static boolean isJar(Path p) {
        return Files.isRegularFile(p) && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar");
    }
}
