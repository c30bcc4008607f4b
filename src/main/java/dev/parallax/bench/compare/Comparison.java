package dev.parallax.bench.compare;

import dev.parallax.bench.stats.TargetComparison;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A finished (or reopened) comparison: each target's runs, statistics and badges, and who won what. */
public record Comparison(String id, Instant createdAt, String prompt, Optional<String> system, int repeat,
                         boolean sequential, List<TargetResult> targets, Map<Badge, String> winners,
                         List<TargetComparison> verdicts) {

    public Comparison {
        targets = List.copyOf(targets);
        winners = Map.copyOf(winners);
        verdicts = List.copyOf(verdicts);
    }
}
