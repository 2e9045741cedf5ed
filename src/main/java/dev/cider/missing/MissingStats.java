package dev.cider.missing;

import dev.cider.data.Sample;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

import java.util.List;

/**
 * Measurements on missing views: the fraction of droppable positions actually dropped, per modality,
 * and the nesting of masks across rates (reference spec 3.3).
 */
public final class MissingStats {
    private MissingStats() {}

    /** Fractions of droppable positions dropped, per modality. */
    public record DropFractions(double text, double audio, double vision) {
        public double get(Modality m) {
            return switch (m) {
                case TEXT -> text;
                case AUDIO -> audio;
                case VISION -> vision;
            };
        }
    }

    /**
     * Drop fractions over a list of views: text over the droppable tokens (valid minus [CLS]/[SEP]),
     * audio and vision over the valid frames. A modality with no droppable position gives NaN.
     */
    public static DropFractions dropFractions(List<MissingView> views) {
        long[] dropped = new long[3];
        long[] eligible = new long[3];
        for (MissingView v : views) {
            for (Modality m : Modality.values()) {
                dropped[m.ordinal()] += v.droppedCount(m);
                int valid = v.validCount(m);
                eligible[m.ordinal()] += m == Modality.TEXT ? Math.max(0, valid - 2) : valid;
            }
        }
        return new DropFractions(ratio(dropped[0], eligible[0]), ratio(dropped[1], eligible[1]),
                ratio(dropped[2], eligible[2]));
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }

    /** Whether every position dropped in {@code lower} is also dropped in {@code higher} (all modalities). */
    public static boolean isNested(MissingView lower, MissingView higher) {
        return nestingViolations(lower, higher) == 0;
    }

    /** Number of positions dropped in {@code lower} but present in {@code higher}. */
    public static int nestingViolations(MissingView lower, MissingView higher) {
        int n = 0;
        for (Modality m : Modality.values()) {
            float[] a = lower.missing(m);
            float[] b = higher.missing(m);
            float[] mask = lower.mask(m);
            if (a.length != b.length) {
                throw new IllegalArgumentException("views of different samples: " + m + " lengths " + a.length
                        + " vs " + b.length);
            }
            for (int t = 0; t < a.length; t++) {
                if (mask[t] > 0.5f && a[t] < 0.5f && b[t] > 0.5f) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * Nesting violations of a pattern over a split and an increasing rate grid: the sum over samples and
     * consecutive rates of {@link #nestingViolations}. 0 means nested.
     */
    public static long nestingViolations(MissingPattern pattern, List<Sample> samples, double[] rates, long splitSeed) {
        checkIncreasing(rates);
        long n = 0;
        List<MissingView> prev = null;
        for (double r : rates) {
            List<MissingView> cur = pattern.applyAll(samples, r, splitSeed);
            if (prev != null) {
                for (int i = 0; i < cur.size(); i++) {
                    n += nestingViolations(prev.get(i), cur.get(i));
                }
            }
            prev = cur;
        }
        return n;
    }

    /**
     * A table with one row per (pattern, rate): the measured drop fraction of text, audio and vision over
     * {@code samples}, each sample seeded by {@link MissingSeeds#sampleSeed}(splitSeed, i).
     */
    public static Table dropFractionTable(List<? extends MissingPattern> patterns, List<Sample> samples,
                                          double[] rates, long splitSeed) {
        StringColumn name = StringColumn.create("pattern");
        DoubleColumn rate = DoubleColumn.create("rate");
        DoubleColumn text = DoubleColumn.create("text");
        DoubleColumn audio = DoubleColumn.create("audio");
        DoubleColumn vision = DoubleColumn.create("vision");
        for (MissingPattern p : patterns) {
            for (double r : rates) {
                DropFractions f = dropFractions(p.applyAll(samples, r, splitSeed));
                name.append(p.name());
                rate.append(r);
                text.append(f.text());
                audio.append(f.audio());
                vision.append(f.vision());
            }
        }
        for (DoubleColumn c : List.of(text, audio, vision)) {
            c.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
        }
        return Table.create("drop fraction by rate", name, rate, text, audio, vision);
    }

    /** Drop fractions at each rate for one pattern: result[modality.ordinal()][rate index]. */
    public static double[][] dropFractionCurves(MissingPattern pattern, List<Sample> samples, double[] rates,
                                                long splitSeed) {
        double[][] out = new double[3][rates.length];
        for (int i = 0; i < rates.length; i++) {
            DropFractions f = dropFractions(pattern.applyAll(samples, rates[i], splitSeed));
            for (Modality m : Modality.values()) {
                out[m.ordinal()][i] = f.get(m);
            }
        }
        return out;
    }

    /**
     * A table with one row per pattern: how many (sample, position, consecutive-rate pair) cases were
     * checked over {@code rates} (increasing) and how many broke nesting (dropped at r, present at r' &gt; r).
     */
    public static Table nestingTable(List<? extends MissingPattern> patterns, List<Sample> samples, double[] rates,
                                     long splitSeed) {
        checkIncreasing(rates);
        StringColumn name = StringColumn.create("pattern");
        DoubleColumn checked = DoubleColumn.create("dropped positions checked");
        DoubleColumn violations = DoubleColumn.create("violations");
        checked.setPrintFormatter(NumberColumnFormatter.ints());
        violations.setPrintFormatter(NumberColumnFormatter.ints());
        for (MissingPattern p : patterns) {
            long n = 0;
            long bad = 0;
            List<MissingView> prev = null;
            for (double r : rates) {
                List<MissingView> cur = p.applyAll(samples, r, splitSeed);
                if (prev != null) {
                    for (int i = 0; i < cur.size(); i++) {
                        for (Modality m : Modality.values()) {
                            n += prev.get(i).droppedCount(m);
                        }
                        bad += nestingViolations(prev.get(i), cur.get(i));
                    }
                }
                prev = cur;
            }
            name.append(p.name());
            checked.append(n);
            violations.append(bad);
        }
        return Table.create("nesting across rates", name, checked, violations);
    }

    /**
     * Per-sample drop fraction of one modality (text over its droppable tokens, audio/vision over valid
     * frames); NaN for a sample without droppable positions.
     */
    public static double[] perSampleDropFractions(List<MissingView> views, Modality m) {
        double[] out = new double[views.size()];
        for (int i = 0; i < out.length; i++) {
            MissingView v = views.get(i);
            int valid = v.validCount(m);
            int eligible = m == Modality.TEXT ? Math.max(0, valid - 2) : valid;
            out[i] = ratio(v.droppedCount(m), eligible);
        }
        return out;
    }

    static void checkIncreasing(double[] rates) {
        for (int i = 0; i < rates.length; i++) {
            MissingRates.check("rate grid entry " + i, rates[i]);
            if (i > 0 && !(rates[i] > rates[i - 1])) {
                throw new IllegalArgumentException("rate grid must increase: " + rates[i - 1] + " then " + rates[i]);
            }
        }
    }
}
