package dev.cider.data;

import dev.cider.ProjectPaths;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class OodRepartitionTest {

    /** Minimal reader of ../shared/data/mosi/transcripts.csv (id,text,label,mode; no quoting in that file). */
    record Rows(List<String> texts, int[] labels3, int[] split) {}

    static Rows mosi() throws IOException {
        Path p = ProjectPaths.sharedFile("data/mosi/transcripts.csv").orElse(null);
        Assumptions.assumeTrue(p != null, "../shared/data/mosi/transcripts.csv absent: skipping");
        List<String> lines = Files.readAllLines(p);
        assertEquals("id,text,label,mode", lines.get(0));
        List<String> texts = new ArrayList<>();
        int n = lines.size() - 1;
        int[] labels = new int[n];
        int[] split = new int[n];
        for (int i = 0; i < n; i++) {
            String[] f = lines.get(i + 1).split(",", -1);
            assertEquals(4, f.length, "line " + (i + 2));
            texts.add(f[1]);
            labels[i] = Labels.label3FromScore(Double.parseDouble(f[2]));
            split[i] = switch (f[3]) {
                case "train" -> 0;
                case "dev" -> 1;
                case "test" -> 2;
                default -> throw new IllegalArgumentException(f[3]);
            };
        }
        return new Rows(texts, labels, split);
    }

    private static OodRepartition repartition(long seed) {
        // the transcripts' own sizes (1,281 / 229 / 685): the training size is kept
        return OodRepartition.builder().setSeed(seed).setSizes(1281, 229).optMinWordFrequency(20).optIterations(30_000).build();
    }

    @Test
    void realMosiTranscriptsGetAnOodSplit() throws IOException {
        Rows r = mosi();
        OodRepartition.Result res = repartition(1111).repartition(r.texts(), r.labels3(), 3, new int[]{0, 2}, r.split());
        System.out.println("MOSI repartition: " + res.summary());
        System.out.println("paper: MOSI IID train 552/53/679, OOD train 626/55/603");
        assertEquals(1281, res.train().length);
        assertEquals(229, res.valid().length);
        assertEquals(685, res.test().length);
        // a partition of all samples
        int[] all = new int[r.texts().size()];
        for (int[] part : new int[][]{res.train(), res.valid(), res.test()}) {
            for (int i : part) {
                all[i]++;
            }
        }
        for (int c : all) {
            assertEquals(1, c);
        }
        // before = the standard folds: the counts are the real ones
        assertArrayEquals(new int[]{551, 53, 677}, res.before().trainClassCounts());
        // the word-label correlation shifts: word leans agree much less between train and test after
        assertTrue(res.after().wordShift() > res.before().wordShift() + 0.05,
                "word shift " + res.before().wordShift() + " -> " + res.after().wordShift());
        assertTrue(res.after().leanAgreement() < res.before().leanAgreement() - 0.3,
                "lean agreement " + res.before().leanAgreement() + " -> " + res.after().leanAgreement());
        // the label prior moves only moderately (penalised)
        assertTrue(res.after().priorShift() < 0.15, "prior shift " + res.after().priorShift());
    }

    @Test
    void deterministicPerSeed() throws IOException {
        Rows r = mosi();
        OodRepartition a = OodRepartition.builder().setSeed(5).setSizes(1281, 229).optMinWordFrequency(30).optIterations(3000).build();
        OodRepartition b = OodRepartition.builder().setSeed(5).setSizes(1281, 229).optMinWordFrequency(30).optIterations(3000).build();
        OodRepartition c = OodRepartition.builder().setSeed(6).setSizes(1281, 229).optMinWordFrequency(30).optIterations(3000).build();
        OodRepartition.Result ra = a.repartition(r.texts(), r.labels3(), 3, new int[]{0, 2}, null);
        OodRepartition.Result rb = b.repartition(r.texts(), r.labels3(), 3, new int[]{0, 2}, null);
        OodRepartition.Result rc = c.repartition(r.texts(), r.labels3(), 3, new int[]{0, 2}, null);
        assertArrayEquals(ra.train(), rb.train());
        assertArrayEquals(ra.valid(), rb.valid());
        assertArrayEquals(ra.test(), rb.test());
        assertFalse(Arrays.equals(ra.test(), rc.test()));
    }

    @Test
    void handMadeCorrelationIsFlipped() {
        // word "alpha" in 10 positive and 10 negative texts, "beta" likewise; a 20-sample test set can
        // make alpha positive-only in train and negative-heavy in test
        List<String> texts = new ArrayList<>();
        int[] labels = new int[60];
        for (int i = 0; i < 60; i++) {
            labels[i] = i % 2 == 0 ? 0 : 2;
            texts.add((i % 4 < 2 ? "alpha" : "beta") + " filler words");
        }
        OodRepartition rep = OodRepartition.builder().setSeed(1).setSizes(30, 10).optMinWordFrequency(5)
                .optPriorPenalty(1.0).optIterations(5000).build();
        OodRepartition.Result res = rep.repartition(texts, labels, 3, new int[]{0, 2}, null);
        assertEquals(List.of("alpha", "beta", "filler", "words"), res.words());
        assertEquals(20, res.test().length);
        assertTrue(res.after().wordShift() > 0.3, "alpha/beta lean opposite ways in train and test: " + res.after().wordShift());
        assertTrue(res.after().leanAgreement() < 0, "leans anti-correlated: " + res.after().leanAgreement());
    }

    @Test
    void sevenClassRepartitionOfADataset() {
        MultimodalData d = SyntheticCider.builder().setSeed(4).optDims(DatasetDims.MOSI_ALIGNED).optScaleFraction(0.3)
                .build().iid();
        int nTrain = d.split("train").size();
        int nValid = d.split("valid").size();
        OodRepartition.Result r = OodRepartition.builder().setSeed(9).setSizes(nTrain, nValid).optMinWordFrequency(15)
                .optIterations(8000).build().repartition(d, Labels.Task.SEVEN);
        assertEquals(7, r.after().trainClassCounts().length);
        assertEquals(nTrain, Arrays.stream(r.after().trainClassCounts()).sum());
        assertEquals(nTrain, Arrays.stream(r.before().trainClassCounts()).sum());
        assertTrue(r.after().wordShift() > r.before().wordShift(), r.summary());
        MultimodalData o = OodRepartition.apply(d, r);
        assertEquals(nTrain, o.split("train").size());
        assertEquals(nValid, o.split("valid").size());
        assertEquals(d.split("test").size(), o.split("test").size());
        assertTrue(o.synthetic() && o.name().endsWith("-ood-repartitioned"));
        assertSame(OodRepartition.pooled(d).get(r.test()[0]), o.split("test").get(0));
    }

    @Test
    void wordsAndBadInput() {
        assertEquals(List.of("didnt", "like", "it", "3d"), OodRepartition.words("Didn't LIKE it... 3D!"));
        assertTrue(OodRepartition.STOP_WORDS.contains("didnt"));
        assertTrue(OodRepartition.STOP_WORDS.contains("the"));
        OodRepartition rep = OodRepartition.builder().setSeed(1).setSizes(3, 1).optMinWordFrequency(0).build();
        assertThrows(IllegalArgumentException.class, () -> rep.repartition(List.of("a b", "c d"), new int[]{0, 2}, 3, null, null));
        assertThrows(IllegalArgumentException.class, () -> rep.repartition(List.of("x", "y", "z", "w", "v"),
                new int[]{0, 2, 0, 5, 1}, 3, null, null));
        assertThrows(IllegalStateException.class, () -> OodRepartition.builder().setSizes(1, 1).build());
        assertThrows(IllegalArgumentException.class, () -> OodRepartition.builder().optPriorPenalty(Double.NaN));
    }
}
