package dev.parallax.history;

import dev.parallax.core.GenerationParams;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A saved comparison: one prompt on several targets, each run {@code repeat} times; the runs themselves are in
 * the runs table, linked by target index and repeat number.
 */
public record ComparisonRecord(String id, Instant createdAt, String prompt, Optional<String> system, List<String> targets,
                               int repeat, boolean sequential, GenerationParams params, List<Link> runs) {

    /** Which run is which target's which repeat. */
    public record Link(String runId, int targetIndex, int repeatNo) {
    }

    public ComparisonRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(system, "system");
        targets = List.copyOf(targets);
        Objects.requireNonNull(params, "params");
        runs = List.copyOf(runs);
    }
}
