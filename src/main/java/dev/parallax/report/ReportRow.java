package dev.parallax.report;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One run in a report's details.
 *
 * @param row      the dataset row number (batches), else 0
 * @param repeat   which repeat of the row or prompt, from 1
 * @param prompt   the prompt, for batches and history selections (a comparison's is in the summary)
 * @param target   the target that ran it
 * @param privacy  the privacy action taken, when a decision was stored
 * @param requestedTarget the batch's or comparison's target it was run for, which the statistics count it under; not
 *                 {@code target} when the privacy gate sent the prompt to a local model instead
 */
public record ReportRow(int row, String target, int repeat, String runId, String status, OptionalDouble ttftMs,
                        double totalMs, OptionalDouble tokensPerSecond, int promptTokens, int completionTokens,
                        Optional<BigDecimal> costUsd, String prompt, String output, Optional<String> error,
                        Optional<String> privacy, String requestedTarget) {

    /** Whether it ran somewhere other than where it was asked to. */
    public boolean rerouted() {
        return !target.equals(requestedTarget);
    }

    /** The target as the page formats name it: "asked (ran on actual)" when they differ. */
    public String targetText() {
        return rerouted() ? requestedTarget + " (ran on " + target + ")" : target;
    }
}
