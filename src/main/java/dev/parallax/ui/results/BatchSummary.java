package dev.parallax.ui.results;

import java.time.Instant;

/**
 * A batch in the list of past batches.
 *
 * @param resumable whether it stopped before the end (paused, cancelled, budget, interrupted) and can go on
 */
public record BatchSummary(String id, Instant createdAt, String dataset, String targets, String status, int done,
                           int total, boolean resumable, String reason) {
}
