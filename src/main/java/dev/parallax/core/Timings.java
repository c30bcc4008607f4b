package dev.parallax.core;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How long a run took, as Parallax measured it with System.nanoTime. Token stamps of local runs are
 * taken in the worker process (same monotonic clock), so isolation adds nothing to the rates.
 *
 * @param queueMs            from submission until the engine started working on the run
 * @param modelLoadMs        model load time, when this run had to load the model
 * @param ttftMs             from submission to the first non-empty token reaching Parallax
 * @param totalMs            from submission to the end of the run
 * @param promptTokensPerSecond     prompt tokens over the time to the first token, minus load
 * @param completionTokensPerSecond tokens after the first over the time between first and last token
 * @param engine             the engine's own timings, when it reports them
 */
public record Timings(
        double queueMs,
        OptionalDouble modelLoadMs,
        OptionalDouble ttftMs,
        double totalMs,
        OptionalDouble promptTokensPerSecond,
        OptionalDouble completionTokensPerSecond,
        Optional<EngineTimings> engine) {

    public Timings {
        java.util.Objects.requireNonNull(modelLoadMs, "modelLoadMs");
        java.util.Objects.requireNonNull(ttftMs, "ttftMs");
        java.util.Objects.requireNonNull(promptTokensPerSecond, "promptTokensPerSecond");
        java.util.Objects.requireNonNull(completionTokensPerSecond, "completionTokensPerSecond");
        java.util.Objects.requireNonNull(engine, "engine");
    }

    public static Timings none() {
        return new Timings(0, OptionalDouble.empty(), OptionalDouble.empty(), 0,
                OptionalDouble.empty(), OptionalDouble.empty(), Optional.empty());
    }
}
