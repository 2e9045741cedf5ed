package dev.cider.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cider.Scale;
import dev.cider.data.DatasetDims;
import dev.cider.data.Labels;
import dev.cider.data.MultimodalData;
import dev.cider.data.SyntheticCider;
import dev.cider.train.EmbeddingFeatures;
import dev.cider.train.RunLock;
import dev.cider.train.TextFeatures;
import dev.cider.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared recipe and run folders: the notebooks that need the same model must find the same run. */
class StudyRunsTest {
    private static final TextFeatures TEXT = EmbeddingFeatures.random(1, 768);

    @Test
    void everyStudyAsksForTheSameReferenceRun() {
        Scale scale = Scale.SMOKE;
        TrainingStudy.Settings ts = TrainingStudy.settings(scale);
        MultimodalData data = TrainingStudy.data(ts);
        Path p04 = StudyRuns.dir(scale, TrainingStudy.paperConfig(ts, TEXT), "", data);

        MainResultsStudy.Settings ms = MainResultsStudy.settings(scale);
        MultimodalData d05 = MainResultsStudy.data(ms, MainResultsStudy.Setting.MOSI_UA);
        Path p05 = MainResultsStudy.checkpointDir(ms, MainResultsStudy.Setting.MOSI_UA, MainResultsStudy.config(ms, TEXT,
                Labels.Task.BINARY, ms.seeds()[0], MainResultsStudy.REFERENCE_POSITIONAL), d05);

        AblationStudy.Settings as = AblationStudy.settings(scale);
        MultimodalData d06 = AblationStudy.data(as);
        TrainConfig base06 = AblationStudy.baseConfig(as, TEXT, "binary");
        Path p06 = StudyRuns.dir(scale, AblationStudy.Ablation.FULL.config(base06),
                AblationStudy.Ablation.FULL.modelVariant(), d06);

        PatternStudy.Settings ps = PatternStudy.settings(scale);
        MultimodalData d08 = PatternStudy.data(ps, PatternStudy.Setting.UNALIGNED); // IID only: same train/valid
        Path p08 = StudyRuns.dir(scale, PatternStudy.config(ps, TEXT, Labels.Task.BINARY), "", d08);

        QualitativeStudy.Settings qs = QualitativeStudy.settings(scale);
        MultimodalData d10 = QualitativeStudy.data(qs); // another test size: same train/valid
        Path p10 = StudyRuns.dir(scale, QualitativeStudy.config(qs, TEXT, true), "", d10);

        assertEquals(p04, p05);
        assertEquals(p04, p06);
        assertEquals(p04, p08);
        assertEquals(p04, p10);
        assertTrue(p04.startsWith(StudyRuns.root(scale)));

        // notebook 10's model without self-distillation is notebook 06's "w/o all of MSSD" row
        assertEquals(StudyRuns.dir(scale, AblationStudy.Ablation.NO_MSSD.config(base06), "", d06),
                StudyRuns.dir(scale, QualitativeStudy.config(qs, TEXT, false), "", d10));
        // notebook 04's clean runs are notebook 11's corrected runs
        for (long seed : ts.cleanSeeds()) {
            assertEquals(StudyRuns.dir(scale, TrainingStudy.cleanConfig(ts, TEXT, seed), "", data),
                    MainResultsStudy.checkpointDir(ms, MainResultsStudy.Setting.MOSI_UA, MainResultsStudy.config(ms, TEXT,
                            Labels.Task.BINARY, seed, MainResultsStudy.CORRECTED_POSITIONAL), d05));
        }
        // notebook 08's aligned model is notebook 05's Table XI model
        assertEquals(StudyRuns.dir(scale, PatternStudy.config(ps, TEXT, Labels.Task.BINARY), "",
                        PatternStudy.data(ps, PatternStudy.Setting.ALIGNED)),
                MainResultsStudy.checkpointDir(ms, MainResultsStudy.Setting.MOSI_A, MainResultsStudy.config(ms, TEXT,
                        Labels.Task.BINARY, ms.seeds()[0], MainResultsStudy.REFERENCE_POSITIONAL),
                        MainResultsStudy.data(ms, MainResultsStudy.Setting.MOSI_A)));
    }

    @Test
    void anythingThatChangesTheModelChangesTheFolder() {
        StudyRuns.Recipe r = StudyRuns.recipe(Scale.SMOKE);
        MultimodalData data = StudyRuns.synthetic(r, DatasetDims.MOSI_UNALIGNED);
        TrainConfig c = StudyRuns.config(r, TEXT.kind().configName(), "binary", r.seed());
        Path base = StudyRuns.dir(Scale.SMOKE, c, "", data);
        assertEquals(base, StudyRuns.dir(Scale.SMOKE, c.copy(), "", StudyRuns.synthetic(r, DatasetDims.MOSI_UNALIGNED)));

        TrainConfig other = c.copy();
        other.lr = 2e-3;
        assertNotEquals(base, StudyRuns.dir(Scale.SMOKE, other.validate(), "", data));
        assertNotEquals(base, StudyRuns.dir(Scale.SMOKE, c, "no-mcm", data));
        MultimodalData otherData = SyntheticCider.builder().setSeed(r.dataSeed() + 1).optDims(DatasetDims.MOSI_UNALIGNED)
                .optSizes(r.train(), r.valid(), r.test()).build().iidAndOod();
        assertNotEquals(base, StudyRuns.dir(Scale.SMOKE, c, "", otherData));
        assertNotEquals(base, StudyRuns.dir(Scale.QUICK, c, "", data));
        assertTrue(base.getFileName().toString().startsWith("mosi-binary-seed" + r.seed() + "-"), base.toString());
    }

    @Test
    void recipesGrowWithTheScale() {
        StudyRuns.Recipe s = StudyRuns.recipe(Scale.SMOKE);
        StudyRuns.Recipe q = StudyRuns.recipe(Scale.QUICK);
        StudyRuns.Recipe f = StudyRuns.recipe(Scale.FULL);
        assertTrue(s.train() < q.train() && q.train() < f.train());
        assertTrue(s.epochs() < q.epochs() && q.epochs() < f.epochs());
        assertEquals(1284, f.train());
        assertEquals(11, f.rates().length);
        assertEquals(0.0, q.rates()[0]);
        assertTrue(q.seeds().length >= 2);
        assertThrows(IllegalArgumentException.class, () -> new StudyRuns.Recipe(Scale.QUICK, 0, 1, 1, 1, 1,
                new double[] {0, 1}, 1, new long[] {1}));
    }

    @Test
    void aSecondHolderWaitsUntilTheFirstReleases(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        CountDownLatch secondStarted = new CountDownLatch(1);
        AtomicBoolean secondGotIt = new AtomicBoolean();
        Thread second;
        try (RunLock first = RunLock.acquire(dir, null)) {
            assertTrue(first.held());
            assertTrue(Files.exists(tmp.resolve("run.lock")));
            second = new Thread(() -> {
                secondStarted.countDown();
                try (RunLock l = RunLock.acquire(dir, null)) {
                    secondGotIt.set(l.held());
                }
            });
            second.start();
            assertTrue(secondStarted.await(10, TimeUnit.SECONDS));
            second.join(300);
            assertTrue(second.isAlive(), "the second holder must wait while the first holds the lock");
            assertFalse(secondGotIt.get());
        }
        second.join(10_000);
        assertFalse(second.isAlive());
        assertTrue(secondGotIt.get());
        try (RunLock none = RunLock.acquire(null, null)) {
            assertFalse(none.held());
        }
    }
}
