package dev.cider.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.cider.util.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Hyper-parameters of one CIDer training run, saved and loaded as JSON.
 *
 * <p>Defaults are the one set the reference ships ({@code main_run.py}, spec section 5.4): 3 MCT
 * layers, 8 heads, embed dim 32, dropouts attn 0.0 / out 0.3 / embed 0.2 / relu 0.1 / res 0.1,
 * loss weights joint 0.5, attention 0.1, reconstruction 0.6, Adam lr 1e-3 (BERT 5e-5, weight decay
 * 0.001), batch 128, up to 200 epochs, patience 10, 100 bias words, seed 1111; text input from
 * the frozen BERT input embeddings on CPU ({@link TextFeatures}).
 *
 * <p>Loading is strict: a JSON file with a missing or an extra field is an error naming the file
 * and the fields, so a typo never silently falls back to a default.
 */
public final class TrainConfig {
    /** "binary" (3 classes) or "seven". */
    public String task = "binary";
    public int layers = 3;
    public int heads = 8;
    public int embedDim = 32;
    public double attnDropout = 0.0;
    public double outDropout = 0.3;
    public double embedDropout = 0.2;
    public double reluDropout = 0.1;
    public double resDropout = 0.1;
    /** Weight of the joint-representation distillation loss (MSSD). */
    public double jointRepWeight = 0.5;
    /** Weight of the attention distillation loss (MSSD). */
    public double attnWeight = 0.1;
    /** Weight of the reconstruction loss (MSSD). */
    public double reconWeight = 0.6;
    public int batchSize = 128;
    public double lr = 1e-3;
    public double lrBert = 5e-5;
    public double weightDecayBert = 0.001;
    public int epochs = 200;
    public int patience = 10;
    public int biasThresh = 100;
    public long seed = 1111;
    /** Training-time missing generator: "reference-half" (p = 0.5 per element) or "paper-uniform-rate". */
    public String trainingMissing = "reference-half";
    /** MCT positional term: "reference-batch-index" or "sequence-position". */
    public String positional = "reference-batch-index";
    /** Per-batch update: "reference-two-stage" (two Adam steps, no zero_grad between) or "clean". */
    public String update = "reference-two-stage";
    /**
     * Text input of the model ({@link TextFeatures.Kind}): "bert-embeddings" (CPU default, frozen BERT
     * input embeddings), "bert-finetune" (the paper: BERT in the graph, GPU) or "random-embeddings"
     * (tests; labelled).
     */
    public String textFeatures = "bert-embeddings";

    /** The reference defaults. */
    public static TrainConfig defaults() {
        return new TrainConfig();
    }

    /** A copy (via JSON). */
    public TrainConfig copy() {
        return fromJson(toJson(), "copy");
    }

    /** Checks ranges and option names; throws naming the field. */
    public TrainConfig validate() {
        requireOneOf("task", task, "binary", "seven");
        requireOneOf("trainingMissing", trainingMissing, "reference-half", "paper-uniform-rate");
        requireOneOf("positional", positional, "reference-batch-index", "sequence-position");
        requireOneOf("update", update, "reference-two-stage", "clean");
        requireOneOf("textFeatures", textFeatures, "bert-embeddings", "bert-finetune", "random-embeddings");
        requirePositive("layers", layers);
        requirePositive("heads", heads);
        requirePositive("embedDim", embedDim);
        if (embedDim % heads != 0) {
            throw new IllegalArgumentException("embedDim " + embedDim + " is not divisible by heads " + heads);
        }
        for (String f : List.of("attnDropout", "outDropout", "embedDropout", "reluDropout", "resDropout")) {
            double v = (double) get(f);
            if (!(v >= 0 && v < 1)) {
                throw new IllegalArgumentException(f + " = " + v + " is outside [0, 1)");
            }
        }
        for (String f : List.of("jointRepWeight", "attnWeight", "reconWeight", "lr", "lrBert", "weightDecayBert")) {
            double v = (double) get(f);
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(f + " = " + v + " must be a finite number >= 0");
            }
        }
        requirePositive("batchSize", batchSize);
        requirePositive("epochs", epochs);
        requirePositive("patience", patience);
        requirePositive("biasThresh", biasThresh);
        return this;
    }

    private Object get(String field) {
        try {
            return TrainConfig.class.getField(field).get(this);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void requirePositive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " = " + v + " must be > 0");
        }
    }

    private static void requireOneOf(String name, String v, String... allowed) {
        for (String a : allowed) {
            if (a.equals(v)) {
                return;
            }
        }
        throw new IllegalArgumentException("unknown " + name + " '" + v + "': expected one of " + String.join(", ", allowed));
    }

    private static Gson gson() {
        return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();
    }

    /** Pretty JSON of every field. */
    public String toJson() {
        return gson().toJson(this);
    }

    /** Writes the config atomically. */
    public void save(Path file) {
        AtomicFiles.writeString(file, toJson() + "\n");
    }

    /** Reads and validates a config file (strict: missing or extra fields are errors naming the file). */
    public static TrainConfig load(Path file) {
        try {
            return fromJson(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses JSON strictly; {@code origin} names the source in error messages. */
    public static TrainConfig fromJson(String json, String origin) {
        JsonObject obj;
        try {
            JsonElement el = JsonParser.parseString(json);
            if (!el.isJsonObject()) {
                throw new IllegalArgumentException(origin + ": config must be a JSON object");
            }
            obj = el.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(origin + ": not valid JSON: " + e.getMessage(), e);
        }
        Set<String> expected = new LinkedHashSet<>(fieldNames());
        Set<String> present = new TreeSet<>(obj.keySet());
        List<String> missing = new ArrayList<>();
        for (String f : expected) {
            if (!present.contains(f)) {
                missing.add(f);
            }
        }
        List<String> extra = new ArrayList<>();
        for (String f : present) {
            if (!expected.contains(f)) {
                extra.add(f);
            }
        }
        if (!missing.isEmpty() || !extra.isEmpty()) {
            throw new IllegalArgumentException(origin + ": config fields do not match"
                    + (missing.isEmpty() ? "" : "; missing: " + missing)
                    + (extra.isEmpty() ? "" : "; unknown: " + extra));
        }
        TrainConfig c;
        try {
            c = gson().fromJson(obj, TrainConfig.class);
        } catch (JsonParseException | NumberFormatException e) {
            throw new IllegalArgumentException(origin + ": a config field has the wrong type: " + e.getMessage(), e);
        }
        try {
            return c.validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
        }
    }

    private static List<String> fieldNames() {
        List<String> names = new ArrayList<>();
        for (Field f : TrainConfig.class.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isPublic(m) && !Modifier.isStatic(m)) {
                names.add(f.getName());
            }
        }
        return names;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainConfig t && t.toJson().equals(toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
