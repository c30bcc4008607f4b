package dev.parallax.history;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.parallax.core.ChatMessage;
import dev.parallax.core.CostBasis;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.HostFacts;
import dev.parallax.core.ModelIdentity;
import dev.parallax.core.PromptMode;
import dev.parallax.core.RunCost;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunSpec;
import dev.parallax.core.RunStatus;
import dev.parallax.core.Target;
import dev.parallax.core.Timings;
import dev.parallax.core.Usage;

/**
 * One stored run, as a history view shows it. A run that has not ended (running, or interrupted by a
 * stop of Parallax) has no end time, zero usage and {@link Timings#none()}.
 *
 * @param createdAt when the run was first recorded (its submission)
 * @param costUsd   the cost in US dollars, empty when unknown
 * @param costBasis how the cost was worked out, empty when unknown
 * @param stopReason      why the model stopped, when the engine or provider said so
 * @param providerTimings the provider's own timing figures in milliseconds; empty when none
 * @param costInputs      the figures the cost was computed from (prices, tokens, watts...); empty when none
 */
public record RunRecord(
        String id,
        Instant createdAt,
        Instant startedAt,
        Optional<Instant> endedAt,
        RunStatus status,
        RunSpec spec,
        ModelIdentity model,
        String output,
        Optional<String> error,
        Usage usage,
        Timings timings,
        HostFacts host,
        Optional<BigDecimal> costUsd,
        Optional<String> costBasis,
        Optional<String> stopReason,
        Map<String, Double> providerTimings,
        Map<String, String> costInputs) {

    public RunRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(timings, "timings");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(costUsd, "costUsd");
        Objects.requireNonNull(costBasis, "costBasis");
        Objects.requireNonNull(stopReason, "stopReason");
        providerTimings = Map.copyOf(Objects.requireNonNull(providerTimings, "providerTimings"));
        costInputs = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(costInputs, "costInputs")));
    }

    /** A record with no stop reason, provider timings or cost inputs. */
    public RunRecord(String id, Instant createdAt, Instant startedAt, Optional<Instant> endedAt, RunStatus status,
                     RunSpec spec, ModelIdentity model, String output, Optional<String> error, Usage usage,
                     Timings timings, HostFacts host, Optional<BigDecimal> costUsd, Optional<String> costBasis) {
        this(id, createdAt, startedAt, endedAt, status, spec, model, output, error, usage, timings, host, costUsd,
                costBasis, Optional.empty(), Map.of(), Map.of());
    }

    /** The cost as a {@link RunCost}, when it is known and its basis is one Parallax wrote. */
    public Optional<RunCost> cost() {
        if (costUsd.isEmpty() || costBasis.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RunCost(costUsd.get(), CostBasis.fromLabel(costBasis.get()), costInputs));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public Target target() {
        return spec.target();
    }

    public String prompt() {
        return spec.prompt();
    }

    public String systemPrompt() {
        return spec.systemPrompt();
    }

    public List<ChatMessage> messages() {
        return spec.messages();
    }

    public PromptMode mode() {
        return spec.mode();
    }

    public GenerationParams params() {
        return spec.params();
    }

    /** The run as a result, or empty while it has no end time (running or interrupted). */
    public Optional<RunResult> toRunResult() {
        return endedAt.map(end -> new RunResult(id, spec, status, output, error, usage, timings, model, host, startedAt,
                end, stopReason, providerTimings, cost()));
    }
}
