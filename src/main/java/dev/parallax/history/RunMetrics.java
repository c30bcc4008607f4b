package dev.parallax.history;

import dev.parallax.core.RunCost;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunStatus;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The figures of one run that comparisons and batch statistics need, read from a {@link RunResult} as it ends or
 * from the runs table later; NaN-free: what was not measured is empty.
 */
public record RunMetrics(String runId, String target, RunStatus status, OptionalDouble ttftMs, double totalMs,
                         OptionalDouble tokensPerSecond, int promptTokens, int completionTokens,
                         Optional<BigDecimal> costUsd, String output, Optional<String> error, double startupMs) {

    /** As the canonical constructor, for a run that did not wait for its engine or a model load. */
    public RunMetrics(String runId, String target, RunStatus status, OptionalDouble ttftMs, double totalMs,
                      OptionalDouble tokensPerSecond, int promptTokens, int completionTokens,
                      Optional<BigDecimal> costUsd, String output, Optional<String> error) {
        this(runId, target, status, ttftMs, totalMs, tokensPerSecond, promptTokens, completionTokens, costUsd, output,
                error, 0);
    }

    public RunMetrics {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(ttftMs, "ttftMs");
        Objects.requireNonNull(tokensPerSecond, "tokensPerSecond");
        Objects.requireNonNull(costUsd, "costUsd");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(error, "error");
    }

    public static RunMetrics of(RunResult r) {
        return new RunMetrics(r.runId(), r.spec().target().toString(), r.status(), r.timings().ttftMs(),
                r.timings().totalMs(), r.timings().completionTokensPerSecond(), r.usage().promptTokens(),
                r.usage().completionTokens(), r.cost().map(RunCost::usd), r.text(), r.error(),
                startup(r.timings().queueMs(), r.timings().modelLoadMs()));
    }

    /** Time before the engine worked on the prompt: waiting for it (a worker starting) and loading the model. */
    public static double startup(double queueMs, OptionalDouble modelLoadMs) {
        return Math.max(0, queueMs) + Math.max(0, modelLoadMs.orElse(0));
    }

    public boolean succeeded() {
        return status == RunStatus.COMPLETED;
    }

    /** Selected from {@code runs r}: the columns {@link #read} needs. */
    static final String COLUMNS = "r.id AS run_id, r.target AS run_target, r.status AS run_status, r.ttft_ms, r.total_ms, "
            + "r.completion_tps, r.prompt_tokens, r.completion_tokens, r.cost_usd, r.output_text, r.error, r.queue_ms,"
            + " r.model_load_ms";

    static RunMetrics read(java.sql.ResultSet rs) throws java.sql.SQLException {
        double ttft = rs.getDouble("ttft_ms");
        OptionalDouble ttftMs = rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(ttft);
        double tps = rs.getDouble("completion_tps");
        OptionalDouble rate = rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(tps);
        BigDecimal cost = rs.getBigDecimal("cost_usd");
        String output = rs.getString("output_text");
        double queue = rs.getDouble("queue_ms");
        double load = rs.getDouble("model_load_ms");
        OptionalDouble loadMs = rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(load);
        return new RunMetrics(rs.getString("run_id"), rs.getString("run_target"), RunStatus.fromLabel(rs.getString("run_status")),
                ttftMs, rs.getDouble("total_ms"), rate, rs.getInt("prompt_tokens"), rs.getInt("completion_tokens"),
                Optional.ofNullable(cost).map(BigDecimal::stripTrailingZeros), output == null ? "" : output,
                Optional.ofNullable(rs.getString("error")), startup(queue, loadMs));
    }
}
