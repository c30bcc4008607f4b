package dev.parallax.bench.stats;

/** Median, p95 and p99 of a measurement, each with its 95% confidence interval, and how many values it rests on. */
public record Distribution(int n, Estimate p50, Estimate p95, Estimate p99, double mean) {

    public static final Distribution EMPTY = new Distribution(0, Estimate.NONE, Estimate.NONE, Estimate.NONE, Double.NaN);
}
