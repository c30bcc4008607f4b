package dev.parallax.core;

/**
 * What an engine reports while a run goes on. Every event carries a System.nanoTime stamp taken
 * where it happened (for local runs: in the worker process; the monotonic clock is shared).
 */
public sealed interface RunEvent {

    long nanos();

    /** The engine accepted the run and starts working on it (after any queueing). */
    record Started(long nanos, String engine, String engineBuild) implements RunEvent { }

    /** The model had to be loaded for this run; it took this long. */
    record ModelLoaded(long nanos, double loadMs) implements RunEvent { }

    /** A piece of output text: usually one token. */
    record Token(long nanos, String text) implements RunEvent { }

    /** Token counts, exact or estimated, and the engine's own timings when it has them. */
    record UsageReported(long nanos, Usage usage, java.util.Optional<EngineTimings> engineTimings) implements RunEvent { }

    /** The run ended normally: the model stopped, hit a stop string or the token limit. */
    record Completed(long nanos, String stopReason) implements RunEvent { }

    /** The run ended early without an end marker; partial text stands. */
    record Truncated(long nanos, String reason) implements RunEvent { }

    record Failed(long nanos, String message) implements RunEvent { }

    record Cancelled(long nanos) implements RunEvent { }

    default boolean isTerminal() {
        return this instanceof Completed || this instanceof Truncated || this instanceof Failed || this instanceof Cancelled;
    }
}
