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
 * @param privacy  the privacy action taken, when a decision was stored
 */
public record ReportRow(int row, String target, int repeat, String runId, String status, OptionalDouble ttftMs,
                        double totalMs, OptionalDouble tokensPerSecond, int promptTokens, int completionTokens,
                        Optional<BigDecimal> costUsd, String prompt, String output, Optional<String> error,
                        Optional<String> privacy) {
}
