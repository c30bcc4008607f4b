package dev.parallax.bench.compare;

import dev.parallax.bench.stats.TargetStats;
import dev.parallax.history.RunMetrics;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One target's part of a comparison: its runs in repeat order, their statistics, its badges, and why it did not
 * run when it was refused (unknown model, missing key...).
 */
public record TargetResult(int index, String target, List<RunMetrics> runs, TargetStats stats, Set<Badge> badges,
                           Optional<String> refused) {

    public TargetResult {
        runs = List.copyOf(runs);
        badges = Set.copyOf(badges);
    }

    /** The answer of the first completed run (or of the first run, when none completed). */
    public String answer() {
        return runs.stream().filter(RunMetrics::succeeded).findFirst().or(() -> runs.stream().findFirst())
                .map(RunMetrics::output).orElse("");
    }
}
