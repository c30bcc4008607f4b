package dev.parallax.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Everything known about a finished run. Metrics are computed once, by {@link RunRecorder}. */
public record RunResult(
        String runId,
        RunSpec spec,
        RunStatus status,
        String text,
        Optional<String> error,
        Usage usage,
        Timings timings,
        ModelIdentity model,
        HostFacts host,
        Instant startedAt,
        Instant endedAt) {

    public RunResult {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(timings, "timings");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
    }

    public boolean succeeded() {
        return status == RunStatus.COMPLETED;
    }
}
