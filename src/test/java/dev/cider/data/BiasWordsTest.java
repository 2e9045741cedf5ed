package dev.cider.data;

import dev.cider.ProjectPaths;
import dev.cider.util.Npz;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class BiasWordsTest {

    private static Npz oracle() {
        Path p = ProjectPaths.sharedFile("oracle/bias_words_case.npz").orElse(null);
        Assumptions.assumeTrue(p != null, "../shared/oracle/bias_words_case.npz absent: skipping oracle test");
        return Npz.read(p);
    }

    private static int[][] rows(Npz z, String key) {
        int[] flat = z.get(key).ints();
        int[] shape = z.get(key).intShape();
        int[][] out = new int[shape[0]][shape[1]];
        for (int i = 0; i < shape[0]; i++) {
            System.arraycopy(flat, i * shape[1], out[i], 0, shape[1]);
        }
        return out;
    }

    private static int[] labels(Npz z, Labels.Task task) {
        if (task == Labels.Task.BINARY) {
            return z.get("in/train_labels3").ints();
        }
        float[] y = z.get("in/train_regression").floats();
        int[] out = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = Labels.label7(y[i]);
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"binary,100", "binary,10", "seven,100", "seven,10"})
    void equalsReferenceWithQuirk(String taskName, int thresh) {
        Npz z = oracle();
        Labels.Task task = Labels.Task.parse(taskName);
        int[] labels = labels(z, task);
        assertArrayEquals(z.get("out/" + taskName + "/labels").ints(), labels, "labels used by the reference");
        BiasWords bw = BiasWords.builder().setTask(task).optThreshold(thresh).optReferenceNeutralQuirk(true)
                .build(rows(z, "in/train_text"), labels);
        String k = "out/" + taskName + "_thresh" + thresh + "/";
        assertArrayEquals(z.get(k + "ids").ints(), bw.ids(), "ids");
        assertArrayEquals(z.get(k + "sum").longs(), bw.sums(), "sums");
        assertArrayEquals(z.get(k + "cv").floats(), bw.cvs(), "cv (float32, bit for bit)");
        int[][] cfIn = rows(z, "in/cf_text_m");
        int[][] cfRef = rows(z, k + "cf_text");
        for (int i = 0; i < cfIn.length; i++) {
            assertArrayEquals(cfRef[i], bw.counterfactual(cfIn[i]), "cf_text row " + i);
        }
        // every counted word: order, counts, assigned cv, cv test
        int[] words = z.get("out/" + taskName + "_all/word_ids").ints();
        long[] counts = z.get("out/" + taskName + "_all/counts").longs();
        float[] cvAssigned = z.get("out/" + taskName + "_all/cv_assigned").floats();
        int[] passes = z.get("out/" + taskName + "_all/passes_cv").ints();
        List<BiasWords.WordStat> all = bw.allWords();
        assertEquals(words.length, all.size());
        int c = task.classes();
        for (int i = 0; i < words.length; i++) {
            BiasWords.WordStat w = all.get(i);
            assertEquals(words[i], w.id(), "word order at " + i);
            for (int j = 0; j < c; j++) {
                assertEquals(counts[i * c + j], w.classCounts()[j], "count of word " + w.id() + " class " + j);
            }
            assertEquals(cvAssigned[i], w.cv(), "cv of word " + w.id());
            assertEquals(passes[i] == 1, w.passesCv(), "cv test of word " + w.id());
        }
    }

    @Test
    void correctedModeExcludesNeutralOnlyWords() {
        Npz z = oracle();
        int[][] text = rows(z, "in/train_text");
        int[] labels = labels(z, Labels.Task.BINARY);
        // no top-k cut (threshold above the vocabulary), so only the cv test differs between the modes
        BiasWords quirk = BiasWords.builder().setTask(Labels.Task.BINARY).optThreshold(100_000)
                .optReferenceNeutralQuirk(true).build(text, labels);
        BiasWords fixed = BiasWords.builder().setTask(Labels.Task.BINARY).optThreshold(100_000).build(text, labels);
        // 2002 is neutral-only: the reference keeps it with 2001's stale cv; corrected mode drops it
        assertTrue(quirk.contains(2002));
        assertFalse(fixed.contains(2002));
        for (BiasWords.WordStat w : fixed.allWords()) {
            if (w.neutralOnly()) {
                assertTrue(Float.isNaN(w.cv()), "neutral-only word " + w.id() + " has cv NaN");
                assertFalse(w.passesCv());
            }
        }
        assertTrue(BiasWords.builder().setTask(Labels.Task.BINARY).build(text, labels).size() == 100,
                "with the default top-100 cut the next word moves up into 2002's place");
        // all other words are treated identically: the corrected dictionary is the quirk one minus neutral-only words
        int[] expected = java.util.Arrays.stream(quirk.ids()).filter(id -> quirk.allWords().stream()
                .noneMatch(w -> w.id() == id && w.neutralOnly())).toArray();
        assertArrayEquals(expected, fixed.ids());
    }

    @Test
    void handComputedSmallCase() {
        // word 5000: 3 neg, 1 pos -> cv = |3-1|/4 = 0.5 ; word 5001: 2 neg, 2 pos -> cv 0 ; word 5002 neutral only
        int[][] ids = {
                {101, 5000, 5000, 5001, 102, 0},
                {101, 5000, 5001, 102, 0, 0},
                {101, 5000, 5001, 5001, 102, 0},
                {101, 5002, 100, 103, 102, 0},
        };
        int[] labels = {0, 0, 2, 1};
        BiasWords bw = BiasWords.builder().setTask(Labels.Task.BINARY).build(ids, labels);
        assertArrayEquals(new int[]{5000}, bw.ids());
        assertArrayEquals(new long[]{4}, bw.sums());
        assertEquals(0.5f, bw.cvs()[0], 1e-7f);
        assertArrayEquals(new int[]{101, 5000, 103, 100, 103, 102, 0}, bw.counterfactual(new int[]{101, 5000, 5001, 100, 7, 102, 0}));
        // quirk: 5002 (neutral-only) follows 5001 (cv 0) and inherits 0 -> still excluded
        BiasWords q = BiasWords.builder().setTask(Labels.Task.BINARY).optReferenceNeutralQuirk(true).build(ids, labels);
        assertEquals(0f, q.allWords().get(2).cv());
        // first word neutral-only: reference fails
        assertThrows(IllegalStateException.class, () -> BiasWords.builder().setTask(Labels.Task.BINARY)
                .optReferenceNeutralQuirk(true).build(new int[][]{{101, 7000, 102}}, new int[]{1}));
        assertThrows(IllegalArgumentException.class, () -> BiasWords.builder().setTask(Labels.Task.BINARY)
                .build(new int[][]{{101, 7000, 102}}, new int[]{3}));
        assertThrows(IllegalStateException.class, () -> BiasWords.builder().build(ids, labels));
    }
}
