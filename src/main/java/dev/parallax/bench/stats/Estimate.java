package dev.parallax.bench.stats;

/** A statistic and its 95% confidence interval (bootstrap percentile interval). NaN when there is no data. */
public record Estimate(double value, double low, double high) {

    public static final Estimate NONE = new Estimate(Double.NaN, Double.NaN, Double.NaN);

    public boolean isKnown() {
        return !Double.isNaN(value);
    }

    /** True when the interval lies wholly above or wholly below zero. */
    public boolean excludesZero() {
        return isKnown() && (low > 0 || high < 0);
    }
}
