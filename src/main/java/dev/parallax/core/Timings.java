package dev.parallax.core;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How long a run took, as Parallax measured it with System.nanoTime. Token stamps of local runs are
 * taken in the worker process (same monotonic clock), so isolation adds nothing to the rates.
 *
 * @param queueMs            from submission until the engine started working on the run (cloud: sent it)
 * @param modelLoadMs        model load time, when this run had to load the model
 * @param ttftMs             from submission to the first non-empty token reaching Parallax; for cloud
 *                           runs this includes every failed attempt and retry wait
 * @param totalMs            from submission to the end of the run
 * @param promptTokensPerSecond     prompt tokens over the time to the first token, minus load
 * @param completionTokensPerSecond tokens after the first over the time between first and last token
 * @param engine             the engine's own timings, when it reports them
 * @param attempts           requests sent for this run (cloud: retries included; local: 1)
 * @param retryWaitMs        time spent waiting between attempts
 * @param headersMs          from sending the last attempt to its response headers (cloud only)
 * @param firstByteMs        from sending the last attempt to the first byte of its body (cloud only)
 * @param ttftFromSendMs     from sending the last attempt to the first non-empty token (cloud only)
 */
public record Timings(
        double queueMs,
        OptionalDouble modelLoadMs,
        OptionalDouble ttftMs,
        double totalMs,
        OptionalDouble promptTokensPerSecond,
        OptionalDouble completionTokensPerSecond,
        Optional<EngineTimings> engine,
        int attempts,
        double retryWaitMs,
        OptionalDouble headersMs,
        OptionalDouble firstByteMs,
        OptionalDouble ttftFromSendMs) {

    public Timings {
        java.util.Objects.requireNonNull(modelLoadMs, "modelLoadMs");
        java.util.Objects.requireNonNull(ttftMs, "ttftMs");
        java.util.Objects.requireNonNull(promptTokensPerSecond, "promptTokensPerSecond");
        java.util.Objects.requireNonNull(completionTokensPerSecond, "completionTokensPerSecond");
        java.util.Objects.requireNonNull(engine, "engine");
        java.util.Objects.requireNonNull(headersMs, "headersMs");
        java.util.Objects.requireNonNull(firstByteMs, "firstByteMs");
        java.util.Objects.requireNonNull(ttftFromSendMs, "ttftFromSendMs");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts cannot be negative");
        }
    }

    /** Timings of a run with one attempt and no network phases (local runs). */
    public Timings(double queueMs, OptionalDouble modelLoadMs, OptionalDouble ttftMs, double totalMs,
                   OptionalDouble promptTokensPerSecond, OptionalDouble completionTokensPerSecond,
                   Optional<EngineTimings> engine) {
        this(queueMs, modelLoadMs, ttftMs, totalMs, promptTokensPerSecond, completionTokensPerSecond, engine,
                1, 0, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());
    }

    public static Timings none() {
        return new Timings(0, OptionalDouble.empty(), OptionalDouble.empty(), 0,
                OptionalDouble.empty(), OptionalDouble.empty(), Optional.empty());
    }
}
