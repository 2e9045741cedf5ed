package dev.cider.study;

import ai.djl.engine.Engine;
import dev.cider.Environment;

import java.util.Map;
import java.util.Objects;

/**
 * Small helpers for the study's notebooks. Every notebook starts with the standard setup cell:
 * <pre>
 * import dev.cider.*;
 * import dev.cider.study.Notebooks;
 * Notebooks.setup();
 * </pre>
 */
public final class Notebooks {
    private Notebooks() {}

    /**
     * Prepares a notebook: applies the thread settings ({@code CIDER_THREADS}), keeps DJL's cache
     * under {@code target/} unless {@code DJL_CACHE_DIR} is set, seeds DJL with
     * {@link Environment#seed()} ({@code Engine.setRandomSeed}) and prints Java/DJL/PyTorch versions,
     * device, threads, scale, seed and git commit. Calling it again re-seeds, so a notebook re-run from
     * the top gives the same numbers.
     */
    public static void setup() {
        Environment.applyThreadSettings();
        Environment.useProjectDjlCache();
        int seed = Environment.seed();
        Engine.getInstance().setRandomSeed(seed);
        Map<String, String> info = Environment.describe();
        System.out.print(Environment.format(info));
    }

    /** Text shown as rendered Markdown by the cider-java kernel (its {@code toMarkdown()}) and as plain text elsewhere. */
    public static Markdown markdown(String text) {
        return new Markdown(text);
    }

    /** Markdown text for {@code display(...)}; the kernel renders any object with a {@code toMarkdown()} method. */
    public record Markdown(String text) {
        public Markdown {
            Objects.requireNonNull(text, "markdown text");
        }

        /** The Markdown source (the kernel shows it as {@code text/markdown}). */
        public String toMarkdown() {
            return text;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
