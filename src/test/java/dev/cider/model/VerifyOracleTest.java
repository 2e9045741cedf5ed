package dev.cider.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cider.ProjectPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker reads everything from the fixture and its sidecar, so a changed sidecar is checked (and fails) without code changes. */
class VerifyOracleTest {

    @Test
    void aChangedLossWeightInTheSidecarIsDetected(@TempDir Path dir) throws Exception {
        var fwd = ProjectPaths.sharedFile("oracle/cider_mosi_unaligned_c3_l3_h8.npz");
        var stu = ProjectPaths.sharedFile("oracle/cider_mosi_unaligned_c3_l3_h8_student.npz");
        Assumptions.assumeTrue(fwd.isPresent() && stu.isPresent(), "../shared/oracle fixtures absent");
        for (Path p : new Path[] {fwd.get(), stu.get()}) {
            String base = p.getFileName().toString().replace(".npz", "");
            Files.copy(p, dir.resolve(p.getFileName()));
            String json = Files.readString(p.resolveSibling(base + ".json"));
            if (!base.endsWith("_student")) {
                JsonObject o = JsonParser.parseString(json).getAsJsonObject();
                o.getAsJsonObject("config").getAsJsonObject("loss_weights").addProperty("joint_rep_weight", 5.0);
                json = o.toString();
            }
            Files.writeString(dir.resolve(base + ".json"), json);
        }
        // named by the student part: the checker finds the forward part through 'companion'
        VerifyOracle.Report r = VerifyOracle.verify(dir.resolve(stu.get().getFileName()), VerifyOracle.Options.quiet());
        assertFalse(r.pass(), r.summaryLine());
        assertTrue(r.summaryLine().endsWith("FAIL"));
        assertTrue(r.results().stream().filter(k -> k.key().equals("out/loss/total")).noneMatch(VerifyOracle.KeyResult::pass));
        assertTrue(r.results().stream().filter(k -> k.key().equals("out/loss/joint_rep")).allMatch(VerifyOracle.KeyResult::pass));
    }

    @Test
    void missingFilesAreNamed(@TempDir Path dir) throws Exception {
        var e = assertThrows(IllegalArgumentException.class,
                () -> VerifyOracle.verify(dir.resolve("none.npz"), VerifyOracle.Options.quiet()));
        assertTrue(e.getMessage().contains("none.npz"), e.getMessage());
        Path lonely = dir.resolve("lonely.npz");
        Files.write(lonely, new byte[] {1, 2, 3});
        var e2 = assertThrows(IllegalArgumentException.class, () -> VerifyOracle.verify(lonely, VerifyOracle.Options.quiet()));
        assertTrue(e2.getMessage().contains("lonely"), e2.getMessage());
    }
}
