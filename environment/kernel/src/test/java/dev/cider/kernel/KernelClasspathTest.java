package dev.cider.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelClasspathTest {

    private static Path touch(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        return Files.write(p, new byte[]{1});
    }

    @Test
    void splitDropsBlankEntries() {
        String sep = File.pathSeparator;
        assertEquals(List.of("a", "b/*"), KernelClasspath.split(" a " + sep + sep + "b/*" + sep));
        assertEquals(List.of(), KernelClasspath.split(null));
    }

    @Test
    void dirStarMeansTheJarsOfThatFolderLikeJavaCp(@TempDir Path dir) throws IOException {
        Path a = touch(dir.resolve("lib/a.jar"));
        Path b = touch(dir.resolve("lib/b.jar"));
        touch(dir.resolve("lib/notes.txt"));
        touch(dir.resolve("lib/sub/c.jar"));
        assertEquals(List.of(a, b), KernelClasspath.resolve("lib/*", dir, false));
    }

    @Test
    void globsMatchBelowTheirFixedPrefix(@TempDir Path dir) throws IOException {
        Path c = touch(dir.resolve("lib/sub/c.jar"));
        Path d = touch(dir.resolve("lib/sub/deeper/d.jar"));
        touch(dir.resolve("lib/sub/e.zip"));
        assertEquals(List.of(c, d), KernelClasspath.resolve(dir + "/lib/**.jar", dir, true));
        assertEquals(List.of(c), KernelClasspath.resolve("lib/*/c.jar", dir, true));
    }

    @Test
    void plainPathsMustExistAndJarsOnlyFiltersFolders(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("classes"));
        assertEquals(List.of(dir.resolve("classes")), KernelClasspath.resolve("classes", dir, false));
        assertEquals(List.of(), KernelClasspath.resolve("classes", dir, true));
        assertEquals(List.of(), KernelClasspath.resolve("missing", dir, false));
        List<String> missing = new ArrayList<>();
        List<Path> all = KernelClasspath.resolveAll("classes" + File.pathSeparator + "nope/*", dir, false, missing);
        assertEquals(List.of(dir.resolve("classes")), all);
        assertEquals(List.of("nope/*"), missing);
    }

    @Test
    void tildeIsTheUserHome() {
        Path home = Path.of(System.getProperty("user.home"));
        assertTrue(KernelClasspath.resolve("~", Path.of("/"), false).contains(home.toAbsolutePath().normalize()));
    }
}
