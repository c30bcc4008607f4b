package dev.parallax.history;

import dev.parallax.core.HostFacts;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a report needs to know about a run besides its figures: when, on which machine, through which engine
 * build, and what its cost was computed from.
 *
 * @param costInputs empty when the cost is unknown
 */
public record RunFacts(String runId, Instant startedAt, String provider, String engine, String engineBuild,
                       HostFacts host, Map<String, String> costInputs) {

    public RunFacts {
        Objects.requireNonNull(runId, "runId");
        costInputs = Map.copyOf(costInputs);
    }
}
