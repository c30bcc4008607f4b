package dev.parallax.history;

import dev.parallax.core.GenerationParams;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A batch run: which dataset, which targets (in order), how many repeats, the concurrency per lane, the budget,
 * the generation parameters and the checks, and where it stands.
 *
 * @param status     running, paused, completed, cancelled, budget (stopped at its budget) or interrupted
 * @param stopReason why it is not running, in words, when it stopped early
 * @param limits     lane (local, or a provider's name) → most runs at once
 * @param checks     the checks every row gets, as written (rows may add their own)
 */
public record BatchRecord(String id, String datasetId, Instant createdAt, Instant updatedAt, String status,
                          Optional<String> stopReason, List<String> targets, int repeat, Map<String, Integer> limits,
                          Optional<BigDecimal> budgetUsd, GenerationParams params, List<String> checks,
                          String engineChoice) {

    public BatchRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(datasetId, "datasetId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(stopReason, "stopReason");
        targets = List.copyOf(targets);
        limits = Map.copyOf(limits);
        Objects.requireNonNull(budgetUsd, "budgetUsd");
        Objects.requireNonNull(params, "params");
        checks = List.copyOf(checks);
        Objects.requireNonNull(engineChoice, "engineChoice");
    }
}
