package dev.parallax.bench.stats;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * What one target did over many runs. Timings come from completed runs only (a failed run's time says nothing
 * about speed); costs add up every run whose cost is known and count those whose cost is not.
 *
 * @param rows            distinct dataset rows (or prompts) the runs covered
 * @param costUsd         the known costs added up; empty when no run's cost is known
 * @param costPer1000Rows costUsd per row × 1,000, for rows with a known cost
 * @param passRates       by check, as written
 * @param passRate        every check of every run together
 */
public record TargetStats(String target, int runs, int succeeded, int failed, int rows, Distribution ttftMs,
                          Distribution totalMs, Distribution tokensPerSecond, long promptTokens, long completionTokens,
                          Optional<BigDecimal> costUsd, int costUnknownRuns, Optional<BigDecimal> costPer1000Rows,
                          Map<String, PassRate> passRates, PassRate passRate) {

    public TargetStats {
        passRates = Map.copyOf(passRates);
    }

    /** Succeeded runs over all runs, or NaN with no runs. */
    public double successRate() {
        return runs == 0 ? Double.NaN : (double) succeeded / runs;
    }
}
