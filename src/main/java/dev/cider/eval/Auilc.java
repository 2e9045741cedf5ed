package dev.cider.eval;

/**
 * Area Under the Indicators Line Chart (paper section IV-C, eq. 31; reference spec section 2.5): the
 * trapezoid Σ_i (m_i + m_{i+1})·(r_{i+1} − r_i)/2 of a metric against the missing rate, with the literal
 * rate values (so {@code decreasing} in the oracle gives 0.6845000000000001, not 0.6845).
 */
public final class Auilc {
    private Auilc() {}

    /** The paper's missing-rate grid 0.0, 0.1, ..., 1.0 (11 values, i/10 as decimal literals). */
    public static double[] standardRates() {
        double[] r = new double[11];
        for (int i = 0; i <= 10; i++) {
            r[i] = Double.parseDouble("0." + i);
        }
        r[10] = 1.0;
        return r;
    }

    /** AUILC over {@link #standardRates()}; {@code values} must have 11 entries. */
    public static double of(double[] values) {
        return of(standardRates(), values);
    }

    /**
     * Trapezoidal area of {@code values} against {@code rates}, summed left to right.
     *
     * @throws IllegalArgumentException if lengths differ, there are fewer than 2 points, a value or rate is
     *     not finite, or rates are not strictly increasing
     */
    public static double of(double[] rates, double[] values) {
        if (rates == null || values == null) {
            throw new IllegalArgumentException("AUILC: rates and values must not be null");
        }
        if (rates.length != values.length) {
            throw new IllegalArgumentException("AUILC: " + rates.length + " rates but " + values.length + " values");
        }
        if (rates.length < 2) {
            throw new IllegalArgumentException("AUILC: need at least 2 points, got " + rates.length);
        }
        for (int i = 0; i < rates.length; i++) {
            if (!Double.isFinite(rates[i])) {
                throw new IllegalArgumentException("AUILC: rate[" + i + "] is not finite: " + rates[i]);
            }
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("AUILC: value[" + i + "] (rate " + rates[i] + ") is not finite: "
                        + values[i]);
            }
            if (i > 0 && !(rates[i] > rates[i - 1])) {
                throw new IllegalArgumentException("AUILC: rates must be strictly increasing, but rate[" + i + "] = "
                        + rates[i] + " follows " + rates[i - 1]);
            }
        }
        double area = 0.0;
        for (int i = 0; i + 1 < rates.length; i++) {
            area += (values[i] + values[i + 1]) * (rates[i + 1] - rates[i]) / 2;
        }
        return area;
    }

    /**
     * AUILC of each metric from per-rate results (reference {@code main_eval.py}: each rate with its own
     * oracle &tau;): {@code perRate.get(i)} holds the metrics at {@code rates[i]}.
     *
     * @throws IllegalArgumentException if the list length differs from the rates or a metric is absent at a rate
     */
    public static java.util.Map<Metric, Double> perMetric(double[] rates, java.util.List<java.util.Map<Metric, Double>> perRate) {
        if (perRate == null || perRate.size() != rates.length) {
            throw new IllegalArgumentException("AUILC: " + rates.length + " rates but "
                    + (perRate == null ? 0 : perRate.size()) + " per-rate results");
        }
        java.util.Map<Metric, Double> out = new java.util.EnumMap<>(Metric.class);
        for (Metric m : perRate.get(0).keySet()) {
            double[] v = new double[rates.length];
            for (int i = 0; i < rates.length; i++) {
                Double x = perRate.get(i).get(m);
                if (x == null) {
                    throw new IllegalArgumentException("AUILC: metric " + m + " missing at rate " + rates[i]);
                }
                v[i] = x;
            }
            out.put(m, of(rates, v));
        }
        return out;
    }
}
