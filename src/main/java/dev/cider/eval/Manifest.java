package dev.cider.eval;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.cider.Scale;
import dev.cider.data.MultimodalData;
import dev.cider.util.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON manifest written beside every results CSV: what ran (experiment, config, seeds, scale), on what
 * (data kind, source and SHA-256 checksums), with what (git commit and dirty flag, Java / DJL / PyTorch engine /
 * Tablesaw / XChart versions, device), when and for how long (start time, wall time).
 *
 * <pre>{@code
 * Manifest m = Manifest.start("table4-rmfm").config(cfg).seeds(1111).scale(Scale.current())
 *         .data(data);                       // or .data(DataKind.REAL, "source", checksums)
 * ... run ...
 * m.addResultsFile(csv).write(jsonPath);     // finish() is called by write if not yet done
 * }</pre>
 */
public final class Manifest {
    /** Keys every manifest has; {@link #read} checks them. */
    public static final List<String> REQUIRED_KEYS = List.of("experiment", "start_time", "wall_time_s", "scale",
            "seeds", "config", "git", "libraries", "device", "data");

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .disableHtmlEscaping().create();

    private final String experiment;
    private final Instant start;
    private final long startNanos;
    private Double wallSeconds;
    private JsonElement config = new JsonObject();
    private final List<Long> seeds = new ArrayList<>();
    private Scale scale = Scale.current();
    private DataKind dataKind;
    private String dataSource;
    private final Map<String, String> checksums = new LinkedHashMap<>();
    private boolean probeEngine = true;
    private String device;
    private final List<String> resultsFiles = new ArrayList<>();
    private final Map<String, String> notes = new LinkedHashMap<>();

    private Manifest(String experiment) {
        if (experiment == null || experiment.isBlank()) {
            throw new IllegalArgumentException("manifest: experiment name must not be blank");
        }
        this.experiment = experiment;
        this.start = Instant.now();
        this.startNanos = System.nanoTime();
    }

    /** Starts a manifest now (the start time and the wall-time clock begin here). */
    public static Manifest start(String experiment) {
        return new Manifest(experiment);
    }

    /** The configuration: any object Gson can serialise (a record, a map, a config class). */
    public Manifest config(Object config) {
        this.config = config == null ? JsonNull.INSTANCE : GSON.toJsonTree(config);
        return this;
    }

    /** The seeds used (appended). */
    public Manifest seeds(long... s) {
        for (long x : s) seeds.add(x);
        return this;
    }

    /** The scale (default {@link Scale#current()}). */
    public Manifest scale(Scale s) {
        this.scale = Objects.requireNonNull(s, "scale");
        return this;
    }

    /** The data: kind, free-text source and checksums (name &rarr; SHA-256 hex). */
    public Manifest data(DataKind kind, String source, Map<String, String> sha256) {
        this.dataKind = Objects.requireNonNull(kind, "data kind");
        this.dataSource = source;
        if (sha256 != null) checksums.putAll(sha256);
        return this;
    }

    /** The data from a dataset container: its kind, source and the SHA-256 of its sample content. */
    public Manifest data(MultimodalData data) {
        return data(DataKind.of(data), data.source(), Map.of(data.name() + " (sample content)", Provenance.sha256(data)));
    }

    /** The data as files: SHA-256 of each file. */
    public Manifest dataFiles(DataKind kind, String source, List<Path> files) {
        List<String> missing = Provenance.missing(files);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("manifest: data file(s) not found: " + missing);
        }
        return data(kind, source, Provenance.sha256(files));
    }

    /** Whether to load the PyTorch engine to record its version and device (default true). */
    public Manifest probeEngine(boolean probe) {
        this.probeEngine = probe;
        return this;
    }

    /** Overrides the device description (default: {@link Provenance#device(boolean)}). */
    public Manifest device(String d) {
        this.device = d;
        return this;
    }

    /** Records a results file this experiment wrote (stored by name, with its SHA-256 when it exists). */
    public Manifest addResultsFile(Path csv) {
        resultsFiles.add(csv.getFileName().toString() + (Files.isRegularFile(csv) ? " sha256:" + Provenance.sha256(csv) : ""));
        return this;
    }

    /** A free-text note (e.g. "protocol" &rarr; "paper oracle tau"). */
    public Manifest note(String key, String value) {
        notes.put(key, value);
        return this;
    }

    /** Stops the wall-time clock (idempotent: the first call counts). */
    public Manifest finish() {
        if (wallSeconds == null) {
            wallSeconds = (System.nanoTime() - startNanos) / 1e9;
        }
        return this;
    }

    /** The wall time so far (or at {@link #finish()}). */
    public Duration wallTime() {
        double s = wallSeconds != null ? wallSeconds : (System.nanoTime() - startNanos) / 1e9;
        return Duration.ofNanos((long) (s * 1e9));
    }

    /** The manifest as JSON (finishes the clock). */
    public JsonObject toJson() {
        finish();
        if (dataKind == null) {
            throw new IllegalStateException("manifest '" + experiment + "': data(...) was never given; every result "
                    + "must say whether its data is synthetic or real");
        }
        JsonObject o = new JsonObject();
        o.addProperty("experiment", experiment);
        o.addProperty("start_time", start.toString());
        o.addProperty("wall_time_s", wallSeconds);
        o.addProperty("scale", scale.toString());
        JsonArray s = new JsonArray();
        seeds.forEach(s::add);
        o.add("seeds", s);
        o.add("config", config);
        JsonObject git = new JsonObject();
        Provenance.git().ifPresentOrElse(g -> {
            git.addProperty("commit", g.commit());
            git.addProperty("dirty", g.dirty());
        }, () -> {
            git.add("commit", JsonNull.INSTANCE);
            git.addProperty("note", "git unavailable or not a checkout");
        });
        o.add("git", git);
        o.add("libraries", GSON.toJsonTree(Provenance.libraryVersions(probeEngine)));
        o.addProperty("device", device != null ? device : Provenance.device(probeEngine));
        JsonObject d = new JsonObject();
        d.addProperty("data_kind", dataKind.label());
        d.addProperty("source", dataSource);
        d.add("sha256", GSON.toJsonTree(checksums));
        o.add("data", d);
        o.add("results_files", GSON.toJsonTree(resultsFiles));
        if (!notes.isEmpty()) o.add("notes", GSON.toJsonTree(notes));
        return o;
    }

    /** Writes the manifest atomically (temp file, then rename). */
    public Manifest write(Path json) {
        String text = GSON.toJson(toJson()) + "\n";
        AtomicFiles.writeString(json, text);
        return this;
    }

    /**
     * Reads a manifest back and checks it has every {@link #REQUIRED_KEYS} key and a valid data kind.
     *
     * @throws IllegalArgumentException naming the file for unreadable JSON or missing keys
     */
    public static JsonObject read(Path json) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new IllegalArgumentException(json + ": manifest is not a JSON object");
            }
            o = e.getAsJsonObject();
        } catch (IOException e) {
            throw new IllegalArgumentException(json + ": cannot read manifest: " + e.getMessage(), e);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(json + ": corrupt manifest JSON: " + e.getMessage(), e);
        }
        List<String> missing = new ArrayList<>();
        for (String k : REQUIRED_KEYS) {
            if (!o.has(k)) missing.add(k);
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(json + ": manifest lacks key(s) " + missing);
        }
        JsonObject d = o.getAsJsonObject("data");
        DataKind.parse(d.has("data_kind") ? d.get("data_kind").getAsString() : null);
        return o;
    }
}
