package dev.cider.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDManager;
import dev.cider.ProjectPaths;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opt-in measurement ({@code -Dcider.bench=true}, optional {@code -Dcider.bench.n=N} and
 * {@code -Dcider.bench.batch=B}): frozen BERT-base features of the first N real MOSI transcripts
 * (50 tokens, as MMSA), timed per batch on the configured threads. Not part of the default suite.
 */
@EnabledIfSystemProperty(named = "cider.bench", matches = "true")
class BertFeatureBenchTest {
    @TempDir
    Path tmp;

    @Test
    void frozenFeaturesOfRealMosiTranscripts() throws Exception {
        Optional<Path> jar = BertArtifact.locate();
        Assumptions.assumeTrue(jar.isPresent(), BertArtifact.missingMessage());
        Optional<Path> csv = ProjectPaths.sharedFile("data/mosi/transcripts.csv");
        Assumptions.assumeTrue(csv.isPresent(), "../shared/data/mosi/transcripts.csv not found");
        int n = Integer.getInteger("cider.bench.n", 96);
        int batch = Integer.getInteger("cider.bench.batch", 32);
        List<int[]> ids = new ArrayList<>();
        List<int[]> masks = new ArrayList<>();
        List<int[]> segs = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/bert-tokenizer.json");
             HuggingFaceTokenizer tok = HuggingFaceTokenizer.newInstance(in,
                     Map.of("padding", "max_length", "maxLength", "50", "truncation", "true"))) {
            for (String line : Files.readAllLines(csv.get()).subList(1, 1 + n)) {
                Encoding e = tok.encode(line.split(",")[1]);
                ids.add(toInt(e.getIds()));
                masks.add(toInt(e.getAttentionMask()));
                segs.add(toInt(e.getTypeIds()));
            }
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            long t0 = System.nanoTime();
            BertWeights.Loaded bert = BertWeights.loadPretrained(BertCheckpoint.ofEasyBertJar(jar.get()), manager, true, false);
            System.out.printf("load %.1f s%n", (System.nanoTime() - t0) / 1e9);
            BertFeatureCache cache = BertFeatureCache.builder().setEncoder(bert.encoder()).setWeightsId(bert.weightsId())
                    .optDirectory(tmp).optBatchSize(batch).build();
            long t1 = System.nanoTime();
            BertFeatures f = cache.computeOrLoad(manager, ids, masks, segs);
            double sec = (System.nanoTime() - t1) / 1e9;
            System.out.printf("%d sequences x 50 tokens, batch %d: %.1f s (%.3f s/sequence; MOSI 2,195 would take %.0f s)%n",
                    n, batch, sec, sec / n, sec / n * 2195);
            assertEquals(n, f.size());
            for (float[] v : f.features()) {
                for (float x : v) {
                    assertTrue(Float.isFinite(x));
                }
            }
        }
    }

    private static int[] toInt(long[] a) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Math.toIntExact(a[i]);
        }
        return out;
    }
}
