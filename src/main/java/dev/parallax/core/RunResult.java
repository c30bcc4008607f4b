package dev.parallax.core;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything known about a finished run. Metrics are computed once, by {@link RunRecorder}; the cost is
 * added by the run path when it is known.
 *
 * @param stopReason      why the model stopped, as the engine or provider said it (stop, max_tokens,
 *                        end_turn, SAFETY...), when it said so
 * @param providerTimings the provider's own timing figures in milliseconds, keyed by name; empty when none
 * @param cost            what the run cost, when that can be known
 */
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
        Instant endedAt,
        Optional<String> stopReason,
        Map<String, Double> providerTimings,
        Optional<RunCost> cost) {

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
        Objects.requireNonNull(stopReason, "stopReason");
        providerTimings = Map.copyOf(Objects.requireNonNull(providerTimings, "providerTimings"));
        Objects.requireNonNull(cost, "cost");
    }

    /** A result with no stop reason, provider timings or cost. */
    public RunResult(String runId, RunSpec spec, RunStatus status, String text, Optional<String> error, Usage usage,
                     Timings timings, ModelIdentity model, HostFacts host, Instant startedAt, Instant endedAt) {
        this(runId, spec, status, text, error, usage, timings, model, host, startedAt, endedAt,
                Optional.empty(), Map.of(), Optional.empty());
    }

    public RunResult withCost(Optional<RunCost> runCost) {
        return new RunResult(runId, spec, status, text, error, usage, timings, model, host, startedAt, endedAt,
                stopReason, providerTimings, runCost);
    }

    /** The same result with another text (an answer whose redaction placeholders were put back). */
    public RunResult withText(String other) {
        return new RunResult(runId, spec, status, other, error, usage, timings, model, host, startedAt, endedAt,
                stopReason, providerTimings, cost);
    }

    public boolean succeeded() {
        return status == RunStatus.COMPLETED;
    }
}
