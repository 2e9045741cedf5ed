package dev.cider.data;

import dev.cider.ProjectPaths;
import dev.cider.text.BertTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The real CMU-MOSI text track: the 2,195 transcribed utterances with their sentiment scores and
 * the standard video-level folds ({@code ../shared/data/mosi/transcripts.csv}, an export of MMSA's
 * MOSI {@code label.csv}; see data-scripts/README.md for its source and checksum).
 *
 * <p>Columns {@code id,text,label,mode}; {@code mode} train / dev / test becomes the splits
 * "train" / "valid" / "test" (1,281 / 229 / 685; MMSA has 1,284 / 229 / 686, four clips are
 * missing from this export). Text is encoded as MMSA's {@code text_bert} is: bert-base-uncased,
 * {@code [CLS] text [SEP]}, truncated and padded to T_l = 50 (spec 2.2). The 3-class label is the
 * sign of the score ({@link Labels#label3FromScore}) and the 7-class label comes from the score
 * ({@link Labels#label7}).
 *
 * <p><b>Language only.</b> This export has no acoustic or visual features. So that the data still
 * fits the one sample schema, every sample carries ONE audio frame of d_a = 5 zeros and ONE vision
 * frame of d_v = 20 zeros, each with valid length 0 ({@link #DIMS}: MOSI feature sizes, T_a = T_v = 1,
 * unaligned). Valid length 0 marks the modality as absent; results on this track are language-only
 * and must not be read as multimodal MOSI results.
 */
public final class MosiTranscripts {
    private MosiTranscripts() {}

    /** Path of the file inside the shared folder. */
    public static final String SHARED_PATH = "data/mosi/transcripts.csv";
    /** Text length T_l of the reference (MMSA {@code *_50.pkl}). */
    public static final int TEXT_LENGTH = 50;
    /** Dims of this track: MOSI feature sizes, one empty audio frame and one empty vision frame. */
    public static final DatasetDims DIMS = new DatasetDims("mosi-text", TEXT_LENGTH, 1, 1, 768, 5, 20, false);
    /** The header the file must have. */
    public static final List<String> HEADER = List.of("id", "text", "label", "mode");

    /** The shared copy, if ../shared (or {@code cider.shared}) holds it. */
    public static Optional<Path> defaultCsv() {
        return ProjectPaths.sharedFile(SHARED_PATH);
    }

    /** Loads the transcripts; every bad row is an error naming the file, line and column. */
    public static MultimodalData load(Path csv, BertTokenizer tok) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read MOSI transcripts " + csv + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty() || !parse(lines.get(0)).equals(HEADER)) {
            throw new IllegalArgumentException(csv + ": line 1: expected header " + String.join(",", HEADER)
                    + ", found '" + (lines.isEmpty() ? "" : lines.get(0)) + "'");
        }
        Map<String, List<Sample>> splits = new LinkedHashMap<>();
        splits.put("train", new ArrayList<>());
        splits.put("valid", new ArrayList<>());
        splits.put("test", new ArrayList<>());
        Set<String> seen = new HashSet<>();
        for (int ln = 1; ln < lines.size(); ln++) {
            String line = lines.get(ln);
            if (line.isBlank()) {
                continue;
            }
            String where = csv + ": line " + (ln + 1);
            List<String> f;
            try {
                f = parse(line);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
            if (f.size() != HEADER.size()) {
                throw new IllegalArgumentException(where + ": " + f.size() + " columns, expected " + HEADER.size());
            }
            String id = f.get(0);
            if (id.isEmpty() || !seen.add(id)) {
                throw new IllegalArgumentException(where + ": column id: " + (id.isEmpty() ? "empty" : "duplicate '" + id + "'"));
            }
            float score;
            try {
                score = Float.parseFloat(f.get(2));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": column label: '" + f.get(2) + "' is not a number", e);
            }
            if (!Float.isFinite(score) || score < -3 || score > 3) {
                throw new IllegalArgumentException(where + ": column label: " + f.get(2) + " is not a score in [-3, 3]");
            }
            String split = switch (f.get(3)) {
                case "train" -> "train";
                case "dev", "valid" -> "valid";
                case "test" -> "test";
                default -> throw new IllegalArgumentException(where + ": column mode: unknown split '" + f.get(3)
                        + "' (expected train, dev or test)");
            };
            BertTokenizer.Encoding e = tok.encode(f.get(1), TEXT_LENGTH);
            splits.get(split).add(new Sample(id, f.get(1), e.ids(), e.attentionMask(), e.segmentIds(),
                    new float[DIMS.audioDim()], 1, DIMS.audioDim(), 0,
                    new float[DIMS.visionDim()], 1, DIMS.visionDim(), 0,
                    score, Labels.label3FromScore(score)));
        }
        splits.replaceAll((k, v) -> List.copyOf(v));
        return new MultimodalData(DIMS.name(), DIMS, false,
                "MOSI transcripts (real text, no audio/vision features) " + csv.toAbsolutePath(), splits);
    }

    /** Splits one CSV line (RFC 4180 quoting: "a,b" and "" escapes). */
    static List<String> parse(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"' && cur.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else if (c != '\r') {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote");
        }
        out.add(cur.toString());
        return out;
    }
}
