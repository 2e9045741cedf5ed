package dev.cider.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cider.text.BertTokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MosiTranscriptsTest {
    static BertTokenizer tok;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        tok = BertTokenizer.load();
    }

    @AfterAll
    static void close() {
        tok.close();
    }

    /** The real file from ../shared: split sizes as documented, labels as the raw CSV says. */
    @Test
    void realTranscriptsLoadWithTheStandardSplit() throws IOException {
        Optional<Path> csv = MosiTranscripts.defaultCsv();
        Assumptions.assumeTrue(csv.isPresent(), "../shared/data/mosi/transcripts.csv absent: skipped");
        MultimodalData data = MosiTranscripts.load(csv.get(), tok);
        assertFalse(data.synthetic());
        // sizes documented in ../shared/data/README.md (standard video-level folds)
        assertEquals(1281, data.split("train").size());
        assertEquals(229, data.split("valid").size());
        assertEquals(685, data.split("test").size());

        // independent count from the raw file: 3-class by sign and split membership
        List<String> raw = Files.readAllLines(csv.get());
        int[][] want = new int[3][3];
        List<String> order = List.of("train", "dev", "test");
        for (String line : raw.subList(1, raw.size())) {
            String[] f = line.split(",");
            double y = Double.parseDouble(f[2]);
            want[order.indexOf(f[3])][y < 0 ? 0 : y == 0 ? 1 : 2]++;
        }
        int over = 0;
        StringBuilder report = new StringBuilder("MOSI transcripts 3-class counts (neg/neu/pos):");
        for (int s = 0; s < 3; s++) {
            String name = List.of("train", "valid", "test").get(s);
            int[] got = new int[3];
            for (Sample x : data.split(name)) {
                got[x.label3()]++;
                assertEquals(Labels.label7(x.regression()), x.label7());
                assertEquals(101, x.inputIds()[0]);
                assertEquals(102, x.inputIds()[x.textLength() - 1]);
                assertEquals(0, x.audioLength(), "no audio on the text track");
                assertEquals(0, x.visionLength(), "no vision on the text track");
                if (tok.tokenCount(x.rawText()) + 2 > MosiTranscripts.TEXT_LENGTH) {
                    over++;
                    assertEquals(MosiTranscripts.TEXT_LENGTH, x.textLength(), "truncated to T_l");
                }
            }
            assertArrayEquals(want[s], got, name);
            report.append(' ').append(name).append(' ').append(got[0]).append('/').append(got[1]).append('/').append(got[2]);
        }
        System.out.println(report + "; utterances over " + MosiTranscripts.TEXT_LENGTH + " tokens: " + over);
        Sample first = data.split("train").get(0);
        assertEquals("03bSnISJMiM_1", first.id());
        assertEquals(first.rawText(), tok.decode(first.inputIds(), true));
    }

    private Path csv(String body) throws IOException {
        Path p = tmp.resolve("t.csv");
        Files.writeString(p, body, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void smallFileHandWritten() throws IOException {
        Path p = csv("id,text,label,mode\nv_1,\"good, really good\",2.4,train\nv_2,bad,-0.8,dev\nv_3,okay,0,test\n");
        MultimodalData d = MosiTranscripts.load(p, tok);
        assertEquals("good, really good", d.split("train").get(0).rawText());
        assertEquals(2, d.split("train").get(0).label3());
        assertEquals(5, d.split("train").get(0).label7());
        assertEquals(0, d.split("valid").get(0).label3());
        assertEquals(1, d.split("test").get(0).label3());
        assertEquals(3, d.split("test").get(0).label7());
        assertEquals(1, d.split("test").get(0).audioFrames());

        // the text track feeds the same dataset as the pickles: text (50), one empty audio/vision frame
        CiderDataset ds = CiderDataset.builder().setSamples(d.split("train")).setTask(Labels.Task.SEVEN)
                .optDims(MosiTranscripts.DIMS).setSampling(1, false).build();
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            ai.djl.ndarray.NDList x = ds.get(m, 0).getData();
            assertEquals(new ai.djl.ndarray.types.Shape(50), x.get(CiderDataset.DATA_INPUT_IDS).getShape());
            assertEquals(new ai.djl.ndarray.types.Shape(1, 5), x.get(CiderDataset.DATA_AUDIO).getShape());
            assertEquals(0L, x.get(CiderDataset.DATA_AUDIO_LENGTH).getLong());
            assertEquals(new ai.djl.ndarray.types.Shape(1, 20), x.get(CiderDataset.DATA_VISION).getShape());
            assertEquals(5L, ds.get(m, 0).getLabels().get(CiderDataset.LABEL_CLASS).getLong());
        }
    }

    @Test
    void badRowsNameFileLineAndColumn() throws IOException {
        String[][] cases = {
            {"id,text,score,mode\n", "header"},
            {"id,text,label,mode\nv_1,x,abc,train\n", "line 2: column label"},
            {"id,text,label,mode\nv_1,x,4.5,train\n", "line 2: column label"},
            {"id,text,label,mode\nv_1,x,NaN,train\n", "line 2: column label"},
            {"id,text,label,mode\nv_1,x,1,train\nv_2,y,1,holdout\n", "line 3: column mode"},
            {"id,text,label,mode\nv_1,x,1,train\nv_1,y,1,test\n", "line 3: column id"},
            {"id,text,label,mode\nv_1,x,1\n", "line 2: 3 columns"},
        };
        for (String[] c : cases) {
            Path p = csv(c[0]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MosiTranscripts.load(p, tok));
            assertTrue(e.getMessage().startsWith(p.toString()) && e.getMessage().contains(c[1]), e.getMessage());
        }
    }
}
