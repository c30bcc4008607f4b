package dev.parallax.ui.results;

import java.util.OptionalDouble;

/**
 * What the charts draw for one target.
 *
 * @param latency         total time of completed runs: min, quartiles, max (empty when none completed)
 * @param tokensPerSecond median tokens/s of completed runs
 * @param costPer1000Rows known cost per 1,000 rows, in dollars
 * @param quality         pass rate of the checks, or the success rate when the batch has no checks
 */
public record TargetChart(String target, int completed, java.util.Optional<Box> latency, OptionalDouble tokensPerSecond,
                          OptionalDouble costPer1000Rows, double quality) {

    /** A box plot's five numbers, in milliseconds. */
    public record Box(double min, double q1, double median, double q3, double max) {
    }
}
