package dev.cider.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cider.Scale;
import dev.cider.eval.DataKind;
import dev.cider.eval.Manifest;
import dev.cider.eval.ResultsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README generator on a temporary copy: markers, the generated rows, idempotence and bad input. */
class ReproductionReportTest {
    @TempDir
    Path tmp;

    private static final String README = "# cider-java\n\nintro\n\n## Reproducing the paper\n\n"
            + "*This section is generated from `results/` once the study has run; other parts of the project fill it in.*\n\n"
            + "## Later section\n\nkept text\n";

    private Path results() throws Exception {
        Path results = tmp.resolve("results");
        Path dir = results.resolve("05-main-results");
        ResultsWriter w = ResultsWriter.create("05-main-results");
        w.add(new ResultsWriter.Context("synthetic-mosi-iid+ood", "binary", "test", "paper", "RMFM", 0.0, 1111,
                DataKind.SYNTHETIC), "Non0_acc_2", 0.6, 0.2);
        Path csv = w.write(dir.resolve("results.csv"));
        Files.writeString(dir.resolve("paper-vs-ours.csv"), String.join(",", MainResultsStudy.COMPARISON_COLUMNS) + "\n"
                + "IV,\"RMFM, IID (AUILC)\",Acc2,MOSI,72.1,synthetic-mosi-iid+ood,62.1,60.1,synthetic,2\n"
                + "IV,\"complete, OOD\",F1,MOSI,78.2,synthetic-mosi-iid+ood,58.2,57.2,synthetic,2\n"
                + "X,\"complete, IID\",Acc7,MOSI,46.5,synthetic-mosi-iid+ood,50.5,40.5,synthetic,1\n");
        Manifest.start("05-main-results").probeEngine(false).scale(Scale.QUICK)
                .data(DataKind.SYNTHETIC, "unit test", Map.of()).addResultsFile(csv).write(dir.resolve("manifest.json"));
        Files.createDirectories(results.resolve("paper")); // no manifest: not a study folder
        return results;
    }

    private Path notebooks() throws Exception {
        Path nb = tmp.resolve("notebooks");
        Files.createDirectories(nb);
        Files.writeString(nb.resolve("05-main-results.ipynb"), "{}");
        Files.writeString(nb.resolve("11-protocol.ipynb"), "{}");
        return nb;
    }

    @Test
    void insertsTheGeneratedSectionBetweenMarkersAndIsIdempotent() throws Exception {
        Path readme = tmp.resolve("README.md");
        Files.writeString(readme, README);
        List<ReproductionReport.Entry> entries = ReproductionReport.update(readme, results(), notebooks());
        String once = Files.readString(readme);
        assertTrue(once.startsWith("# cider-java\n\nintro\n\n## Reproducing the paper\n\n" + ReproductionReport.BEGIN));
        assertTrue(once.endsWith(ReproductionReport.END + "\n\n## Later section\n\nkept text\n"), once);
        assertFalse(once.contains("*This section is generated from `results/` once"), "placeholder replaced");
        String row = once.lines().filter(l -> l.contains("[05-main-results](notebooks/05-main-results.ipynb)")).findFirst()
                .orElseThrow();
        assertTrue(row.contains("| quick |") && row.contains("| SYNTHETIC |"), row);
        assertTrue(row.contains("--scale quick notebooks/05-main-results.ipynb"), row);
        // IV: (62.1-72.1 + 58.2-78.2)/2 = -15.0 paper protocol; (60.1-72.1 + 57.2-78.2)/2 = -16.5 clean
        assertTrue(row.contains("Table IV, 2 cells: ours (SYNTHETIC) minus paper -15.0 points on average (-20.0 to -10.0), "
                + "paper protocol; -16.5 clean protocol"), row);
        assertTrue(row.contains("Table X, 1 cell: ours (SYNTHETIC) minus paper +4.0"), row);
        assertTrue(row.contains("not a MOSI/MOSEI result"), row);
        assertTrue(once.contains("[11-protocol](notebooks/11-protocol.ipynb)"), "an existing notebook without results is listed");
        assertTrue(once.contains("not run yet"));
        assertEquals(ReproductionReport.PARTS.size(), entries.size());
        ReproductionReport.update(readme, results(), notebooks());
        assertEquals(once, Files.readString(readme), "a second run changes nothing");
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".tmp")));
        }
    }

    @Test
    void protocolNotebookShowsTheGapAndItsParts() throws Exception {
        Path results = tmp.resolve("r11");
        Path dir = results.resolve("11-protocol");
        Files.createDirectories(dir);
        Manifest.start("11-protocol").probeEngine(false).scale(Scale.SMOKE).data(DataKind.SYNTHETIC, "t", Map.of())
                .write(dir.resolve("manifest.json"));
        Files.writeString(dir.resolve("summary.csv"), "quantity,split,paper protocol (%),clean protocol (%),from oracle tau,"
                + "from test prototypes,from batch-index positional\n"
                + "Non0_acc_2 @ rate 0,test,60,50,4,5,1\n"
                + "AUILC(Non0_acc_2),test_ood,55,50,3,1.5,0.5\n");
        ReproductionReport.Entry e = ReproductionReport.collect(results, notebooks()).stream()
                .filter(x -> x.experiment().equals("11-protocol")).findFirst().orElseThrow();
        assertEquals("AUILC(Non0_acc_2) OOD: paper minus clean protocol +5.0 points (tau +3.0, prototypes +1.5, "
                + "positional +0.5)", e.standing());
        assertEquals("smoke", e.scale());
    }

    @Test
    void replacesOnlyTheTextBetweenExistingMarkers() {
        String readme = "a\n## Reproducing the paper\n" + ReproductionReport.BEGIN + "\nold\n" + ReproductionReport.END + "\nz\n";
        assertEquals("a\n## Reproducing the paper\n" + ReproductionReport.BEGIN + "\nnew\n" + ReproductionReport.END + "\nz\n",
                ReproductionReport.splice(readme, "new\n"));
        String noSection = ReproductionReport.splice("x\n", "gen");
        assertTrue(noSection.endsWith("## Reproducing the paper\n\n" + ReproductionReport.BEGIN + "\ngen\n"
                + ReproductionReport.END + "\n"), noSection);
        assertThrows(IllegalArgumentException.class, () -> ReproductionReport.splice(ReproductionReport.END + "\n"
                + ReproductionReport.BEGIN + "\n", "x"));
        assertThrows(IllegalArgumentException.class, () -> ReproductionReport.splice(ReproductionReport.BEGIN + "\n", "x"));
    }

    @Test
    void corruptInputNamesTheFileAndLeavesTheReadmeUntouched() throws Exception {
        Path results = results();
        Path readme = tmp.resolve("README.md");
        Files.writeString(readme, README);
        Files.writeString(results.resolve("05-main-results").resolve("manifest.json"), "{ not json");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReproductionReport.update(readme, results, notebooks()));
        assertTrue(e.getMessage().contains("manifest.json"), e.getMessage());
        assertEquals(README, Files.readString(readme));
        Path other = tmp.resolve("other");
        Files.createDirectories(other.resolve("06-x"));
        Manifest.start("06-x").probeEngine(false).data(DataKind.REAL, "t", Map.of()).write(other.resolve("06-x/manifest.json"));
        Files.writeString(other.resolve("06-x/paper-vs-ours.csv"), "table,metric,paper,ours_paper_protocol,data_kind\n"
                + "V,Acc2,1,2,mosi\n");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> ReproductionReport.collect(other, notebooks()));
        assertTrue(bad.getMessage().contains("paper-vs-ours.csv") && bad.getMessage().contains("data row 1"), bad.getMessage());
    }

    @Test
    void sideBySideTablesAreSummarisedAgainstThePaper(@TempDir Path tmp) throws java.io.IOException {
        Path v = tmp.resolve("table_V_side_by_side.csv");
        Files.writeString(v, String.join("\n",
                "row,metric,\"paper (MOSI, OOD)\",\"ours paper protocol (synthetic, OOD)\",\"ours clean protocol (synthetic, OOD)\",paper drop,drop paper/test_ood",
                "full,Acc2,65.8,60.0,59.0,0.0,0.0",
                "w/o X,Acc2,62.5,58.0,57.0,3.3,2.0",
                "w/o Y,Acc2,61.7,62.0,61.0,4.1,-2.0", ""));
        String s = ReproductionReport.sideBySide(v, "SYNTHETIC");
        // ours - paper: -5.8, -4.5, +0.3 -> mean -3.333; clean: -6.8, -5.5, -0.7 -> -4.333
        assertTrue(s.startsWith("Table V, 3 cells: ours (SYNTHETIC) minus paper -3.3 points on average (-5.8 to +0.3)"), s);
        assertTrue(s.contains("-4.3 clean protocol"), s);
        assertTrue(s.contains("has the paper's sign in 1 of 2 rows"), s);

        Path vi = tmp.resolve("table_VI_side_by_side.csv");
        Files.writeString(vi, String.join("\n", "row,hardware,parameters,time per epoch (s)",
                "\"paper, CIDer\",GPU,247946,10.4", "\"ours, B=32\",CPU,276566,76.9", ""));
        String t = ReproductionReport.sideBySide(vi, "SYNTHETIC");
        assertTrue(t.contains("parameters: paper 2.479e+05, ours 2.766e+05"), t);
        assertTrue(t.contains("time per epoch (s): paper 10.40, ours 76.90"), t);

        assertEquals("Tables VII, XII", ReproductionReport.tableLabel(Path.of("tables_VII_XII_side_by_side.csv")));
        assertEquals("Table IX {L}", ReproductionReport.tableLabel(Path.of("table_IX_L_side_by_side.csv")));
        assertEquals("Table VIII", ReproductionReport.tableLabel(Path.of("table_VIII_side_by_side.csv")));
    }
}
