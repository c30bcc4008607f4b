package dev.parallax.bench.stats;

/**
 * One target against another on one measurement: the difference of their medians (a minus b) with its 95%
 * confidence interval, and the sentence that says what can be claimed.
 */
public record TargetComparison(String a, String b, String metric, String unit, Estimate difference, String verdict) {
}
